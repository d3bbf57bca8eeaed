// Raking: the reference's Hillstrom anchors, properties, kernels, errors and options.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EmptyCategory, InconsistentMargins, RakingNotConverged } from "../../src/errors.ts"
import { kishEffectiveSampleSize } from "../../src/raking/kish.ts"
import { rake } from "../../src/raking/rake.ts"
import { failure, ok } from "../support/result.ts"
import { hillstrom, itWithHillstrom } from "../support/shared-data.ts"

/** Integer codes for the sorted distinct values (pandas' sort_index order in the reference). */
const encode = (values: ReadonlyArray<string>): { codes: Int32Array; levels: Array<string> } => {
  const levels = [...new Set(values)].sort()
  const index = new Map(levels.map((level, i) => [level, i]))
  return { codes: Int32Array.from(values, (value) => index.get(value) ?? -1), levels }
}
const shares = (codes: Int32Array, levels: number): Array<number> => {
  const counts = new Array<number>(levels).fill(0)
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1
  return counts.map((count) => count / codes.length)
}

describe("rake on the reference's Hillstrom case (ref_extra_out.txt C2)", () => {
  itWithHillstrom("control visitors raked to full-file margins: ≤ 10 sweeps, weights 0.3888 … 1.9560", () => {
    const rows = hillstrom()
    const sample = rows.filter((row) => row.segment === "No E-Mail" && row.visit === 1)
    expect(sample.length).toBe(2262)
    const margins = (["zipCode", "channel", "newbie"] as const).map((field) => {
      const full = encode(rows.map((row) => String(row[field])))
      const inSample = encode(sample.map((row) => String(row[field])))
      expect(inSample.levels).toEqual(full.levels)
      return { name: field, categories: inSample.codes, targets: shares(full.codes, full.levels.length) }
    })
    const result = ok(rake(margins))
    expect(result.sweeps).toBeLessThanOrEqual(10)
    expect(result.sweeps).toBe(8)
    expect(Math.abs(result.minWeight - 0.3888)).toBeLessThan(1e-3)
    expect(Math.abs(result.maxWeight - 1.956)).toBeLessThan(1e-3)
    expect(Math.abs(result.effectiveSampleSize - 1971.6)).toBeLessThan(0.05)
    const weights = result.weights
    let weightedHistory = 0
    let total = 0
    sample.forEach((row, i) => {
      weightedHistory += (weights[i] as number) * row.history
      total += weights[i] as number
    })
    expect(Math.abs(weightedHistory / total - 308.894)).toBeLessThan(5e-4)
    expect(Math.abs(total - 2262)).toBeLessThan(1e-8)
    for (const margin of result.margins) expect(margin.maxAbsoluteError).toBeLessThan(1e-6)
  })
})

/** Random feasible raking problems: margins are those of a hidden positive weighting of the units. */
const feasibleProblem = fc
  .record({
    units: fc.integer({ min: 5, max: 120 }),
    levels: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 1_000_000 })
  })
  .map(({ units, levels, seed }) => {
    let state = seed + 1
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return state / 4294967296
    }
    const hidden = Array.from({ length: units }, () => 0.2 + 3 * next())
    const margins = levels.map((count, m) => {
      // Every category gets at least one unit.
      const codes = Int32Array.from({ length: units }, (_, i) => (i < count ? i : Math.floor(next() * count)))
      const totals = new Array<number>(count).fill(0)
      codes.forEach((code, i) => {
        totals[code] = (totals[code] ?? 0) + (hidden[i] as number)
      })
      return { name: `m${m}`, categories: codes, targets: totals }
    })
    return { margins }
  })

describe("rake properties", () => {
  it("gives positive weights that hit every margin", () => {
    fc.assert(
      fc.property(feasibleProblem, ({ margins }) => {
        const result = rake(margins, { targetKind: "total", maxSweeps: 5000, tolerance: 1e-12 })
        if (result._tag === "Failure") return false
        const { weights } = result.success
        if (!weights.every((w) => w > 0)) return false
        return margins.every((margin) => {
          const achieved = new Array<number>(margin.targets.length).fill(0)
          margin.categories.forEach((code, i) => {
            achieved[code] = (achieved[code] ?? 0) + (weights[i] as number)
          })
          return achieved.every(
            (value, c) =>
              Math.abs(value - (margin.targets[c] as number)) <= 1e-6 * Math.max(1, margin.targets[c] as number)
          )
        })
      }),
      { numRuns: 200, seed: 17 }
    )
  })
})

