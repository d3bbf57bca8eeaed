// The offline persona model: says what it is in usage records, moves in the documented directions, follows
// the demos in the prompt, answers any signature with schema-valid output, and is deterministic per seed.
import { Example, Predict, ReAct, Signature, tool } from "@preflight/core-signatures"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { z } from "zod"
import { OFFLINE_MODEL_NAME, OFFLINE_PROVIDER } from "../../src/offline/offline-persona-model.ts"
import type { Persona } from "../../src/persona/persona.ts"
import { personaResponseInputs } from "../../src/programs/persona-inputs.ts"
import { PersonaResponseModule } from "../../src/programs/persona-response-module.ts"
import { AssessChannelPreference, EvaluateCreative } from "../../src/programs/signatures.ts"
import { persona, runOffline } from "../support/run.ts"

const evaluate = new Predict(EvaluateCreative)
const assess = new Predict(AssessChannelPreference)

const intentOf = async (p: Persona, text: string, channel = "email", seed = 1): Promise<number> => {
  const inputs = personaResponseInputs(p, text, channel)
  const { value } = await runOffline(
    evaluate.run({ persona_profile: inputs.persona_profile, creative_content: text, context: inputs.context }),
    seed
  )
  return value.outputs.intent_delta
}

const assessOf = async (p: Persona, channel = "email") => {
  const inputs = personaResponseInputs(p, "", channel)
  const { value } = await runOffline(
    assess.run({
      persona_profile: inputs.persona_profile,
      recent_exposures: inputs.recent_exposures,
      proposed_channel: channel
    })
  )
  return value.outputs
}

const daily = (channel: string, days: number) => ({
  touches: Array.from({ length: days }, (_, d) => ({ channel, daysAgo: d }))
})

describe("the offline model says it is not a language model", () => {
  it("in the model name, the provider and every usage record", async () => {
    const inputs = personaResponseInputs(persona(), "20% off today", "email")
    const { ledger } = await runOffline(new PersonaResponseModule().run(inputs))
    const history = ledger.history()
    expect(history.length).toBeGreaterThanOrEqual(2)
    for (const entry of history) {
      expect(entry.model).toBe(OFFLINE_MODEL_NAME)
      expect(entry.provider).toBe(OFFLINE_PROVIDER)
      expect(entry.model).toContain("not a language model")
      expect(entry.usage.totalTokens).toBe(0)
    }
  })
})

