// A dependency that fails a set share of its calls with a rate limit (429) or a server error (500), the way a
// language-model endpoint does. Which calls fail is a pure function of the seed, the call's key and the attempt,
// so a run is reproducible.
import { createHash } from "node:crypto"
import { Context, Data, Effect, Layer } from "effect"

export class UpstreamUnavailable extends Data.TaggedError("UpstreamUnavailable")<{
  readonly status: 429 | 500
  readonly key: string
}> {
  readonly retryable = true
  override get message(): string {
    return `upstream answered ${this.status} for ${this.key}`
  }
}

export class Upstream extends Context.Service<
  Upstream,
  { readonly call: (key: string, attempt: number) => Effect.Effect<string, UpstreamUnavailable> }
>()("@preflight/worker/test/Upstream") {
  static readonly layer = (options: { readonly failureRate: number; readonly seed: number }) =>
    Layer.succeed(Upstream, {
      call: (key, attempt) =>
        Effect.suspend(() => {
          const digest = createHash("sha256").update(`${options.seed}:${key}:${attempt}`).digest()
          const uniform = digest.readUInt32BE(0) / 2 ** 32
          if (uniform < options.failureRate)
            return Effect.fail(new UpstreamUnavailable({ status: (digest[4] ?? 0) % 2 === 0 ? 429 : 500, key }))
          return Effect.succeed(`reply to ${key}`)
        })
    })
}
