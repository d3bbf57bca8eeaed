// The panel runner and aggregation: same seed → same reactions; weights carried; archetype deduplication
// saves calls and keeps segment means close; aggregation by weight; typed errors for bad panels.
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { aggregateSegment, weightedQuantile } from "../../src/panel/aggregate-segment.ts"
import { archetypesFor } from "../../src/panel/archetypes.ts"
import { reactPanel } from "../../src/panel/react-panel.ts"
import type { Persona } from "../../src/persona/persona.ts"
import { samplePersonas } from "../../src/priors/persona-factory.ts"
import { PersonaResponseModule } from "../../src/programs/persona-response-module.ts"
import { knownPriors } from "../support/priors.ts"
import { offlineLayer } from "../support/run.ts"

const sample = (count: number, seed: number): ReadonlyArray<Persona> => {
  const result = samplePersonas(knownPriors, { count, seed, contactRates: { email: 6, sms: 2 } })
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

const creatives = [
  { id: "v1", text: "Ends tonight: 30% off all running shoes. Shop now!" },
  { id: "v2", text: "Hi {{first_name}}, we picked these new trail boots for you. See details." }
]

const run = (personas: ReadonlyArray<Persona>, seed: number, dedup?: { resolution: number }) =>
  Effect.runPromise(
    reactPanel({
      personas,
      creatives,
      channels: ["email", "sms"],
      module: new PersonaResponseModule(),
      ...(dedup === undefined ? {} : { dedup })
    }).pipe(Effect.provide(offlineLayer(seed)))
  )

describe("reactPanel", () => {
  const personas = sample(300, 21)

  it("gives the same reactions for the same seed, and every persona × creative × channel a weighted reaction", async () => {
    const first = await run(personas, 5)
    const again = await run(personas, 5)
    expect(again.reactions).toEqual(first.reactions)
    expect(first.reactions).toHaveLength(300 * 2 * 2)
    expect(first.programCalls).toBe(1200)
    expect(first.callsSaved).toBe(0)
    expect(first.reactions.reduce((sum, r) => sum + r.weight, 0)).toBeCloseTo(4 * 200_000, 3)
    expect(first.summaries).toHaveLength(4)
    const other = await run(personas, 6)
    expect(other.reactions.map((r) => r.reaction.intentDelta)).not.toEqual(
      first.reactions.map((r) => r.reaction.intentDelta)
    )
  })

  it("deduplicates archetypes: far fewer calls, segment means within 0.02", async () => {
    const full = await run(personas, 5)
    const deduped = await run(personas, 5, { resolution: 2 })
    expect(deduped.reactions).toHaveLength(full.reactions.length)
    expect(deduped.programCalls).toBeLessThan(full.programCalls / 4)
    expect(deduped.callsSaved).toBe(full.programCalls - deduped.programCalls)
    deduped.summaries.forEach((summary, i) => {
      expect(
        Math.abs(summary.meanIntentDelta - (full.summaries[i]?.meanIntentDelta ?? 0)),
        `${summary.creativeId}/${summary.channel}`
      ).toBeLessThan(0.02)
    })
  })

  it("archetypes never mix segments and stand for their members' total weight", () => {
    const other = sample(50, 3).map((p) => ({ ...p, segmentId: "s2" }))
    const archetypes = archetypesFor([...personas, ...other], creatives[0]?.text ?? "", "email", { resolution: 2 })
    for (const archetype of archetypes) {
      expect(new Set(archetype.members.map((m) => m.segmentId)).size).toBe(1)
      expect(archetype.representative.weight).toBeCloseTo(
        archetype.members.reduce((sum, m) => sum + m.weight, 0),
        6
      )
      expect(archetype.representative.members).toBe(archetype.members.length)
    }
    expect(archetypes.reduce((sum, a) => sum + a.members.length, 0)).toBe(350)
    // Resolution 1 keeps only the history, interest and stage keys: fewer archetypes.
    expect(archetypesFor(personas, creatives[0]?.text ?? "", "email", { resolution: 1 }).length).toBeLessThan(
      archetypes.length
    )
  })

  it("refuses a bad panel with a typed error naming the field", async () => {
    const bad = [{ ...personas[0], weight: -1 }] as unknown as ReadonlyArray<Persona>
    const result = await Effect.runPromise(
      reactPanel({ personas: bad, creatives, channels: ["email"], module: new PersonaResponseModule() }).pipe(
        Effect.provide(offlineLayer(1)),
        Effect.result
      )
    )
    if (result._tag !== "Failure") throw new Error("expected a failure")
    expect(result.failure._tag).toBe("PersonaInputError")
    expect(String(result.failure.message)).toContain("personas.0.weight")
    const duplicate = await Effect.runPromise(
      reactPanel({
        personas,
        creatives: [creatives[0] ?? { id: "", text: "" }, creatives[0] ?? { id: "", text: "" }],
        channels: ["email"],
        module: new PersonaResponseModule()
      }).pipe(Effect.provide(offlineLayer(1)), Effect.result)
    )
    expect(duplicate._tag === "Failure" && String(duplicate.failure.message)).toContain("creatives.1.id")
  })
})

describe("aggregateSegment", () => {
  const reaction = (intent: number, action: "engage" | "ignore" | "unsubscribe", weight: number) => ({
    personaId: `p${intent}`,
    segmentId: "s",
    creativeId: "c",
    channel: "email",
    weight,
    archetypeId: undefined,
    reaction: {
      intentDelta: intent,
      emotion: intent > 0 ? ("interested" as const) : ("annoyed" as const),
      receptivity: 0.5,
      fatigueLevel: "low" as const,
      rationale: `r${intent}`,
      purchaseDecision: "no" as const,
      decisionFactors: [],
      priceInfluence: 0,
      optimalTiming: "",
      action
    }
  })

  it("weights means, shares and quantiles", () => {
    const summary = aggregateSegment([reaction(0.6, "engage", 3), reaction(-0.4, "unsubscribe", 1)])
    expect(summary.meanIntentDelta).toBeCloseTo((0.6 * 3 - 0.4) / 4, 12)
    expect(summary.actionShares).toEqual({ engage: 0.75, ignore: 0, unsubscribe: 0.25 })
    expect(summary.emotionShares.interested).toBeCloseTo(0.75, 12)
    expect(summary.dominantEmotion).toBe("interested")
    expect(summary.intentQuantiles.p10).toBe(-0.4)
    expect(summary.intentQuantiles.p50).toBe(0.6)
    expect(summary.weight).toBe(4)
    expect(summary.sampleRationales[0]).toBe("r0.6")
    expect(weightedQuantile([1, 2, 3], [1, 1, 2], 0.5)).toBe(2)
  })
})
