// `Idempotency-Key` on POSTs that create or change things (draft-ietf-httpapi-idempotency-key-header): the
// first request with a key claims it and its response is stored; a retry with the same key and the same request
// gets that response again (marked `Idempotent-Replayed: true`); the same key with another request is refused
// with 422, and a retry while the first is still being answered with 409. Server faults (5xx) are not stored,
// so a retry after one runs again. Records are per API key and kept 24 hours.
import { createHash } from "node:crypto"
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "@preflight/storage"
import { Exit } from "effect"
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "../http/api-env.ts"
import { problemResponse } from "../http/problem.ts"
import { type AccessLogSink, failureResponse } from "../http/run-effect.ts"
import type { ApiRuntime } from "../runtime.ts"

const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,255}$/

export const idempotent =
  (runtime: ApiRuntime, log: AccessLogSink): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const idempotencyKey = c.req.header("idempotency-key")
    const apiKey = c.get("apiKey")
    if (idempotencyKey === undefined || apiKey === undefined) return next()
    if (!ACCEPTABLE_KEY.test(idempotencyKey))
      return problemResponse(c, {
        status: 400,
        kind: "invalid-request",
        title: "The Idempotency-Key header is invalid",
        detail: "use 1 to 255 visible ASCII characters, e.g. a UUID",
        extra: { errors: [{ path: "header.idempotency-key", message: "1 to 255 visible ASCII characters" }] }
      })
    // The body is read once here; Hono keeps it for the route's own validator.
    const body = new Uint8Array(await c.req.arrayBuffer())
    const requestHash = createHash("sha256")
      .update(`${c.req.method} ${new URL(c.req.url).pathname}${new URL(c.req.url).search}\n`)
      .update(body)
      .digest("hex")
    const claim = await runtime.runPromiseExit(claimIdempotencyKey(apiKey.keyId, idempotencyKey, requestHash))
    if (Exit.isFailure(claim)) return failureResponse(c, claim.cause, log)
    if (!claim.value.claimed) {
      const { record } = claim.value
      if (record.requestHash !== requestHash)
        return problemResponse(c, {
          status: 422,
          kind: "idempotency-key-reused",
          title: "This Idempotency-Key was used for another request",
          detail: "a key identifies one request; use a new key for a different body or route"
        })
      if (record.statusCode === null || record.responseBody === null)
        return problemResponse(c, {
          status: 409,
          kind: "idempotency-key-in-flight",
          title: "The first request with this Idempotency-Key is still being answered",
          headers: { "retry-after": "1" }
        })
      const headers = new Headers({ "idempotent-replayed": "true" })
      if (record.contentType !== null) headers.set("content-type", record.contentType)
      if (record.location !== null) headers.set("location", record.location)
      return new Response(record.responseBody, { status: record.statusCode, headers })
    }
    await next()
    const response = c.res
    const outcome =
      response.status >= 500
        ? await runtime.runPromiseExit(releaseIdempotencyKey(apiKey.keyId, idempotencyKey))
        : await runtime.runPromiseExit(
            completeIdempotencyKey(apiKey.keyId, idempotencyKey, {
              statusCode: response.status,
              contentType: response.headers.get("content-type"),
              location: response.headers.get("location"),
              responseBody: await response.clone().text()
            })
          )
    // The work is done and answered; a failure to record it only costs the replay, so it is logged, not returned.
    if (Exit.isFailure(outcome))
      log({
        time: new Date().toISOString(),
        level: "error",
        msg: "idempotency record not saved",
        request_id: c.get("requestId")
      })
  }
