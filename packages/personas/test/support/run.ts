// Running programs on the offline persona model in tests, with a usage ledger to count calls.
import { type LanguageModel, LanguageModelCache, UsageLedger } from "@preflight/core-signatures"
import { Effect, Layer } from "effect"
import { OfflinePersonaModel } from "../../src/offline/offline-persona-model.ts"
import type { Persona } from "../../src/persona/persona.ts"

export const offlineLayer = (seed = 1) =>
  Layer.mergeAll(OfflinePersonaModel.layer({ seed }), LanguageModelCache.layerMemory())

/** Runs an effect on the offline model; returns its value and the ledger of the calls it made. */
export const runOffline = <A, E>(
  effect: Effect.Effect<A, E, LanguageModel>,
  seed = 1
): Promise<{ value: A; ledger: UsageLedger }> => {
  const ledger = new UsageLedger()
  return Effect.runPromise(
    effect.pipe(
      Effect.provideService(UsageLedger.Current, ledger),
      Effect.provide(offlineLayer(seed)),
      Effect.map((value) => ({ value, ledger }))
    )
  )
}

/**
 * A persona with neutral traits, changed by `traits` and `overrides`. By default it is an archetype typical of
 * 100,000 customers, so the offline model's idiosyncratic taste (sd 0.06 / √members) is negligible and tests
 * of the documented directions compare mean reactions.
 */
export const persona = (traits: Partial<Persona["traits"]> = {}, overrides: Partial<Persona> = {}): Persona => ({
  id: "p",
  segmentId: "s1",
  weight: 1,
  source: "sampled",
  demographics: { age: 40 },
  valueTier: "medium",
  lifecycleStage: "active",
  traits: {
    priceSensitivity: 0.5,
    urgencyResponsiveness: 0.5,
    brandLoyalty: 0.5,
    channelAffinity: { email: 0.5, sms: 0.5 },
    contentInterests: [],
    fatigueTolerance: 0.5,
    preferredContactTimes: [],
    ...traits
  },
  purchaseHistory: { purchases: 3, revenue: 150, averageOrderValue: 50 },
  exposures: { touches: [] },
  members: 100_000,
  ...overrides
})
