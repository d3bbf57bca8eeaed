// mSPRT: false-positive rate under continuous monitoring, power and always-valid state.

import { normalSf, SeededRandom } from "@preflight/numeric"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type ArmSummary,
  bernoulliArm,
  DEFAULT_MINIMUM_ARM_COUNT,
  type SequentialTestState,
  sequentialTest,
  summarizeArm
} from "../../src/experiments/sequential-test.ts"
import { failure, ok } from "../support/result.ts"

interface Scenario {
  readonly controlRate: number
  readonly treatmentRate: number
  readonly batch: number
  readonly looks: number
  readonly seed: number
}

/** Runs `runs` experiments with a look after every batch, from the first one on; counts how many ever reject
 * (mSPRT) and how many a naive fixed-horizon z-test would have rejected at some look. */
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

  it("keeps it with continuous outcomes looked at after every unit, by counting no evidence below 10 per arm", () => {
    // Normal outcomes, 2,000 null runs, a look after each new unit in each arm, 100 units. The plug-in
    // variance at 2 or 3 units is too noisy for the normal mixture: without the minimum count the rate is
    // several times α (0.145 at τ = σ in a 2,000-run check); the minimum keeps it below α + 3 s.e.
    const runs = 2000
    const bound = 0.05 + 3 * Math.sqrt((0.05 * 0.95) / runs)
    const rate = (minimumArmCount: number | undefined) => {
      const random = new SeededRandom(31)
      let rejections = 0
      for (let run = 0; run < runs; run++) {
        let state: SequentialTestState | undefined
        const sums = [0, 0]
        const squares = [0, 0]
        for (let n = 1; n <= 100; n++) {
          for (const arm of [0, 1]) {
            const x = random.normal()
            sums[arm] = (sums[arm] as number) + x
            squares[arm] = (squares[arm] as number) + x * x
          }
          if (n < 2) continue
          const summary = (arm: number): ArmSummary => {
            const mean = (sums[arm] as number) / n
            return { count: n, mean, variance: Math.max(0, ((squares[arm] as number) - n * mean * mean) / (n - 1)) }
          }
          const decision = ok(
            sequentialTest(state, summary(0), summary(1), {
              mixtureStandardDeviation: 1,
              ...(minimumArmCount === undefined ? {} : { minimumArmCount })
            })
          )
          state = decision.state
          if (decision.rejectNull) {
            rejections++
            break
          }
        }
      }
      return rejections / runs
    }
    expect(DEFAULT_MINIMUM_ARM_COUNT).toBe(10)
    const guarded = rate(undefined)
    const unguarded = rate(2)
    console.info(`mSPRT false-positive rate, a look per unit: ${guarded} (minimum 10 per arm), ${unguarded} (from 2)`)
    expect(guarded).toBeLessThanOrEqual(bound)
    expect(unguarded).toBeGreaterThan(bound)
  })

  it("counts no evidence below the minimum per arm and carries the state through such looks", () => {
    const small: ArmSummary = { count: 4, mean: 0, variance: 0.01 }
    const huge: ArmSummary = { count: 4, mean: 5, variance: 0.01 }
    const early = ok(sequentialTest(undefined, small, huge, { mixtureStandardDeviation: 1 }))
    expect(early.belowMinimumCount).toBe(true)
    expect(early.rejectNull).toBe(false)
    expect(early.verdict).toBe("inconclusive")
    expect(early.pValue).toBe(1)
    expect(early.confidenceInterval).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY])
    expect(early.state.looks).toBe(1)
    // The same evidence with the minimum lowered is decisive; the guard, not the data, held it back.
    expect(
      ok(sequentialTest(undefined, small, huge, { mixtureStandardDeviation: 1, minimumArmCount: 4 })).rejectNull
    ).toBe(true)
    const counted = ok(
      sequentialTest(early.state, { ...small, count: 40 }, { ...huge, count: 40 }, { mixtureStandardDeviation: 1 })
    )
    expect(counted.belowMinimumCount).toBe(false)
    expect(counted.verdict).toBe("treatment-better")
    expect(counted.state.looks).toBe(2)
    expect(
      failure(sequentialTest(undefined, small, huge, { mixtureStandardDeviation: 1, minimumArmCount: 0.5 })).field
    ).toBe("minimumArmCount")
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