describe("documented directions", () => {
  it("deeper discounts raise intent for price-sensitive personas, with diminishing returns", async () => {
    const sensitive = persona({ priceSensitivity: 0.9 })
    const depths = [0, 10, 20, 40, 60]
    const intents: number[] = []
    for (const depth of depths)
      intents.push(
        await intentOf(sensitive, depth === 0 ? "New styles for spring." : `${depth}% off new styles for spring.`)
      )
    for (let i = 1; i < intents.length; i++) expect(intents[i]).toBeGreaterThan(intents[i - 1] as number)
    // Diminishing returns: the step from 40 % to 60 % is smaller than from 0 to 20 %.
    expect((intents[4] as number) - (intents[3] as number)).toBeLessThan(
      (intents[2] as number) - (intents[0] as number)
    )
    // A price-neutral persona barely cares; a price-averse one is put off.
    const neutral =
      (await intentOf(persona({ priceSensitivity: 0.5 }), "40% off new styles for spring.")) -
      (await intentOf(persona({ priceSensitivity: 0.5 }), "New styles for spring."))
    expect(Math.abs(neutral)).toBeLessThan(0.03)
    expect(await intentOf(persona({ priceSensitivity: 0.15 }), "40% off new styles for spring.")).toBeLessThan(
      await intentOf(persona({ priceSensitivity: 0.15 }), "New styles for spring.")
    )
  })

  it("money off counts against the persona's usual spend", async () => {
    const sensitive = persona({ priceSensitivity: 0.9 })
    expect(await intentOf(sensitive, "$25 off your next order.")).toBeGreaterThan(
      await intentOf(sensitive, "$5 off your next order.")
    )
  })

  it("urgency helps urgency-responsive personas only when there is an offer", async () => {
    const eager = persona({ urgencyResponsiveness: 0.9 })
    const calm = persona({ urgencyResponsiveness: 0.1 })
    const offer = "25% off all jackets."
    const urgentOffer = "Today only: 25% off all jackets."
    expect(await intentOf(eager, urgentOffer)).toBeGreaterThan(await intentOf(eager, offer))
    expect(await intentOf(calm, urgentOffer)).toBeLessThan(await intentOf(calm, offer))
    expect(await intentOf(eager, "Today only: our jackets.")).toBeLessThan(await intentOf(eager, "Our jackets."))
  })

  it("personalisation helps loyal personas more", async () => {
    const plain = "Our new autumn range is in."
    const personal = "Hi {{first_name}}, we picked our new autumn range for you based on your last order."
    const loyalGain =
      (await intentOf(persona({ brandLoyalty: 0.9 }), personal)) -
      (await intentOf(persona({ brandLoyalty: 0.9 }), plain))
    const casualGain =
      (await intentOf(persona({ brandLoyalty: 0.1 }), personal)) -
      (await intentOf(persona({ brandLoyalty: 0.1 }), plain))
    expect(loyalGain).toBeGreaterThan(0)
    expect(loyalGain).toBeGreaterThan(casualGain)
  })

  it("a topic that matches the persona's interests raises intent", async () => {
    const text = "New trail running shoes just landed."
    expect(await intentOf(persona({ contentInterests: ["running"] }), text)).toBeGreaterThan(
      await intentOf(persona({ contentInterests: ["gardening"] }), text)
    )
  })

  it("more recent touches mean more fatigue, lower receptivity and lower intent", async () => {
    const fatigue = ["none", "low", "medium", "high", "saturated"]
    let previous = { level: -1, receptivity: 2, intent: 2 }
    for (const days of [0, 3, 7, 14, 30]) {
      const p = persona({}, { exposures: daily("email", days) })
      const outputs = await assessOf(p)
      const intent = await intentOf(p, "20% off this week.")
      const level = fatigue.indexOf(outputs.fatigue_level)
      expect(level).toBeGreaterThanOrEqual(previous.level)
      expect(outputs.receptivity).toBeLessThanOrEqual(previous.receptivity)
      expect(intent).toBeLessThanOrEqual(previous.intent + 1e-9)
      previous = { level, receptivity: outputs.receptivity, intent }
    }
    expect(previous.level).toBe(4)
  })

  it("higher channel affinity means higher receptivity", async () => {
    expect((await assessOf(persona({ channelAffinity: { sms: 0.9 } }), "sms")).receptivity).toBeGreaterThan(
      (await assessOf(persona({ channelAffinity: { sms: 0.2 } }), "sms")).receptivity
    )
  })

  it("long texts hurt on SMS, not in e-mail", async () => {
    const short = "20% off trainers today. Shop now."
    const long = `${short} ${"Our trainers are built for comfort and made to last, with recycled uppers and cushioned soles. ".repeat(4)}`
    const p = persona({ priceSensitivity: 0.8 })
    expect(await intentOf(p, long, "sms")).toBeLessThan(await intentOf(p, short, "sms"))
    expect(Math.abs((await intentOf(p, long, "email")) - (await intentOf(p, short, "email")))).toBeLessThan(0.05)
  })
})

describe("determinism and noise", () => {
  it("same seed, same answers; another seed moves individual answers a little", async () => {
    const p = persona({ priceSensitivity: 0.7 }, { members: 1 })
    const text = "15% off this weekend."
    expect(await intentOf(p, text, "email", 3)).toBe(await intentOf(p, text, "email", 3))
    const seeds = await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => intentOf(p, text, "email", seed)))
    expect(new Set(seeds).size).toBeGreaterThan(1)
    const spread = Math.max(...seeds) - Math.min(...seeds)
    expect(spread).toBeLessThan(0.4)
  })
})

