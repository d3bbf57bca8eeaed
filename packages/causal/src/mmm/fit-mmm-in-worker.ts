// `fitMmmInWorker`: the same fit as `fitMmm`, with its sampling in a worker thread, so a server's event loop
// never waits on it. Interrupting the fiber terminates the worker.
import { Worker } from "node:worker_threads"
import type { LbfgsResult } from "@preflight/numeric"
import { Effect } from "effect"
import type { CausalInputError } from "../errors.ts"
import {
  assembleMmmFit,
  buildMmmDesign,
  checkMmmInput,
  type MmmFit,
  type MmmInput,
  type MmmOptions
} from "./fit-mmm.ts"
import type { NutsChain } from "./nuts.ts"

/** What the worker posts back: the posterior mode and every chain. */
interface Sampled {
  readonly mode: LbfgsResult
  readonly chains: ReadonlyArray<NutsChain>
}

/** Plain copies of the inputs (typed arrays and plain objects), as a worker's structured clone needs. */
const cloneable = (input: MmmInput): MmmInput => ({
  ...input,
  target: Float64Array.from(input.target),
  channels: input.channels.map((channel) => ({ ...channel, spend: Float64Array.from(channel.spend) })),
  ...(input.controls === undefined
    ? {}
    : { controls: input.controls.map((control) => ({ ...control, values: Float64Array.from(control.values) })) }),
  ...(input.seasonality === undefined
    ? {}
    : { seasonality: { ...input.seasonality, dayOfYear: Float64Array.from(input.seasonality.dayOfYear) } })
})

/**
 * Fits a Bayesian MMM like {@link fitMmm}, same seed, same draws, with the design, the posterior mode and the
 * NUTS chains computed in a `node:worker_threads` worker; the summaries are assembled on the calling thread.
 * Bad input fails before the worker starts; interrupting the returned effect terminates the worker.
 */
export const fitMmmInWorker = (input: MmmInput, options: MmmOptions = {}): Effect.Effect<MmmFit, CausalInputError> =>
  Effect.gen(function* () {
    const problem = checkMmmInput(input, options)
    if (problem !== undefined) return yield* Effect.fail(problem)
    const plainInput = cloneable(input)
    const sampled = yield* Effect.callback<Sampled>((resume) => {
      let settled = false
      const settle = (outcome: Effect.Effect<Sampled>) => {
        if (settled) return
        settled = true
        resume(outcome)
      }
      const worker = new Worker(new URL("./fit-mmm-worker.ts", import.meta.url), {
        workerData: { input: plainInput, options }
      })
      worker.once("message", (message: Sampled) => settle(Effect.succeed(message)))
      worker.once("error", (error) => settle(Effect.die(error)))
      worker.once("exit", (code) => settle(Effect.die(new Error(`the MMM worker exited with code ${code}`))))
      return Effect.promise(() => worker.terminate())
    })
    return assembleMmmFit(plainInput, options, buildMmmDesign(plainInput, options), sampled.mode, sampled.chains)
  })
