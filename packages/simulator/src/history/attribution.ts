// Attribution, DESIGN.md's rule: an outcome belongs to the entity's latest exposure or holdout row within the
// attribution window before it (7 days by default). `metadata.intervention_id` is only ever a hint, so it is
// not used: the rule must give the same answer for any organisation's export.
import { type ExposureColumns, OUTCOME_CODE, type OutcomeColumns } from "./history-snapshot.ts"

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7
export const DAY_MS = 86_400_000

/** What each exposure (message or holdout row) led to within the window. */
export interface AttributedOutcomes {
  /** 1 when at least one purchase was attributed to the row. */
  readonly converted: Uint8Array
  readonly purchases: Int32Array
  readonly revenue: Float64Array
  readonly opened: Uint8Array
  readonly clicked: Uint8Array
  readonly unsubscribed: Uint8Array
  /** Index of the exposure each outcome was attributed to, −1 when none (background outcomes). */
  readonly exposureOfOutcome: Int32Array
  readonly attributedOutcomes: number
  readonly unattributedOutcomes: number
}

/**
 * Attributes every outcome to the latest exposure of the same entity at or before it and at most
 * `windowMs` earlier. Both tables must be sorted by entity then time (as `loadHistory` returns them).
 * O(exposures + outcomes): one merge per entity.
 */
export const attributeOutcomes = (
  exposures: ExposureColumns,
  outcomes: OutcomeColumns,
  windowMs: number = DEFAULT_ATTRIBUTION_WINDOW_DAYS * DAY_MS
): AttributedOutcomes => {
  const converted = new Uint8Array(exposures.count)
  const purchases = new Int32Array(exposures.count)
  const revenue = new Float64Array(exposures.count)
  const opened = new Uint8Array(exposures.count)
  const clicked = new Uint8Array(exposures.count)
  const unsubscribed = new Uint8Array(exposures.count)
  const exposureOfOutcome = new Int32Array(outcomes.count).fill(-1)
  let attributed = 0
  const entityCount = exposures.entityStart.length - 1
  for (let entity = 0; entity < entityCount; entity++) {
    let exposure = exposures.entityStart[entity] as number
    const exposureEnd = exposures.entityStart[entity + 1] as number
    const outcomeEnd = outcomes.entityStart[entity + 1] as number
    for (let outcome = outcomes.entityStart[entity] as number; outcome < outcomeEnd; outcome++) {
      const t = outcomes.timeMs[outcome] as number
      // Advance to the last exposure at or before t (outcomes are in time order, so never move back).
      while (exposure + 1 < exposureEnd && (exposures.timeMs[exposure + 1] as number) <= t) exposure++
      if (exposure >= exposureEnd) continue
      const sentAt = exposures.timeMs[exposure] as number
      if (sentAt > t || t - sentAt > windowMs) continue
      exposureOfOutcome[outcome] = exposure
      attributed++
      switch (outcomes.type[outcome]) {
        case OUTCOME_CODE.purchase:
          converted[exposure] = 1
          purchases[exposure] = (purchases[exposure] as number) + 1
          revenue[exposure] = (revenue[exposure] as number) + (outcomes.value[outcome] as number)
          break
        case OUTCOME_CODE.open:
          opened[exposure] = 1
          break
        case OUTCOME_CODE.click:
          clicked[exposure] = 1
          break
        case OUTCOME_CODE.unsubscribe:
          unsubscribed[exposure] = 1
          break
        default:
          break
      }
    }
  }
  return {
    converted,
    purchases,
    revenue,
    opened,
    clicked,
    unsubscribed,
    exposureOfOutcome,
    attributedOutcomes: attributed,
    unattributedOutcomes: outcomes.count - attributed
  }
}
