// PersonaResponseModule runs unchanged on a scripted model, on the offline persona model and on the OpenAI
// layer against a local OpenAI-compatible server; it is an ordinary module (named predictors, program files,
// copies); semantic-similarity elicitation works with the offline embedder.
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import {
  Example,
  type LmRequest,
  loadProgramJson,
  OpenAiLanguageModel,
  programToJson,
  ScriptedLanguageModel
} from "@preflight/core-signatures"
import { Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { OFFLINE_MODEL_NAME, offlineAnswer } from "../../src/offline/offline-persona-model.ts"
import { personaResponseInputs } from "../../src/programs/persona-inputs.ts"
import { PersonaResponseModule } from "../../src/programs/persona-response-module.ts"
import { actionOf } from "../../src/programs/reaction.ts"
import { Embedder } from "../../src/ssr/embedder.ts"
import { persona, runOffline } from "../support/run.ts"

const warm = persona({
  priceSensitivity: 0.95,
  urgencyResponsiveness: 0.9,
  channelAffinity: { email: 0.9 },
  contentInterests: ["boots"]
})
const cold = persona({ priceSensitivity: 0.2, urgencyResponsiveness: 0.1, channelAffinity: { email: 0.2 } })
const creative = "Today only: 40% off boots. Shop now!"

describe("on a scripted model", () => {
  const scripted = (intent: number) =>
    ScriptedLanguageModel.make({
      respond: (request: LmRequest) => {
        const system = request.messages[0]?.content ?? ""
        if (system.includes("`intent_delta`")) {
          return {
            outputs: { reasoning: "r", intent_delta: intent, emotional_response: "interested", rationale: "scripted" }
          }
        }
        if (system.includes("`receptivity`"))
          return { outputs: { receptivity: 0.7, fatigue_level: "low", optimal_timing: "morning" } }
        if (system.includes("`next_tool_name`"))
          return { outputs: { next_thought: "done", next_tool_name: "finish", next_tool_args: {} } }
        if (system.includes("`purchase_decision`")) {
          return {
            outputs: {
              reasoning: "r",
              purchase_decision: "delayed",
              decision_factors: ["price", "timing"],
              price_sensitivity: 0.6
            }
          }
        }
        return undefined
      }
    })

  it("returns a typed reaction with its action", async () => {
    const model = scripted(0.8)
    const reaction = await Effect.runPromise(
      new PersonaResponseModule().run(personaResponseInputs(warm, creative, "email")).pipe(Effect.provide(model.layer))
    )
    expect(reaction.outputs).toEqual({
      intentDelta: 0.8,
      emotion: "interested",
      receptivity: 0.7,
      fatigueLevel: "low",
      rationale: "scripted",
      optimalTiming: "morning",
      purchaseDecision: "delayed",
      decisionFactors: ["price", "timing"],
      priceInfluence: 0.6,
      action: "engage"
    })
    // evaluate, assess, one ReAct step (finish), extraction.
    expect(model.requests()).toHaveLength(4)
  })

  it("a persona who does not engage makes no purchase decision (2 calls), unless asked to", async () => {
    const model = scripted(-0.1)
    const inputs = personaResponseInputs(warm, creative, "email")
    const skipped = await Effect.runPromise(new PersonaResponseModule().run(inputs).pipe(Effect.provide(model.layer)))
    expect(skipped.outputs.action).toBe("ignore")
    expect(skipped.outputs.purchaseDecision).toBe("no")
    expect(model.requests()).toHaveLength(2)
    const always = await Effect.runPromise(
      new PersonaResponseModule({ decide: "always" }).run(inputs).pipe(Effect.provide(model.layer))
    )
    expect(always.outputs.purchaseDecision).toBe("delayed")
  })
})

describe("on the OpenAI layer against a local OpenAI-compatible server", () => {
  let server: Server
  let baseUrl = ""
  let calls = 0
  beforeAll(async () => {
    // The server answers like a chat-completions endpoint, its content written by the offline model.
    server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        calls++
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          model: string
          messages: LmRequest["messages"]
        }
        const content = offlineAnswer(
          {
            model: body.model,
            messages: body.messages,
            temperature: undefined,
            maxTokens: undefined,
            n: 1,
            seed: undefined,
            responseFormat: undefined,
            rolloutId: undefined
          },
          1
        )
        response.writeHead(200, { "content-type": "application/json" })
        response.end(
          JSON.stringify({
            id: "x",
            object: "chat.completion",
            created: 0,
            model: "local-model",
            choices: [
              {
                index: 0,
                finish_reason: "stop",
                logprobs: null,
                message: { role: "assistant", content, refusal: null }
              }
            ],
            usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 }
          })
        )
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it("gives the same reaction as the offline model in-process", async () => {
    const inputs = personaResponseInputs(warm, creative, "email")
    const module = new PersonaResponseModule()
    const viaHttp = await Effect.runPromise(
      module
        .run(inputs)
        .pipe(
          Effect.provide(
            OpenAiLanguageModel.layer({ apiKey: "sk-local", baseUrl, model: "local-model", timeoutMs: 5000 })
          )
        )
    )
    const local = await runOffline(module.run(inputs))
    expect(viaHttp.outputs).toEqual(local.value.outputs)
    expect(calls).toBe(local.ledger.history().length)
    expect(local.ledger.history()[0]?.model).toBe(OFFLINE_MODEL_NAME)
  })
})

describe("an ordinary module", () => {
  it("lists its predictors under DSPy-style names", () => {
    expect(new PersonaResponseModule().namedPredictors().map(([name]) => name)).toEqual([
      "evaluate.predict",
      "assess",
      "decide.agent.react",
      "decide.agent.extract.predict"
    ])
  })

  it("saves and loads its learned state through program files, and copies independently", () => {
    const module = new PersonaResponseModule()
    const demo = Example.of({
      persona_profile: "p",
      creative_content: "c",
      context: "x",
      reasoning: "r",
      intent_delta: 0.4,
      emotional_response: "interested",
      rationale: "y"
    }).withInputs("persona_profile", "creative_content", "context")
    module.evaluate.predict.demos = [demo]
    module.assess.setInstructions("Be strict about fatigue.")
    const json = programToJson(module)
    const fresh = new PersonaResponseModule()
    const loaded = loadProgramJson(fresh, json)
    expect(Result.isSuccess(loaded)).toBe(true)
    expect(fresh.evaluate.predict.demos).toHaveLength(1)
    expect(fresh.assess.signature.instructions).toBe("Be strict about fatigue.")
    const copy = module.deepCopy()
    copy.evaluate.predict.demos = []
    expect(module.evaluate.predict.demos).toHaveLength(1)
  })
})

describe("on the offline model", () => {
  it("warm and cold personas react in the expected directions, with purchase decisions only when engaged", async () => {
    const module = new PersonaResponseModule()
    const hot = (await runOffline(module.run(personaResponseInputs(warm, creative, "email")))).value.outputs
    const frozen = (await runOffline(module.run(personaResponseInputs(cold, creative, "email")))).value.outputs
    expect(hot.intentDelta).toBeGreaterThan(0.3)
    expect(hot.action).toBe("engage")
    expect(["yes", "delayed"]).toContain(hot.purchaseDecision)
    expect(hot.decisionFactors.length).toBeGreaterThan(0)
    expect(frozen.intentDelta).toBeLessThan(hot.intentDelta)
    expect(frozen.action).not.toBe("engage")
  })

  it("semantic-similarity elicitation maps a free-text reaction onto the anchors", async () => {
    const module = new PersonaResponseModule({
      elicitation: { kind: "semantic-similarity", embedder: Embedder.makeHashing() }
    })
    const hot = (await runOffline(module.run(personaResponseInputs(warm, creative, "email")))).value.outputs
    const frozen = (await runOffline(module.run(personaResponseInputs(cold, creative, "email")))).value.outputs
    expect(hot.intentDelta).toBeGreaterThan(frozen.intentDelta)
    expect(hot.intentDelta).toBeGreaterThan(0)
    expect(hot.intentDelta).toBeLessThanOrEqual(1)
    expect(frozen.intentDelta).toBeLessThan(0)
    expect(module.namedPredictors()[0]?.[1].signature.outputFields.map((field) => field.name)).toContain("reaction")
  })
})

describe("reaction → action", () => {
  it("engages above the intent threshold when receptive, unsubscribes when angry or far below", () => {
    expect(actionOf({ intentDelta: 0.5, receptivity: 0.5, emotion: "excited" })).toBe("engage")
    expect(actionOf({ intentDelta: 0.5, receptivity: 0.1, emotion: "excited" })).toBe("ignore")
    expect(actionOf({ intentDelta: 0.1, receptivity: 0.9, emotion: "neutral" })).toBe("ignore")
    expect(actionOf({ intentDelta: -0.35, receptivity: 0.9, emotion: "annoyed" })).toBe("unsubscribe")
    expect(actionOf({ intentDelta: -0.1, receptivity: 0.9, emotion: "angry" })).toBe("unsubscribe")
    expect(
      actionOf(
        { intentDelta: 0.2, receptivity: 0.5, emotion: "neutral" },
        { engageIntent: 0.15, engageReceptivity: 0.2, unsubscribeIntent: -0.3 }
      )
    ).toBe("engage")
  })
})

describe("inputs", () => {
  it("carry the profile, dated touches and a context line, never the persona's id or weight", () => {
    const p = persona(
      {},
      {
        id: "secret-id",
        weight: 1234,
        exposures: {
          touches: [
            { channel: "email", daysAgo: 2 },
            { channel: "sms", daysAgo: 0 }
          ]
        }
      }
    )
    const inputs = personaResponseInputs(p, "hello", "email", {
      competitiveOptions: "Rival: 25% off",
      context: "sent Tuesday 10:00"
    })
    expect(inputs.recent_exposures).toEqual(["sms, today", "email, 2 days ago"])
    expect(inputs.context).toBe(
      "channel email; 1 earlier email messages in the last 7 days, 2 messages on any channel in the last 30 days; sent Tuesday 10:00"
    )
    expect(inputs.competitive_options).toBe("Rival: 25% off")
    expect(JSON.stringify(inputs)).not.toContain("secret-id")
    expect(JSON.stringify(inputs)).not.toContain("1234")
  })
})
