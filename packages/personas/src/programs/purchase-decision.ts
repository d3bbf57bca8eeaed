// SimulatePurchaseDecision as a ReAct agent with three tools (check the offer against the persona's budget,
// compare with competitive options, recall recent exposures). The tools read the step's own inputs through a
// fiber-local reference the module sets, so they need no service and the module runs anywhere. Three
// iterations at most: each tool once, or fewer and `finish` (one LM call per iteration plus one to extract).
import { type CallOptions, Module, type Prediction, ReAct, type ReActOutputs, tool } from "@preflight/core-signatures"
import { Context, Effect } from "effect"
import { z } from "zod"
import {
  describeBudget,
  describeCompetition,
  describeExposures,
  type PurchaseInputs,
  purchaseFacts
} from "./purchase-facts.ts"
import { SimulatePurchaseDecision } from "./signatures.ts"

/** The inputs of the purchase step the tools read (set per run by PurchaseDecisionModule). */
export const CurrentPurchaseInputs = Context.Reference<PurchaseInputs | undefined>(
  "@preflight/personas/CurrentPurchaseInputs",
  {
    defaultValue: () => undefined
  }
)

const withFacts = <A>(describe: (facts: ReturnType<typeof purchaseFacts>) => A) =>
  Effect.flatMap(CurrentPurchaseInputs, (inputs) =>
    inputs === undefined
      ? Effect.fail(new Error("no purchase inputs in context"))
      : Effect.succeed(describe(purchaseFacts(inputs)))
  )

export const checkBudget = tool({
  name: "check_budget",
  description: "Checks the offer's price and discount against the persona's usual order value.",
  args: z.object({}),
  execute: () => withFacts((facts) => describeBudget(facts.budget))
})

export const compareOptions = tool({
  name: "compare_options",
  description: "Compares the offer with the competitive options the persona knows about.",
  args: z.object({}),
  execute: () => withFacts((facts) => describeCompetition(facts.competition))
})

export const recallExposures = tool({
  name: "recall_exposures",
  description: "Recalls the marketing touches the persona received recently and how tired of them they are.",
  args: z.object({ channel: z.string().optional() }),
  execute: ({ channel }) =>
    Effect.flatMap(CurrentPurchaseInputs, (inputs) =>
      inputs === undefined
        ? Effect.fail(new Error("no purchase inputs in context"))
        : Effect.succeed(describeExposures(purchaseFacts(inputs, channel).exposures))
    )
})

/** The purchase tools, in the order a careful shopper uses them. */
export const PURCHASE_TOOLS = [checkBudget, compareOptions, recallExposures]

/** Default ReAct iterations of the purchase step. */
export const PURCHASE_MAX_ITERATIONS = 3

type PurchaseOutputs = typeof SimulatePurchaseDecision.outputType

/** SimulatePurchaseDecision as ReAct with the purchase tools; an ordinary module (optimizers see `decide.react`, `decide.extract.predict`). */
export class PurchaseDecisionModule extends Module<PurchaseInputs, Prediction<ReActOutputs<PurchaseOutputs>>> {
  readonly agent: ReAct<typeof SimulatePurchaseDecision.inputType, PurchaseOutputs>

  constructor(options: { readonly maxIterations?: number } = {}) {
    super()
    this.agent = new ReAct(SimulatePurchaseDecision, PURCHASE_TOOLS, {
      maxIterations: options.maxIterations ?? PURCHASE_MAX_ITERATIONS
    })
  }

  forward(inputs: PurchaseInputs, options?: CallOptions) {
    return this.agent.run(inputs, options).pipe(Effect.provideService(CurrentPurchaseInputs, inputs))
  }
}