describe("in-context learning from demos", () => {
  it("moves toward the demos' answers, more with more and closer demos", async () => {
    const p = persona({ priceSensitivity: 0.8 })
    const text = "30% off all boots."
    const inputs = personaResponseInputs(p, text, "email")
    const query = { persona_profile: inputs.persona_profile, creative_content: text, context: inputs.context }
    const baseline = await intentOf(p, text)
    const demo = (profile: string, intent: number) =>
      Example.of({
        ...query,
        persona_profile: profile,
        intent_delta: intent,
        emotional_response: "angry",
        rationale: "They hate boots."
      }).withInputs("persona_profile", "creative_content", "context")
    const withDemos = async (demos: ReadonlyArray<Example>) => {
      const predictor = new Predict(EvaluateCreative, { demos })
      return (await runOffline(predictor.run(query))).value.outputs
    }
    const one = await withDemos([demo(query.persona_profile, -0.9)])
    expect(one.intent_delta).toBeLessThan(baseline)
    expect(one.intent_delta).toBeCloseTo((baseline - 0.9) / 2, 2)
    const four = await withDemos([1, 2, 3, 4].map(() => demo(query.persona_profile, -0.9)))
    expect(four.intent_delta).toBeLessThan(one.intent_delta)
    expect(four.emotional_response).toBe("angry")
    const farProfile = personaResponseInputs(
      persona({ priceSensitivity: 0.05, urgencyResponsiveness: 0.05, brandLoyalty: 0.95, fatigueTolerance: 0.05 }),
      text,
      "email"
    ).persona_profile
    const far = await withDemos([demo(farProfile, -0.9)])
    expect(Math.abs(far.intent_delta - baseline)).toBeLessThan(Math.abs(one.intent_delta - baseline))
  })

  it("follows demos of a signature it has no model for", async () => {
    const sentiment = new Predict(Signature.parse("review -> stars: int, label: string"), {
      demos: [Example.of({ review: "great shoes, love them", stars: 5, label: "positive" }).withInputs("review")]
    })
    const { value } = await runOffline(sentiment.run({ review: "great shoes, love them" }))
    expect(value.outputs.label).toBe("positive")
    expect(value.outputs.stars).toBeGreaterThan(2)
  })
})

describe("any other signature gets schema-valid output", () => {
  it("chat adapter: ints, floats with a stated range, booleans, enums, lists, objects", async () => {
    const signature = Signature.make({
      inputs: { question: z.string() },
      outputs: {
        answer: z.string(),
        count: z.int(),
        score: z.number().min(0).max(1).describe("confidence (0-1)"),
        flag: z.boolean(),
        mood: z.enum(["calm", "busy"]),
        tags: z.array(z.string()),
        detail: z.object({ name: z.string(), size: z.number().min(2) })
      }
    })
    const { value } = await runOffline(new Predict(signature).run({ question: "What is this?" }))
    expect(
      signature.outputFields.every(
        (field) => field.schema.safeParse((value.outputs as Record<string, unknown>)[field.name]).success
      )
    ).toBe(true)
  })

  it("JSON adapter with structured outputs", async () => {
    const signature = Signature.make({
      inputs: { question: z.string() },
      outputs: { ratio: z.number().min(0.2).max(0.4), items: z.array(z.int()).min(2) }
    })
    const { value } = await runOffline(new Predict(signature, { adapter: "json" }).run({ question: "?" }))
    expect(value.outputs.ratio).toBeGreaterThanOrEqual(0.2)
    expect(value.outputs.ratio).toBeLessThanOrEqual(0.4)
    expect(value.outputs.items.length).toBeGreaterThanOrEqual(2)
  })

  it("a ReAct agent over an unknown task finishes and extracts", async () => {
    const lookup = tool({
      name: "lookup",
      description: "Looks something up.",
      args: z.object({ q: z.string() }),
      execute: ({ q }) => `found ${q}`
    })
    const agent = new ReAct(Signature.parse("question -> answer"), [lookup], { maxIterations: 3 })
    const { value, ledger } = await runOffline(agent.run({ question: "capital of France?" }))
    expect(typeof value.outputs.answer).toBe("string")
    expect(ledger.history()).toHaveLength(2)
  })
})

describe("calls per reaction", () => {
  it("2 LM calls when the persona does not engage, 6 when it does (3 ReAct steps + extraction)", async () => {
    const cold = personaResponseInputs(persona({ priceSensitivity: 0.5 }), "Our newsletter.", "email")
    const warm = personaResponseInputs(
      persona({
        priceSensitivity: 0.95,
        urgencyResponsiveness: 0.9,
        channelAffinity: { email: 0.9 },
        contentInterests: ["boots"]
      }),
      "Today only: 40% off boots. Shop now!",
      "email"
    )
    const module = new PersonaResponseModule()
    const coldRun = await runOffline(module.run(cold))
    const warmRun = await runOffline(module.run(warm))
    expect(coldRun.value.outputs.action).not.toBe("engage")
    expect(coldRun.ledger.history()).toHaveLength(2)
    expect(warmRun.value.outputs.action).toBe("engage")
    expect(warmRun.ledger.history()).toHaveLength(6)
    expect(Effect.isEffect(module.run(cold))).toBe(true)
  })
})
