// The `backtest` use case: hold out the last K campaigns of the history, fit on everything sent before them,
// predict each held-out campaign from its variants' text alone and compare with what it realised. Realised
// rates carry sampling noise (a 2% rate on 3,000 recipients is ±0.5 points at 95%), so a perfect model does not
// score 1 here; a world's truth.json is the noiseless comparison (the simulator-accuracy bench).
import type { CausalInputError } from "@preflight/causal"
import type { Database, DatabaseError } from "@preflight/storage"
import { Effect } from "effect"
import { type AccuracyFigures, accuracyFigures, type VariantComparison } from "../evaluation/accuracy.ts"
import type { CreativeReader } from "../features/creative-reader.ts"
import { loadHistory } from "../history/load-history.ts"
import {
  type BackboneSettings,
  type BacktestArm,
  backtestHistory,
  DEFAULT_BACKBONE_SETTINGS,
  type InsufficientHistory
} from "../models/fit-backbone.ts"

export interface BacktestOptions extends Partial<BackboneSettings> {
  readonly reader: CreativeReader
  /** Campaigns to hold out (the last ones sent; default `backtestShare` of them). */
  readonly holdout?: number | undefined
}

export interface BacktestReport {
  readonly heldOutCampaigns: number
  readonly arms: ReadonlyArray<BacktestArm>
  /** Variants against their realised rates (uplift against the realised control of the same campaign). */
  readonly figures: AccuracyFigures
  readonly seconds: number
}

/** Variant rows of backtest arms, each with its campaign's control arm for the uplift. */
export const comparisonsOf = (arms: ReadonlyArray<BacktestArm>): ReadonlyArray<VariantComparison> => {
  const controls = new Map(arms.filter((arm) => arm.arm === "control").map((arm) => [arm.campaign, arm]))
  return arms.flatMap((arm) => {
    const control = controls.get(arm.campaign)
    if (arm.arm === "control" || control === undefined) return []
    return [
      {
        campaign: arm.campaign,
        variant: arm.arm,
        predicted: arm.predicted,
        actual: arm.realized,
        predictedUplift: arm.predicted - control.predicted,
        actualUplift: arm.realized - control.realized
      }
    ]
  })
}

export const backtest = Effect.fn("Simulator.backtest")(function* (
  options: BacktestOptions
): Effect.fn.Return<BacktestReport, InsufficientHistory | CausalInputError | DatabaseError, Database> {
  const started = Date.now()
  const { reader, holdout, ...overrides } = options
  const settings: BackboneSettings = { ...DEFAULT_BACKBONE_SETTINGS, ...overrides }
  settings.onStage?.("reading the history")
  const snapshot = yield* loadHistory()
  const arms = yield* backtestHistory(snapshot, reader, holdout, settings)
  return {
    heldOutCampaigns: new Set(arms.map((arm) => arm.campaign)).size,
    arms,
    figures: accuracyFigures(comparisonsOf(arms)),
    seconds: (Date.now() - started) / 1000
  }
})
