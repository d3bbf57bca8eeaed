// PersonaResponseModule (the seeds' module): EvaluateCreative with chain of thought, AssessChannelPreference,
// and SimulatePurchaseDecision as ReAct with the purchase tools, combined into one PersonaReaction with its
// action. An ordinary core-signatures Module: the optimizers tune `evaluate.predict`, `assess`,
// `decide.agent.react` and `decide.agent.extract.predict`, and program files save them. A persona decides
// whether to buy only when the message engages them (by default; `decide: "always"` asks everyone): one
// reaction costs 2 LM calls (evaluate, assess), plus 4 for an engaged persona with the default three ReAct
// iterations (each tool once, or fewer tools and `finish`, then one extraction call).
import { type CallOptions, ChainOfThought, Module, Predict, Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import type { EmbedderShape } from "../ssr/embedder.ts"
import { type IntentAnchor, rateBySimilarity } from "../ssr/semantic-similarity.ts"
import type { PersonaResponseInputs } from "./persona-inputs.ts"
import { PURCHASE_MAX_ITERATIONS, PurchaseDecisionModule } from "./purchase-decision.ts"
import { type ActionThresholds, actionOf, DEFAULT_ACTION_THRESHOLDS, type PersonaReaction } from "./reaction.ts"
import { AssessChannelPreference, type Emotion, EvaluateCreative, EvaluateCreativeFreeText } from "./signatures.ts"

/** How EvaluateCreative elicits intent: a number (direct) or free text rated by semantic similarity. */
export type Elicitation =
  | { readonly kind: "direct" }
  | {
      readonly kind: "semantic-similarity"
      readonly embedder: EmbedderShape
      readonly anchors?: ReadonlyArray<ReadonlyArray<IntentAnchor>> | undefined
      readonly temperature?: number | undefined
    }

export interface PersonaResponseOptions {
  readonly elicitation?: Elicitation | undefined
  /** ReAct iterations of the purchase step (default 3). */
  readonly purchaseMaxIterations?: number | undefined
  readonly thresholds?: ActionThresholds | undefined
  /** Evaluation and channel assessment run at most this many at once (default 2: they are independent). */
  readonly concurrency?: number | undefined
  /**
   * Who runs the purchase decision: only personas the message engages (default; the others do not reach a
   * decision and answer "no"), or every persona.
   */
  readonly decide?: "when-engaged" | "always" | undefined
}

type EvaluateInputs = typeof EvaluateCreative.inputType
type DirectOutputs = typeof EvaluateCreative.outputType
type FreeTextOutputs = typeof EvaluateCreativeFreeText.outputType

/** One persona's reaction to one creative on one channel. */
export class PersonaResponseModule extends Module<PersonaResponseInputs, Prediction<PersonaReaction>> {
  /** ChainOfThought over EvaluateCreative (or over EvaluateCreativeFreeText for semantic-similarity elicitation). */
  readonly evaluate: ChainOfThought<EvaluateInputs, DirectOutputs> | ChainOfThought<EvaluateInputs, FreeTextOutputs>
  readonly assess: Predict<typeof AssessChannelPreference.inputType, typeof AssessChannelPreference.outputType>
  readonly decide: PurchaseDecisionModule
  readonly elicitation: Elicitation
  readonly thresholds: ActionThresholds
  readonly concurrency: number
  readonly decideWhen: "when-engaged" | "always"

  constructor(options: PersonaResponseOptions = {}) {
    super()
    this.elicitation = options.elicitation ?? { kind: "direct" }
    this.evaluate =
      this.elicitation.kind === "direct"
        ? new ChainOfThought(EvaluateCreative)
        : new ChainOfThought(EvaluateCreativeFreeText)
    this.assess = new Predict(AssessChannelPreference)
    this.decide = new PurchaseDecisionModule({
      maxIterations: options.purchaseMaxIterations ?? PURCHASE_MAX_ITERATIONS
    })
    this.thresholds = options.thresholds ?? DEFAULT_ACTION_THRESHOLDS
    this.concurrency = options.concurrency ?? 2
    this.decideWhen = options.decide ?? "when-engaged"
  }

  // The intent, emotion and rationale of the creative evaluation, by the configured elicitation.
  private evaluation(inputs: EvaluateInputs, options: CallOptions | undefined) {
    const elicitation = this.elicitation
    if (elicitation.kind === "direct") {
      // Constructed from the same `elicitation`, so the direct branch holds the direct program.
      const direct = this.evaluate as ChainOfThought<EvaluateInputs, DirectOutputs>
      return Effect.map(direct.run(inputs, options), ({ outputs }) => ({
        intent: outputs.intent_delta,
        emotion: outputs.emotional_response as Emotion,
        rationale: outputs.rationale
      }))
    }
    const freeText = this.evaluate as ChainOfThought<EvaluateInputs, FreeTextOutputs>
    return Effect.flatMap(freeText.run(inputs, options), ({ outputs }) =>
      Effect.map(
        rateBySimilarity(elicitation.embedder, outputs.reaction, {
          anchors: elicitation.anchors,
          temperature: elicitation.temperature
        }),
        (rating) => ({
          intent: Math.max(-1, Math.min(1, rating.intent)),
          emotion: outputs.emotional_response as Emotion,
          rationale: `${outputs.reaction} ${outputs.rationale}`.trim()
        })
      )
    )
  }

  forward(inputs: PersonaResponseInputs, options?: CallOptions) {
    const self = this
    return Effect.gen(function* () {
      const [evaluation, channel] = yield* Effect.all(
        [
          self.evaluation(
            {
              persona_profile: inputs.persona_profile,
              creative_content: inputs.creative_content,
              context: inputs.context
            },
            options
          ),
          self.assess.run(
            {
              persona_profile: inputs.persona_profile,
              recent_exposures: inputs.recent_exposures,
              proposed_channel: inputs.proposed_channel
            },
            options
          )
        ],
        { concurrency: self.concurrency }
      )
      const engagement = {
        intentDelta: evaluation.intent,
        emotion: evaluation.emotion,
        receptivity: channel.outputs.receptivity,
        fatigueLevel: channel.outputs.fatigue_level,
        rationale: evaluation.rationale,
        optimalTiming: channel.outputs.optimal_timing
      }
      const action = actionOf(engagement, self.thresholds)
      if (action !== "engage" && self.decideWhen === "when-engaged") {
        return new Prediction<PersonaReaction>({
          ...engagement,
          purchaseDecision: "no",
          decisionFactors: [action === "unsubscribe" ? "left the list" : "did not engage with the message"],
          priceInfluence: 0,
          action
        })
      }
      const history = [
        ...inputs.recent_exposures,
        `${inputs.proposed_channel}, today: ${inputs.creative_content.slice(0, 80)}`
      ]
      const decision = yield* self.decide.run(
        {
          persona_profile: inputs.persona_profile,
          intervention_history: history,
          product_details: inputs.creative_content,
          competitive_options: inputs.competitive_options
        },
        options
      )
      return new Prediction<PersonaReaction>({
        ...engagement,
        purchaseDecision: decision.outputs.purchase_decision,
        decisionFactors: [...decision.outputs.decision_factors],
        priceInfluence: decision.outputs.price_sensitivity,
        action
      })
    })
  }
}
