// mSPRT: false-positive rate under continuous monitoring, power and always-valid state.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type ArmSummary,
  bernoulliArm,
  type SequentialTestState,
  sequentialTest,
  summarizeArm
} from "../../src/experiments/sequential-test.ts"
import { SeededRandom } from "../../src/random/seeded-random.ts"
import { normalSf } from "../../src/special/normal.ts"
import { failure, ok } from "../support/result.ts"

interface Scenario {
  readonly controlRate: number
  readonly treatmentRate: number
  readonly batch: number
  readonly looks: number
  readonly seed: number
}

/** Runs `runs` experiments with a look after every batch; counts how many ever reject (mSPRT) and how many a
 * naive fixed-horizon z-test would have rejected at some look. */
const simulate = (scenario: Scenario, runs: number) => {
  const random = new SeededRandom(scenario.seed)
  // Integer thresholds: one 32-bit draw per Bernoulli trial is plenty of resolution and twice as fast.
  const controlCut = scenario.controlRate * 4294967296
  const treatmentCut = scenario.treatmentRate * 4294967296
  let sequentialRejections = 0
  let naiveRejections = 0
  for (let run = 0; run < runs; run++) {
    let state: SequentialTestState | undefined
    let controlSuccesses = 0
    let treatmentSuccesses = 0
    let trials = 0
    let rejected = false
    let naive = false
    for (let look = 0; look < scenario.looks; look++) {
      for (let i = 0; i < scenario.batch; i++) {
        if (random.nextUint32() < controlCut) controlSuccesses++
        if (random.nextUint32() < treatmentCut) treatmentSuccesses++
      }
      trials += scenario.batch
      if (trials < 100) continue
      const control = ok(bernoulliArm(controlSuccesses, trials))
      const treatment = ok(bernoulliArm(treatmentSuccesses, trials))
      const decision = ok(sequentialTest(state, control, treatment, { alpha: 0.05, mixtureStandardDeviation: 0.05 }))
      state = decision.state
      if (decision.rejectNull) rejected = true
      const pooled = (controlSuccesses + treatmentSuccesses) / (2 * trials)
      const z = (treatmentSuccesses - controlSuccesses) / trials / Math.sqrt((pooled * (1 - pooled) * 2) / trials)
      if (pooled > 0 && pooled < 1 && 2 * normalSf(Math.abs(z)) < 0.05) naive = true
    }
    if (rejected) sequentialRejections++
    if (naive) naiveRejections++
  }
  return { sequential: sequentialRejections / runs, naive: naiveRejections / runs }
}

describe("mixture SPRT", () => {
  it("keeps the false-positive rate at alpha under continuous monitoring (2,000 null runs, a look every batch)", () => {
    const runs = 2000
    // α plus three binomial standard errors of the simulated rate.
    const bound = 0.05 + 3 * Math.sqrt((0.05 * 0.95) / runs)
    const rates: Array<number> = []
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.constantFrom(0.05, 0.1, 0.3, 0.5),
          batch: fc.constantFrom(25, 50, 100),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 })
        }),
        ({ rate, batch, seed }) => {
          const result = simulate(
            { controlRate: rate, treatmentRate: rate, batch, looks: Math.ceil(2000 / batch), seed },
            runs
          )
          rates.push(result.sequential)
          return result.sequential <= bound
        }
      ),
      { numRuns: 4, seed: 2026 }
    )
    console.info(
      `mSPRT false-positive rates over 2,000 monitored null runs: ${rates.map((r) => r.toFixed(4)).join(", ")} (bound ${bound.toFixed(4)})`
    )
  })

  it("is what makes peeking safe: a fixed-horizon z-test checked after every batch rejects far too often", () => {
    const result = simulate({ controlRate: 0.1, treatmentRate: 0.1, batch: 50, looks: 40, seed: 7 }, 2000)
    expect(result.naive).toBeGreaterThan(0.15)
    expect(result.sequential).toBeLessThan(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 2000))
  })

  it("detects a real lift", () => {
    const result = simulate({ controlRate: 0.1, treatmentRate: 0.14, batch: 100, looks: 40, seed: 11 }, 300)
    expect(result.sequential).toBeGreaterThan(0.8)
  })

  it("carries always-valid p-values and intervals across looks", () => {
    const control: ArmSummary = { count: 400, mean: 0.1, variance: 0.09 }
    const better: ArmSummary = { count: 400, mean: 0.16, variance: 0.1344 }
    const first = ok(sequentialTest(undefined, control, better, { mixtureStandardDeviation: 0.05 }))
    const regressed = ok(
      sequentialTest(first.state, control, { ...better, mean: 0.1 }, { mixtureStandardDeviation: 0.05 })
    )
    expect(regressed.pValue).toBe(first.pValue)
    expect(regressed.confidenceInterval[0]).toBeGreaterThanOrEqual(first.confidenceInterval[0])
    expect(regressed.confidenceInterval[1]).toBeLessThanOrEqual(first.confidenceInterval[1])
    expect(first.state.looks).toBe(1)
    expect(regressed.state.looks).toBe(2)
  })

  it("summarizes arms and names bad input", () => {
    const arm = ok(summarizeArm([1, 0, 1, 1]))
    expect(arm.mean).toBe(0.75)
    expect(arm.variance).toBeCloseTo(0.25, 15)
    expect(failure(bernoulliArm(5, 3)).field).toBe("successes")
    expect(failure(sequentialTest(undefined, arm, arm, { mixtureStandardDeviation: 0 })).field).toBe(
      "mixtureStandardDeviation"
    )
  })
})
