// DESIGN.md's attribution rule, written independently of the generator: an outcome belongs to the entity's
// latest exposure or holdout row at or before it and at most 7 days earlier. Used to measure a world the way
// Preflight will.
import type { ExposureRecord, OutcomeRecord } from "../../src/index.ts"

const WINDOW_MS = 7 * 86_400_000

/** For each outcome (by index), the index of the exposure row it is attributed to, or −1. */
export const attributeOutcomes = (
  exposures: ReadonlyArray<ExposureRecord>,
  outcomes: ReadonlyArray<OutcomeRecord>
): Int32Array => {
  const byEntity = new Map<string, Array<number>>()
  exposures.forEach((row, index) => {
    const list = byEntity.get(row.entity_id)
    if (list === undefined) byEntity.set(row.entity_id, [index])
    else list.push(index)
  })
  const times = exposures.map((row) => Date.parse(row.timestamp))
  for (const list of byEntity.values()) list.sort((a, b) => (times[a] as number) - (times[b] as number))
  const result = new Int32Array(outcomes.length).fill(-1)
  outcomes.forEach((outcome, index) => {
    const list = byEntity.get(outcome.entity_id)
    if (list === undefined) return
    const at = Date.parse(outcome.timestamp)
    let low = 0
    let high = list.length - 1
    let found = -1
    while (low <= high) {
      const middle = (low + high) >> 1
      if ((times[list[middle] as number] as number) <= at) {
        found = middle
        low = middle + 1
      } else high = middle - 1
    }
    if (found < 0) return
    const exposure = list[found] as number
    if (at - (times[exposure] as number) <= WINDOW_MS) result[index] = exposure
  })
  return result
}
