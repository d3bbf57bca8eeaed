// The history as it was known at a moment: every exposure and outcome before it, nothing after. Backtests
// fit on a truncated snapshot and predict what came later, exactly as a forecast made at that moment would.
import { type ExposureColumns, entityOffsets, type HistorySnapshot, type OutcomeColumns } from "./history-snapshot.ts"

const keepExposures = (exposures: ExposureColumns, entityCount: number, untilMs: number): ExposureColumns => {
  const rows: Array<number> = []
  for (let row = 0; row < exposures.count; row++) if ((exposures.timeMs[row] as number) < untilMs) rows.push(row)
  const pick = <T extends Int32Array | Float64Array>(column: T, make: (n: number) => T): T => {
    const out = make(rows.length)
    rows.forEach((row, index) => {
      out[index] = column[row] as number
    })
    return out
  }
  const entity = pick(exposures.entity, (n) => new Int32Array(n))
  return {
    count: rows.length,
    entity,
    timeMs: pick(exposures.timeMs, (n) => new Float64Array(n)),
    channel: pick(exposures.channel, (n) => new Int32Array(n)),
    intervention: pick(exposures.intervention, (n) => new Int32Array(n)),
    campaign: pick(exposures.campaign, (n) => new Int32Array(n)),
    cost: pick(exposures.cost, (n) => new Float64Array(n)),
    entityStart: entityOffsets(entity, entityCount)
  }
}

const keepOutcomes = (outcomes: OutcomeColumns, entityCount: number, untilMs: number): OutcomeColumns => {
  const rows: Array<number> = []
  for (let row = 0; row < outcomes.count; row++) if ((outcomes.timeMs[row] as number) < untilMs) rows.push(row)
  const entity = Int32Array.from(rows, (row) => outcomes.entity[row] as number)
  return {
    count: rows.length,
    entity,
    timeMs: Float64Array.from(rows, (row) => outcomes.timeMs[row] as number),
    type: Uint8Array.from(rows, (row) => outcomes.type[row] as number),
    value: Float64Array.from(rows, (row) => outcomes.value[row] as number),
    entityStart: entityOffsets(entity, entityCount)
  }
}

/**
 * The snapshot restricted to events strictly before `untilMs`. Entities, interventions, campaigns and the
 * channel list are kept whole (indices stay valid); campaigns sent later simply have no rows.
 */
export const truncateSnapshot = (snapshot: HistorySnapshot, untilMs: number): HistorySnapshot => ({
  ...snapshot,
  exposures: keepExposures(snapshot.exposures, snapshot.entities.count, untilMs),
  outcomes: keepOutcomes(snapshot.outcomes, snapshot.entities.count, untilMs),
  toMs: Math.min(snapshot.toMs, untilMs)
})
