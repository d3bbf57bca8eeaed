import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { SeededRandom } from "../../src/random/seeded-random.ts"

const bump = (counts: Float64Array, index: number) => {
  counts[index] = (counts[index] ?? 0) + 1
}

describe("SeededRandom", () => {
  it("repeats its stream for a seed and differs across seeds", () => {
    const draws = (seed: number) => {
      const random = new SeededRandom(seed)
      return Array.from({ length: 5 }, () => random.nextUint32())
    }
    expect(draws(9)).toEqual(draws(9))
    expect(draws(9)).not.toEqual(draws(10))
    expect(draws(2 ** 40)).not.toEqual(draws(0))
    expect(draws(-1)).not.toEqual(draws(1))
  })

  it("forks depend on the seed and label only, not on draws already made", () => {
    const fresh = new SeededRandom(3)
    const used = new SeededRandom(3)
    for (let index = 0; index < 100; index++) used.next()
    expect(fresh.fork("tpe").next()).toBe(used.fork("tpe").next())
    expect(fresh.fork("tpe").next()).not.toBe(fresh.fork("merge").next())
    expect(fresh.fork(1).next()).not.toBe(fresh.fork(2).next())
  })

  it("draws uniform numbers: means and bucket counts within sampling error", () => {
    const random = new SeededRandom(42)
    const counts = new Float64Array(10)
    let sum = 0
    const n = 100_000
    for (let index = 0; index < n; index++) {
      const value = random.next()
      sum += value
      bump(counts, Math.floor(value * 10))
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005)
    // Chi-square with 9 degrees of freedom: 21.7 is the 0.99 quantile.
    const chiSquare = counts.reduce((total, count) => total + (count - n / 10) ** 2 / (n / 10), 0)
    expect(chiSquare).toBeLessThan(21.7)
  })

  it("int, shuffle and sample keep their contracts", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 60 }),
        (seed, size, count) => {
          const random = new SeededRandom(seed)
          const items = Array.from({ length: size }, (_, index) => index)
          const value = random.int(size)
          expect(value).toBeGreaterThanOrEqual(0)
          expect(value).toBeLessThan(size)
          expect([...random.shuffle(items)].sort((a, b) => a - b)).toEqual(items)
          const sample = random.sample(items, count)
          expect(sample.length).toBe(Math.min(count, size))
          expect(new Set(sample).size).toBe(sample.length)
          const between = random.intBetween(-3, 3)
          expect(between).toBeGreaterThanOrEqual(-3)
          expect(between).toBeLessThanOrEqual(3)
        }
      )
    )
  })

  it("weighted choices follow their weights; Poisson draws have mean λ", () => {
    const random = new SeededRandom(5)
    const counts = new Float64Array(3)
    for (let index = 0; index < 30_000; index++) bump(counts, random.weightedIndex([1, 0, 3]))
    expect(counts[1]).toBe(0)
    expect(Math.abs((counts[2] ?? 0) / 30_000 - 0.75)).toBeLessThan(0.01)
    let total = 0
    for (let index = 0; index < 20_000; index++) total += random.poisson(1.5)
    expect(Math.abs(total / 20_000 - 1.5)).toBeLessThan(0.03)
    expect(random.poisson(0)).toBe(0)
  })
})
