// Micro-to-macro reconciliation by ratio and logit raking.

import { SeededRandom } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import { InconsistentMargins } from "../../src/errors.ts"
import { reconcileToTotals } from "../../src/raking/reconcile.ts"
import { failure, ok } from "../support/result.ts"

const random = new SeededRandom(8)
const n = 2000
const predictions = Array.from({ length: n }, () => 0.02 + 0.3 * random.next())
const segment = Int32Array.from({ length: n }, (_, i) => i % 4)
const channel = Int32Array.from({ length: n }, (_, i) => (i * 7) % 3)
const sumBy = (values: ArrayLike<number>, codes: Int32Array, levels: number) => {
  const sums = new Array<number>(levels).fill(0)
  for (let i = 0; i < codes.length; i++)
    sums[codes[i] as number] = (sums[codes[i] as number] ?? 0) + (values[i] as number)
  return sums
}

describe("reconcileToTotals", () => {
  // Macro totals that a consistent world would produce: 15 % more conversions than predicted overall.
  const truth = predictions.map((p, i) => Math.min(0.95, p * (1 + 0.1 * ((i % 4) - 1.5) + 0.15)))
  const segmentTotals = sumBy(truth, segment, 4)
  const channelTotals = sumBy(truth, channel, 3)

  for (const method of ["ratio", "logit"] as const) {
    it(`${method}: adjusted predictions add up to every grouping's totals`, () => {
      const result = ok(
        reconcileToTotals(
          predictions,
          [
            { name: "segment", categories: segment, totals: segmentTotals },
            { name: "channel", categories: channel, totals: channelTotals }
          ],
          { method }
        )
      )
      for (const [c, sum] of sumBy(result.adjusted, segment, 4).entries()) {
        expect(Math.abs(sum - (segmentTotals[c] as number))).toBeLessThan(1e-6)
      }
      for (const [c, sum] of sumBy(result.adjusted, channel, 3).entries()) {
        expect(Math.abs(sum - (channelTotals[c] as number))).toBeLessThan(1e-6)
      }
      expect(result.adjusted.every((p) => p > 0 && p < 1)).toBe(true)
      // Order within a group is preserved (one monotone adjustment per group).
      const first = [0, 12, 24].map((i) => result.adjusted[i] as number)
      const original = [0, 12, 24].map((i) => predictions[i] as number)
      expect(Math.sign((first[1] as number) - (first[0] as number))).toBe(
        Math.sign((original[1] as number) - (original[0] as number))
      )
    })
  }

  it("logit keeps probabilities below 1 where ratio scaling would push them over", () => {
    const high = [0.9, 0.8, 0.85, 0.6]
    const codes = Int32Array.from([0, 0, 0, 0])
    const logitResult = ok(
      reconcileToTotals(high, [{ name: "all", categories: codes, totals: [3.8] }], { method: "logit" })
    )
    expect(logitResult.adjusted.every((p) => p < 1)).toBe(true)
    const ratio = ok(reconcileToTotals(high, [{ name: "all", categories: codes, totals: [3.8] }]))
    expect(Math.max(...ratio.adjusted)).toBeGreaterThan(1)
  })

  it("refuses totals that disagree across groupings or exceed a group's size", () => {
    const error = failure(
      reconcileToTotals(
        predictions,
        [
          { name: "segment", categories: segment, totals: segmentTotals },
          { name: "channel", categories: channel, totals: channelTotals.map((t) => t * 1.1) }
        ],
        { method: "logit" }
      )
    )
    expect(error).toBeInstanceOf(InconsistentMargins)
    const tooMany = failure(
      reconcileToTotals([0.5, 0.5], [{ name: "g", categories: [0, 0], totals: [2.5] }], { method: "logit" })
    )
    expect(tooMany).toMatchObject({ field: "groupings.g.totals", index: 0 })
  })
})
