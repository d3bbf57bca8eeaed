// The purchase tools' facts: the offer against the persona's usual spend, against competitors, and the
// recent exposures; the ReAct trajectory carries their observations.
import { describe, expect, it } from "vitest"
import { personaResponseInputs } from "../../src/programs/persona-inputs.ts"
import { PurchaseDecisionModule } from "../../src/programs/purchase-decision.ts"
import { describeBudget, describeCompetition, purchaseFacts } from "../../src/programs/purchase-facts.ts"
import { persona, runOffline } from "../support/run.ts"

const profileOf = (touches = 0) =>
  personaResponseInputs(
    persona(
      {},
      { exposures: { touches: Array.from({ length: touches }, (_, d) => ({ channel: "email", daysAgo: d })) } }
    ),
    "",
    "email"
  ).persona_profile

describe("purchase facts", () => {
  it("checks the offer against the usual order value", () => {
    const facts = purchaseFacts({
      persona_profile: profileOf(),
      intervention_history: [],
      product_details: "Jackets from $120, now 25% off",
      competitive_options: "none known"
    })
    expect(facts.budget.usualSpend).toBe(50)
    expect(facts.budget.effectivePrice).toBeCloseTo(90, 9)
    expect(facts.budget.withinBudget).toBe(false)
    expect(describeBudget(facts.budget)).toContain("Above the persona's usual budget.")
    const cheap = purchaseFacts({
      persona_profile: profileOf(),
      intervention_history: [],
      product_details: "Socks, only $12",
      competitive_options: "none known"
    })
    expect(cheap.budget.withinBudget).toBe(true)
  })

  it("compares with competitors and counts exposures", () => {
    const facts = purchaseFacts({
      persona_profile: profileOf(5),
      intervention_history: ["a", "b", "c", "d", "e", "f"],
      product_details: "20% off",
      competitive_options: "Rival store: 35% off everything"
    })
    expect(facts.competition.known).toBe(true)
    expect(facts.competition.advantage).toBeCloseTo(-0.15, 9)
    expect(describeCompetition(facts.competition)).toContain("worse than")
    expect(facts.exposures.lastWeek).toBe(6)
  })

  it("the ReAct trajectory carries the tools' observations", async () => {
    const module = new PurchaseDecisionModule()
    const { value } = await runOffline(
      module.run({
        persona_profile: profileOf(2),
        intervention_history: ["email, today"],
        product_details: "30% off boots",
        competitive_options: "Rival: 10% off"
      })
    )
    const observations = Object.entries(value.outputs.trajectory)
      .filter(([key]) => key.startsWith("observation_"))
      .map(([, observation]) => String(observation))
    expect(observations[0]).toContain("Usual order value: 50.00")
    expect(observations[1]).toContain("better than the competition")
    expect(observations[2]).toContain("marketing touches in the last 7 days")
    expect(["yes", "no", "delayed"]).toContain(value.outputs.purchase_decision)
  })
})
