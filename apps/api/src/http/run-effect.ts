// Runs a handler's effect on the API runtime and turns its outcome into a response: the value through the
// handler's own `respond`, a typed failure through `problemForFailure`, anything else into a logged 500.
import { Cause, type Effect, Exit } from "effect"
import type { Context } from "hono"
import type { ApiRuntime, ApiServices } from "../runtime.ts"
import type { ApiEnv } from "./api-env.ts"
import { problemForFailure } from "./failure-problem.ts"
import { problemResponse } from "./problem.ts"

export type AccessLogSink = (entry: Readonly<Record<string, unknown>>) => void

/** The response for a failed effect; defects are logged with the request id (never with the request body). */
export const failureResponse = (c: Context<ApiEnv>, cause: Cause.Cause<unknown>, log: AccessLogSink): Response => {
  const failure = Cause.findErrorOption(cause)
  const problem = failure._tag === "Some" ? problemForFailure(failure.value) : undefined
  if (problem !== undefined) return problemResponse(c, problem)
  if (Cause.hasInterruptsOnly(cause))
    return problemResponse(c, { status: 503, kind: "cancelled", title: "The request was cancelled" })
  log({
    time: new Date().toISOString(),
    level: "error",
    msg: "unhandled failure",
    request_id: c.get("requestId"),
    failure: failure._tag === "Some" ? describe(failure.value) : "defect",
    cause: Cause.pretty(cause)
  })
  return problemResponse(c, {
    status: 500,
    kind: "internal",
    title: "Internal error",
    detail: "the failure was logged"
  })
}

const describe = (failure: unknown): string =>
  typeof failure === "object" && failure !== null && "_tag" in failure ? String(failure._tag) : typeof failure

export type EffectRunner = <A, E>(
  c: Context<ApiEnv>,
  effect: Effect.Effect<A, E, ApiServices>,
  respond: (value: A) => Response | Promise<Response>
) => Promise<Response>

export const makeEffectRunner =
  (runtime: ApiRuntime, log: AccessLogSink): EffectRunner =>
  async (c, effect, respond) => {
    // A client that disconnects interrupts the work it asked for.
    const exit = await runtime.runPromiseExit(effect, { signal: c.req.raw.signal })
    return Exit.isSuccess(exit) ? respond(exit.value) : failureResponse(c, exit.cause, log)
  }