describe("rake kernels", () => {
  it("the fused single-pass loop and the bounded loop give the same weights when no bound binds", () => {
    const n = 5000
    let state = 99
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return state / 4294967296
    }
    const a = Int32Array.from({ length: n }, () => Math.floor(next() * 3))
    const b = Int32Array.from({ length: n }, (_, i) => ((a[i] as number) + Math.floor(next() * 2)) % 4)
    const margins = [
      { name: "a", categories: a, targets: [0.2, 0.3, 0.5] },
      { name: "b", categories: b, targets: [0.1, 0.2, 0.3, 0.4] }
    ]
    const fused = ok(rake(margins))
    const bounded = ok(rake(margins, { bounds: { lower: 0 } }))
    expect(bounded.sweeps).toBe(fused.sweeps)
    for (let i = 0; i < n; i++)
      expect(Math.abs((fused.weights[i] as number) - (bounded.weights[i] as number))).toBeLessThan(1e-12)
  })
})

describe("rake errors and options", () => {
  const codesA = Int32Array.from([0, 0, 1, 1, 2, 2])
  const codesB = Int32Array.from([0, 1, 0, 1, 0, 1])

  it("refuses margins whose totals disagree", () => {
    const error = failure(
      rake(
        [
          { name: "a", categories: codesA, targets: [10, 10, 10] },
          { name: "b", categories: codesB, targets: [10, 12] }
        ],
        { targetKind: "total" }
      )
    )
    expect(error).toBeInstanceOf(InconsistentMargins)
    expect((error as InconsistentMargins).totals.map((t) => t.margin)).toEqual(["a", "b"])
    const shares = failure(rake([{ name: "a", categories: codesA, targets: [0.5, 0.3, 0.3] }]))
    expect(shares).toBeInstanceOf(InconsistentMargins)
  })

  it("names an empty targeted category", () => {
    const error = failure(
      rake([{ name: "region", categories: Int32Array.from([0, 0, 2, 2]), targets: [0.4, 0.2, 0.4] }])
    )
    expect(error).toBeInstanceOf(EmptyCategory)
    expect(error).toMatchObject({ margin: "region", category: 1 })
  })

  it("names a bad category code and row", () => {
    const error = failure(rake([{ name: "region", categories: [0, 1, 5], targets: [0.5, 0.5] }]))
    expect(error).toMatchObject({ _tag: "InvalidInput", field: "margins.region.categories", index: 2 })
  })

  it("keeps weights inside bounds when feasible, and says so when not", () => {
    const margins = [
      { name: "a", categories: codesA, targets: [0.2, 0.3, 0.5] },
      { name: "b", categories: codesB, targets: [0.45, 0.55] }
    ]
    const bounded = ok(rake(margins, { bounds: { lower: 0.5, upper: 2 }, maxSweeps: 1000 }))
    expect(bounded.minWeight).toBeGreaterThanOrEqual(0.5 - 1e-12)
    expect(bounded.maxWeight).toBeLessThanOrEqual(2 + 1e-12)
    const impossible = failure(rake(margins, { bounds: { lower: 0.9, upper: 1.1 }, maxSweeps: 200 }))
    expect(impossible).toBeInstanceOf(RakingNotConverged)
  })

  it("trims extreme weights and re-meets the margins", () => {
    // Few units sit in the (a = 0, b = 0) cell, so plain raking gives them 6.65 × the mean weight.
    const n = 200
    const a = Int32Array.from({ length: n }, (_, i) => (i < 20 ? 0 : 1))
    const b = Int32Array.from({ length: n }, (_, i) => (i < 2 || (i >= 20 && i < 120) ? 0 : 1))
    const twoWay = [
      { name: "a", categories: a, targets: [0.3, 0.7] },
      { name: "b", categories: b, targets: [0.6, 0.4] }
    ]
    expect(ok(rake(twoWay)).maxWeight).toBeGreaterThan(6)
    const capped = ok(rake(twoWay, { trimAt: 3, maxSweeps: 5000 }))
    expect(capped.maxWeight).toBeLessThanOrEqual(3 + 1e-9)
    for (const margin of capped.margins) expect(margin.maxAbsoluteError).toBeLessThan(1e-6)

    const codes = Int32Array.from({ length: 100 }, (_, i) => (i < 5 ? 0 : 1))
    const untrimmed = ok(rake([{ name: "rare", categories: codes, targets: [0.3, 0.7] }]))
    expect(untrimmed.maxWeight).toBeCloseTo(6, 10)
    const trimmed = rake(
      [
        { name: "rare", categories: codes, targets: [0.3, 0.7] },
        { name: "other", categories: Int32Array.from({ length: 100 }, (_, i) => i % 2), targets: [0.5, 0.5] }
      ],
      { trimAt: 5, maxSweeps: 2000 }
    )
    // The rare group needs weight 6 × mean to reach 30 %, so a cap at 5 × mean cannot hold with exact margins.
    expect(failure(trimmed)).toBeInstanceOf(RakingNotConverged)
    expect(kishEffectiveSampleSize(untrimmed.weights)).toBeLessThan(100)
  })
})
