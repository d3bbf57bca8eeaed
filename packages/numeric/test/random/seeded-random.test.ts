import { describe, expect, it } from "vitest"
import { SeededRandom, seedMaterial } from "../../src/index.ts"

const draws = (random: SeededRandom, count: number): number[] => Array.from({ length: count }, () => random.next())

const meanAndVariance = (values: ReadonlyArray<number>): { mean: number; variance: number } => {
  let sum = 0
  for (const value of values) sum += value
  const mean = sum / values.length
  let squares = 0
  for (const value of values) squares += (value - mean) ** 2
  return { mean, variance: squares / (values.length - 1) }
}

describe("SeededRandom", () => {
  it("is xoshiro128** 1.1 (the reference outputs from state 1, 2, 3, 4)", () => {
    const random = SeededRandom.fromState(1, 2, 3, 4)
    const first = Array.from({ length: 5 }, () => random.nextUint32())
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883])
  })

  it("gives the same stream for the same seed and different streams for different seeds", () => {
    expect(draws(new SeededRandom(7), 5)).toEqual(draws(new SeededRandom(7), 5))
    expect(draws(new SeededRandom(7), 5)).not.toEqual(draws(new SeededRandom(8), 5))
  })

  it("keeps 0, 2^32, -1 and 2^32 - 1 apart (a `seed | 0` would collide)", () => {
    const seeds = [0, 4294967296, -1, 4294967295, 1, -4294967296, Number.MAX_SAFE_INTEGER]
    const materials = new Set(seeds.map(seedMaterial))
    expect(materials.size).toBe(seeds.length)
  })

  it("refuses seeds that are not safe integers", () => {
    expect(() => new SeededRandom(1.5)).toThrow(RangeError)
    expect(() => new SeededRandom(Number.NaN)).toThrow(RangeError)
    expect(() => new SeededRandom(2 ** 60)).toThrow(RangeError)
  })

  it("forks by label from the seed, not from the draws made so far", () => {
    const a = new SeededRandom(3)
    const b = new SeededRandom(3)
    draws(b, 100)
    expect(draws(a.fork("personas"), 4)).toEqual(draws(b.fork("personas"), 4))
    expect(draws(a.fork("personas"), 4)).not.toEqual(draws(a.fork("worlds"), 4))
    expect(draws(a.fork(1), 4)).not.toEqual(draws(a.fork(2), 4))
  })

  it("draws integers below the bound without bias", () => {
    const random = new SeededRandom(11)
    const counts = new Array<number>(6).fill(0)
    for (let index = 0; index < 60_000; index++) {
      const value = random.int(6)
      counts[value] = (counts[value] as number) + 1
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400) // > 4 sd
  })

  it("draws normal, gamma, beta, Poisson and binomial values with the right mean and variance", () => {
    const random = new SeededRandom(5)
    const n = 40_000
    const normal = meanAndVariance(Array.from({ length: n }, () => random.normal()))
    expect(normal.mean).toBeCloseTo(0, 1)
    expect(normal.variance).toBeCloseTo(1, 1)
    for (const shape of [0.4, 2.5]) {
      const gamma = meanAndVariance(Array.from({ length: n }, () => random.gamma(shape)))
      expect(Math.abs(gamma.mean - shape)).toBeLessThan(0.05 * shape + 0.02)
      expect(Math.abs(gamma.variance - shape)).toBeLessThan(0.1 * shape + 0.02)
    }
    const beta = meanAndVariance(Array.from({ length: n }, () => random.beta(2, 5)))
    expect(beta.mean).toBeCloseTo(2 / 7, 2)
    expect(beta.variance).toBeCloseTo((2 * 5) / (49 * 8), 3)
    const poisson = meanAndVariance(Array.from({ length: n }, () => random.poisson(3.5)))
    expect(Math.abs(poisson.mean - 3.5)).toBeLessThan(0.06)
    for (const [trials, p] of [
      [200, 0.03],
      [5000, 0.4],
      [80, 0.97]
    ] as const) {
      const binomial = meanAndVariance(Array.from({ length: n / 4 }, () => random.binomial(trials, p)))
      expect(Math.abs(binomial.mean - trials * p) / Math.sqrt(trials * p * (1 - p))).toBeLessThan(0.1)
      expect(binomial.variance / (trials * p * (1 - p))).toBeGreaterThan(0.9)
      expect(binomial.variance / (trials * p * (1 - p))).toBeLessThan(1.1)
    }
  })

  it("shuffles, samples and chooses by weight reproducibly", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8]
    expect(new SeededRandom(2).shuffle(items)).toEqual(new SeededRandom(2).shuffle(items))
    expect([...new SeededRandom(2).shuffle(items)].sort()).toEqual(items)
    expect(new Set(new SeededRandom(4).sample(items, 5)).size).toBe(5)
    const random = new SeededRandom(9)
    let heavy = 0
    for (let index = 0; index < 10_000; index++) if (random.weightedIndex([1, 3]) === 1) heavy++
    expect(Math.abs(heavy / 10_000 - 0.75)).toBeLessThan(0.02)
  })
})
