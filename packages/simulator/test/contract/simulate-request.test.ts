import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { decodeWith } from "../../src/contract/decode.ts"
import { SimulateRequest } from "../../src/contract/simulate-request.ts"

const decode = (input: unknown) => Effect.runSync(Effect.result(decodeWith(SimulateRequest, input, "simulate request")))

describe("the simulate request", () => {
  it("fills the PRD's defaults", () => {
    const result = decode({
      intervention: { channels: ["email"], content_variants: [{ id: "a", template: "20% off boots" }] },
      target_population: { segments: ["loyal"] }
    })
    if (result._tag !== "Success") throw new Error(String(result.failure))
    const request = result.success
    expect(request.simulation_type).toBe("intervention_test")
    expect(request.simulation_params).toMatchObject({ num_personas: 100, monte_carlo_runs: 100 })
    expect(request.success_metrics).toEqual(["conversion_rate", "revenue_uplift", "unsubscribe_rate"])
    expect(request.intervention.timing.schedule).toBe("immediate")
  })

  it("lists every problem by field path, not just the first", () => {
    const result = decode({
      intervention: {
        channels: ["email", "email", "E-mail!"],
        content_variants: [
          { id: "a", template: "x" },
          { id: "a", template: "" }
        ]
      },
      target_population: { segments: [] },
      simulation_params: { num_personas: 0, monte_carlo_runs: 5 },
      constraints: { max_unsubscribe_rate: 2 }
    })
    if (result._tag !== "Failure") throw new Error("a bad request was accepted")
    const paths = result.failure.issues.map((issue) => issue.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        "intervention.channels.2",
        "intervention.content_variants.1.template",
        "target_population.segments",
        "simulation_params.num_personas",
        "simulation_params.monte_carlo_runs",
        "constraints.max_unsubscribe_rate"
      ])
    )
    expect(result.failure.message).toMatch(/^invalid simulate request: /)
  })
})
