// The first half of the learning loop: what happened since the active program was calibrated. Every completed
// campaign sent after the calibration's data (`dataThrough`) becomes cells, stored once as training examples
// (source `outcomes/<campaign>`, the buffer), and their realised uplifts are compared with the ones the
// calibration learnt from (PSI and two-sample KS per input, the calibration package's drift report).
import { type DriftReport, driftReport } from "@preflight/calibration"
import { murmurHash3 } from "@preflight/numeric"
import { type Database, type DatabaseError, type RowValidationError, TrainingExampleStore } from "@preflight/storage"
import { Effect, Result } from "effect"
import type { ActiveCalibration } from "../calibration/calibrated-program.ts"
import { PERSONA_PROGRAM_ID } from "../calibration/calibrated-program.ts"
import { cellLabels, cellLogitUplift, type HistoryCell, historyCells } from "../calibration/history-cells.ts"
import { loadHistory } from "../history/load-history.ts"
import { type FitUnreadable, loadLatestFit, type NoFittedModels } from "../persistence/fit-store.ts"

/** Share of buffered campaigns stored in the `val` split (by a hash of the campaign id, so it never changes). */
const VALIDATION_SHARE = 0.2

export interface ObservedOutcomes {
  /** The newest campaign the active calibration learnt from (ISO 8601). */
  readonly dataThrough: string
  /** Cells of campaigns completed after it: the buffer. */
  readonly newCells: ReadonlyArray<HistoryCell>
  readonly newCampaigns: number
  /** Examples stored by this call (campaigns seen before are not stored again). */
  readonly stored: number
  /** Realised uplift and conversion rate of the new cells against the calibration's own cells. */
  readonly drift: {
    readonly anyDrift: boolean
    readonly drifted: ReadonlyArray<string>
    readonly report: DriftReport | null
    /** Why no report could be computed (too few cells on a side). */
    readonly note: string | null
  }
}

const splitOf = (campaign: string): "train" | "val" =>
  murmurHash3(`buffer\u0000${campaign}`) / 4294967296 < VALIDATION_SHARE ? "val" : "train"

/** Stores the cells of campaigns not stored yet; returns how many examples were written. */
const storeNewCells = (cells: ReadonlyArray<HistoryCell>) =>
  Effect.gen(function* () {
    const store = yield* TrainingExampleStore
    const byCampaign = new Map<string, Array<HistoryCell>>()
    for (const cell of cells) byCampaign.set(cell.campaign, [...(byCampaign.get(cell.campaign) ?? []), cell])
    let stored = 0
    for (const [campaign, campaignCells] of byCampaign) {
      const source = `outcomes/${campaign}`
      if ((yield* store.count({ programId: PERSONA_PROGRAM_ID, source })) > 0) continue
      yield* store.add(
        campaignCells.map((cell) => ({
          programId: PERSONA_PROGRAM_ID,
          source,
          split: splitOf(campaign),
          inputs: {
            campaign: cell.campaign,
            variant: cell.variant,
            segment: cell.segment,
            channel: cell.channel,
            creative_text: cell.text,
            sent_at: new Date(cell.sendMs).toISOString()
          },
          labels: cellLabels(cell)
        }))
      )
      stored += campaignCells.length
    }
    return stored
  })

/** Reads the history for what came after the active calibration, buffers it and checks it for drift. */
export const observeOutcomes = (
  active: ActiveCalibration
): Effect.Effect<
  ObservedOutcomes,
  NoFittedModels | FitUnreadable | RowValidationError | DatabaseError,
  Database | TrainingExampleStore
> =>
  Effect.gen(function* () {
    const fit = yield* loadLatestFit()
    const snapshot = yield* loadHistory()
    const cells = historyCells(snapshot, fit.backbone.attributionWindowDays)
    const dataThrough = active.state.dataThrough ?? active.state.calibratedAt
    const throughMs = Date.parse(dataThrough)
    const reference = cells.filter((cell) => cell.sendMs <= throughMs)
    const newCells = cells.filter((cell) => cell.sendMs > throughMs)
    const stored = yield* storeNewCells(newCells)
    const report =
      reference.length >= 2 && newCells.length >= 2
        ? driftReport({
            logit_uplift: { reference: reference.map(cellLogitUplift), current: newCells.map(cellLogitUplift) },
            conversion_rate: {
              reference: reference.map((cell) => cell.conversions / cell.recipients),
              current: newCells.map((cell) => cell.conversions / cell.recipients)
            }
          })
        : undefined
    const drift =
      report !== undefined && Result.isSuccess(report)
        ? { anyDrift: report.success.anyDrift, drifted: report.success.drifted, report: report.success, note: null }
        : {
            anyDrift: false,
            drifted: [],
            report: null,
            note:
              report === undefined
                ? `too few cells to compare (${reference.length} before, ${newCells.length} after ${dataThrough})`
                : report.failure.message
          }
    return {
      dataThrough,
      newCells,
      newCampaigns: new Set(newCells.map((cell) => cell.campaign)).size,
      stored,
      drift
    }
  }).pipe(Effect.withSpan("Simulator.observeOutcomes"))
