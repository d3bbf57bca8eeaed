import { describe, expect, it } from "vitest"
import { attributeOutcomes, DAY_MS } from "../../src/history/attribution.ts"
import { entityOffsets, OUTCOME_CODE } from "../../src/history/history-snapshot.ts"

// Two entities. Entity 0: a holdout row on day 0, a message on day 10, a message on day 12.
// Entity 1: a message on day 0 only.
const exposureEntity = Int32Array.of(0, 0, 0, 1)
const exposures = {
  count: 4,
  entity: exposureEntity,
  timeMs: Float64Array.of(0, 10 * DAY_MS, 12 * DAY_MS, 0),
  channel: Int32Array.of(-1, 0, 0, 0),
  intervention: Int32Array.of(-1, 0, 1, 0),
  campaign: Int32Array.of(0, 1, 2, 0),
  cost: new Float64Array(4),
  entityStart: entityOffsets(exposureEntity, 2)
}

const outcomesOf = (
  rows: ReadonlyArray<[entity: number, day: number, type: keyof typeof OUTCOME_CODE, value: number]>
) => {
  const entity = Int32Array.from(rows, (row) => row[0])
  return {
    count: rows.length,
    entity,
    timeMs: Float64Array.from(rows, (row) => row[1] * DAY_MS),
    type: Uint8Array.from(rows, (row) => OUTCOME_CODE[row[2]]),
    value: Float64Array.from(rows, (row) => row[3]),
    entityStart: entityOffsets(entity, 2)
  }
}

describe("attributeOutcomes", () => {
  it("gives each outcome to the latest exposure or holdout row within the window before it", () => {
    const outcomes = outcomesOf([
      [0, 3, "purchase", 40], // holdout row of day 0
      [0, 11, "open", 0], // message of day 10
      [0, 13, "purchase", 25], // message of day 12, not the one of day 10
      [0, 30, "purchase", 99], // 18 days after the last message: background
      [1, 7, "unsubscribe", 0], // exactly 7 days: inside the window
      [1, 7.5, "purchase", 10] // 7.5 days: outside
    ])
    const attributed = attributeOutcomes(exposures, outcomes)
    expect(Array.from(attributed.exposureOfOutcome)).toEqual([0, 1, 2, -1, 3, -1])
    expect(Array.from(attributed.converted)).toEqual([1, 0, 1, 0])
    expect(Array.from(attributed.revenue)).toEqual([40, 0, 25, 0])
    expect(Array.from(attributed.opened)).toEqual([0, 1, 0, 0])
    expect(Array.from(attributed.unsubscribed)).toEqual([0, 0, 0, 1])
    expect(attributed.unattributedOutcomes).toBe(2)
  })

  it("never attributes an outcome to an exposure after it, nor across entities", () => {
    const outcomes = outcomesOf([[0, 9, "purchase", 5]])
    const attributed = attributeOutcomes(exposures, outcomes)
    // Day 9: the holdout row of day 0 is 9 days earlier (outside), the message of day 10 is later.
    expect(attributed.exposureOfOutcome[0]).toBe(-1)
  })

  it("honours a configurable window", () => {
    const outcomes = outcomesOf([[0, 9, "purchase", 5]])
    expect(attributeOutcomes(exposures, outcomes, 10 * DAY_MS).exposureOfOutcome[0]).toBe(0)
  })
})
