// RFC 9457 problem details: every error the API answers with is one of these, as application/problem+json,
// with the request id so a report can be matched with the access log.
import type { Problem } from "@preflight/client"
import type { Context } from "hono"
import type { ApiEnv } from "./api-env.ts"

export const PROBLEM_CONTENT_TYPE = "application/problem+json"

export interface ProblemInit {
  readonly status: number
  /** A short kebab-case name of the kind of problem; the `type` URI is built from it. */
  readonly kind: string
  readonly title: string
  readonly detail?: string | undefined
  readonly extra?: Readonly<Record<string, unknown>> | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** The problem document (`type` is a relative URI reference, resolved against the API's origin). */
export const problemBody = (init: ProblemInit, instance: string, requestId: string | undefined): Problem => ({
  type: `/problems/${init.kind}`,
  title: init.title,
  status: init.status,
  ...(init.detail === undefined ? {} : { detail: init.detail }),
  instance,
  ...(requestId === undefined ? {} : { request_id: requestId }),
  ...init.extra
})

/** A problem+json response for the current request. */
export const problemResponse = (c: Context<ApiEnv>, init: ProblemInit): Response => {
  const headers = new Headers(init.headers)
  headers.set("content-type", PROBLEM_CONTENT_TYPE)
  return new Response(JSON.stringify(problemBody(init, c.req.path, c.get("requestId"))), {
    status: init.status,
    headers
  })
}
