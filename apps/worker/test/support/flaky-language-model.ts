// A language-model layer that wraps another and fails a set share of its calls the way an OpenAI-compatible
// endpoint does: HTTP 429 (`LmRateLimited`) or 500 (`LmServerError`), the typed errors the real client raises.
// Whether a call fails is a pure function of the seed, the request and how many times that request was sent
// before, so a retried call draws again and a run is reproducible.
import { createHash } from "node:crypto"
import { LanguageModel, LmRateLimited, LmServerError } from "@preflight/core-signatures"
import { type Config, Effect, Layer } from "effect"

export interface InjectedFaults {
  calls: number
  failed: number
}

/** `base` failing `failureRate` of its calls; `faults` counts what was injected. */
export const flakyLanguageModel = (
  base: Layer.Layer<LanguageModel, Config.ConfigError>,
  options: { readonly failureRate: number; readonly seed: number; readonly faults: InjectedFaults }
): Layer.Layer<LanguageModel, Config.ConfigError> =>
  Layer.effect(
    LanguageModel,
    Effect.map(LanguageModel, (model) => {
      const sent = new Map<string, number>()
      return LanguageModel.of({
        ...model,
        complete: (request) =>
          Effect.suspend(() => {
            const key = JSON.stringify(request)
            const attempt = sent.get(key) ?? 0
            sent.set(key, attempt + 1)
            options.faults.calls++
            const digest = createHash("sha256").update(`${options.seed}:${attempt}:${key}`).digest()
            if (digest.readUInt32BE(0) / 2 ** 32 >= options.failureRate) return model.complete(request)
            options.faults.failed++
            const detail = "injected by the test"
            return Effect.fail(
              (digest[4] ?? 0) % 2 === 0
                ? new LmRateLimited({ status: 429, retryAfterMs: undefined, attempts: 1, detail })
                : new LmServerError({ status: 500, attempts: 1, detail })
            )
          })
      })
    })
  ).pipe(Layer.provide(base))
