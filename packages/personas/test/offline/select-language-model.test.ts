// The default language model: OpenAI when a key is configured (read through Config), the offline persona
// model otherwise.
import { LanguageModel } from "@preflight/core-signatures"
import { ConfigProvider, Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { OFFLINE_PROVIDER } from "../../src/offline/offline-persona-model.ts"
import { defaultLanguageModelLayer } from "../../src/offline/select-language-model.ts"

const providerWith = (config: Record<string, string>) =>
  Effect.runPromise(
    Effect.map(LanguageModel, (lm) => lm.provider).pipe(
      Effect.provide(
        defaultLanguageModelLayer({ seed: 3 }).pipe(
          Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(config)))
        )
      )
    )
  )

describe("defaultLanguageModelLayer", () => {
  it("is the offline persona model without an API key", async () => {
    expect(await providerWith({})).toBe(OFFLINE_PROVIDER)
  })
  it("is the OpenAI layer with one", async () => {
    expect(await providerWith({ OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "gpt-4o-mini" })).toBe("openai")
  })
})
