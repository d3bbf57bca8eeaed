import { describe, expect, it } from "@effect/vitest"
import { SeededRandom } from "@preflight/numeric"
import {
  defaultGamma,
  defaultWeights,
  logDensity,
  parzenEstimator,
  splitObservations,
  TpeSampler
} from "../../src/mipro/tpe.ts"

const space = [{ name: "x", choices: 3 }]

describe("TPE building blocks (Optuna's defaults)", () => {
  it("gamma and weights", () => {
    expect([1, 9, 10, 11, 100, 400].map(defaultGamma)).toEqual([1, 1, 1, 2, 10, 25])
    expect([...defaultWeights(3)]).toEqual([1, 1, 1])
    const weights = defaultWeights(27)
    // np.linspace(1/27, 1, 2) then 25 ones.
    expect(weights[0]).toBeCloseTo(1 / 27, 12)
    expect(weights[1]).toBe(1)
    expect(weights[26]).toBe(1)
  })

  it("splits the best observations from the rest, ties going to the earlier trial, each side in trial order", () => {
    const observations = [0.2, 0.9, 0.5, 0.9, 0.1].map((value, index) => ({ params: { x: index % 3 }, value }))
    const { good, bad } = splitObservations(observations, 2)
    expect(good.map((observation) => observation.value)).toEqual([0.9, 0.9])
    expect(bad.map((observation) => observation.value)).toEqual([0.2, 0.5, 0.1])
    expect(splitObservations(observations, 1).good).toEqual([observations[1]])
  })

  it("categorical Parzen estimator: prior_weight / n_kernels everywhere, + 1 on the observed choice, uniform prior kernel", () => {
    const estimator = parzenEstimator(
      [0, 0, 2].map((x) => ({ params: { x }, value: 0 })),
      space,
      1
    )
    // By hand: kernels (1.25, .25, .25)/1.75 twice, (.25, .25, 1.25)/1.75 and the prior 1/3 each, weights 1/4.
    const p0 = (2 * (1.25 / 1.75) + 0.25 / 1.75 + 1 / 3) / 4
    const p1 = (3 * (0.25 / 1.75) + 1 / 3) / 4
    const p2 = (2 * (0.25 / 1.75) + 1.25 / 1.75 + 1 / 3) / 4
    expect(Math.exp(logDensity(estimator, { x: 0 }))).toBeCloseTo(p0, 12)
    expect(Math.exp(logDensity(estimator, { x: 1 }))).toBeCloseTo(p1, 12)
    expect(Math.exp(logDensity(estimator, { x: 2 }))).toBeCloseTo(p2, 12)
    expect(p0 + p1 + p2).toBeCloseTo(1, 12)
    // With no observation only the uniform prior is left.
    expect(Math.exp(logDensity(parzenEstimator([], space, 1), { x: 1 }))).toBeCloseTo(1 / 3, 12)
  })
})

// A 10 × 10 grid whose best point is (7, 2); the score falls with the L1 distance from it.
const objective = (params: Readonly<Record<string, number>>) =>
  1 - (Math.abs((params.a ?? 0) - 7) + Math.abs((params.b ?? 0) - 2)) / 18
const grid = [
  { name: "a", choices: 10 },
  { name: "b", choices: 10 }
]

const bestAfter = (sampler: TpeSampler, trials: number) => {
  let best = Number.NEGATIVE_INFINITY
  let nearOptimum = 0
  for (let trial = 0; trial < trials; trial++) {
    const params = sampler.suggest()
    const value = objective(params)
    sampler.observe(params, value)
    best = Math.max(best, value)
    if (trial >= 10 && value >= 1 - 2 / 18) nearOptimum++
  }
  return { best, nearOptimum }
}

describe("TpeSampler", () => {
  it("is deterministic for a seed", () => {
    const run = (seed: number) => {
      const sampler = new TpeSampler(grid, new SeededRandom(seed))
      return Array.from({ length: 25 }, () => {
        const params = sampler.suggest()
        sampler.observe(params, objective(params))
        return `${params.a},${params.b}`
      })
    }
    expect(run(4)).toEqual(run(4))
    expect(run(4)).not.toEqual(run(5))
  })

  it("concentrates on the good region: beats random search over 30 seeds", () => {
    let tpeBest = 0
    let randomBest = 0
    let tpeNear = 0
    let randomNear = 0
    for (let seed = 0; seed < 30; seed++) {
      const tpe = bestAfter(new TpeSampler(grid, new SeededRandom(seed)), 40)
      // nStartupTrials = Infinity makes the sampler uniform: the random-search baseline.
      const random = bestAfter(
        new TpeSampler(grid, new SeededRandom(seed), { nStartupTrials: Number.POSITIVE_INFINITY }),
        40
      )
      tpeBest += tpe.best
      randomBest += random.best
      tpeNear += tpe.nearOptimum
      randomNear += random.nearOptimum
    }
    // After the 10 startup trials, TPE proposes points within distance 2 of the optimum far more often.
    expect(tpeNear).toBeGreaterThan(2 * randomNear)
    expect(tpeBest / 30).toBeGreaterThan(randomBest / 30)
    console.log("TPE vs random over 30 seeds × 40 trials", {
      meanBest: [tpeBest / 30, randomBest / 30],
      nearOptimumAfterStartup: [tpeNear, randomNear]
    })
  })
})
