import { describe, expect, it } from "vitest"
import type { ErrorModel } from "../../src/models/error-model.ts"
import { type EngineInput, interval, runMonteCarlo, shareGreater } from "../../src/simulation/monte-carlo.ts"

const error = (campaignSd: number, armSd: number): ErrorModel => ({
  bias: 0,
  campaignSd,
  armSd,
  arms: 30,
  campaigns: 10
})

const input = (conversionError: ErrorModel, seed = 1): EngineInput => ({
  segments: ["a", "b"],
  channels: ["email"],
  shares: [Float64Array.of(0.25, 0.75)],
  cells: [
    {
      variantId: "v1",
      channel: 0,
      recipients: 1000,
      conversion: Float64Array.of(0.04, 0.02),
      revenue: Float64Array.of(2, 1),
      unsubscribe: Float64Array.of(0.001, 0.002)
    },
    {
      variantId: "v2",
      channel: 0,
      recipients: 1000,
      conversion: Float64Array.of(0.05, 0.03),
      revenue: Float64Array.of(2.5, 1.5),
      unsubscribe: Float64Array.of(0.001, 0.002)
    }
  ],
  controls: [
    { conversion: Float64Array.of(0.02, 0.01), revenue: Float64Array.of(1, 0.5), unsubscribe: new Float64Array(2) }
  ],
  conversionError,
  unsubscribeError: error(0.2, 0.1),
  runs: 2000,
  seed
})

describe("runMonteCarlo", () => {
  it("is reproducible from its seed", () => {
    const a = runMonteCarlo(input(error(0.1, 0.1), 7))
    const b = runMonteCarlo(input(error(0.1, 0.1), 7))
    expect(Array.from(a.cells[0]?.conversion ?? [])).toEqual(Array.from(b.cells[0]?.conversion ?? []))
    const c = runMonteCarlo(input(error(0.1, 0.1), 8))
    expect(Array.from(a.cells[0]?.conversion ?? [])).not.toEqual(Array.from(c.cells[0]?.conversion ?? []))
  })

  it("centres the draws on the prediction and widens them with the model error", () => {
    const point = 0.25 * 0.04 + 0.75 * 0.02
    const narrow = interval(runMonteCarlo(input(error(0.05, 0.05))).cells[0]?.conversion ?? new Float64Array(), 0.9)
    const wide = interval(runMonteCarlo(input(error(0.3, 0.3))).cells[0]?.conversion ?? new Float64Array(), 0.9)
    expect(narrow[0]).toBeLessThan(point)
    expect(narrow[1]).toBeGreaterThan(point)
    expect(wide[1] - wide[0]).toBeGreaterThan(3 * (narrow[1] - narrow[0]))
  })

  it("keeps the shared campaign error out of comparisons between arms", () => {
    // With only a shared error, v2 (higher in every segment) beats v1 in every run.
    const draws = runMonteCarlo(input(error(0.5, 0)))
    expect(
      shareGreater(draws.cells[1]?.conversion ?? new Float64Array(), draws.cells[0]?.conversion ?? new Float64Array())
    ).toBe(1)
    // Uplift is computed against the control of the same run: positive here in every run.
    expect(Math.min(...(draws.cells[0]?.uplift ?? []))).toBeGreaterThan(0)
  })
})

describe("interval", () => {
  it("uses numpy's linear quantile rule", () => {
    expect(interval(Float64Array.of(1, 2, 3, 4, 5), 0.5)).toEqual([2, 4])
  })
})
