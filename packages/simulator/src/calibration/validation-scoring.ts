// How a persona program scores on the validation campaigns, the way `simulate` would use it: each campaign's
// personas react to its variants (archetypes deduplicated, as in a simulation); a cell's intent is its mean
// intent minus the mean over the campaign's variants for that segment; its prediction is the fit's
// out-of-sample forecast (the backtest) moved by κ × that intent on the logit scale. κ is either given (the
// uncalibrated default's) or cross-fitted: each campaign is predicted with κ estimated on the other validation
// campaigns, so no campaign helps calibrate its own score.
import type { CompositeResult, SeedCompositeOptions } from "@preflight/calibration"
import type { LanguageModel, Module } from "@preflight/core-signatures"
import { type Persona, type PersonaInputError, type PersonaResponseModule, reactPanel } from "@preflight/personas"
import { Effect, Result } from "effect"
import type { BacktestArm } from "../models/fit-backbone.ts"
import { UNCALIBRATED_SENSITIVITY } from "../simulation/persona-panel.ts"
import { cellComposite } from "./cell-composite.ts"
import {
  estimateSensitivity,
  type ResidualCell,
  type Sensitivity,
  type SensitivityPrior
} from "./estimate-sensitivity.ts"
import type { HistoryCell } from "./history-cells.ts"

/** A validation cell with the fit's out-of-sample forecast of its rate. */
export interface ForecastCell extends HistoryCell {
  readonly forecast: number
}

/** Joins validation cells with the backtest's per-segment forecasts (cells without one are dropped). */
export const withForecasts = (
  cells: ReadonlyArray<HistoryCell>,
  backtest: ReadonlyArray<BacktestArm>
): ReadonlyArray<ForecastCell> => {
  const forecasts = new Map<string, number>()
  for (const arm of backtest) {
    for (const segment of arm.segments ?? []) {
      forecasts.set(`${arm.campaign}/${arm.arm}/${segment.segment}`, segment.predicted)
    }
  }
  return cells.flatMap((cell) => {
    const forecast = forecasts.get(cell.key)
    return forecast === undefined || !(forecast > 0 && forecast < 1) ? [] : [{ ...cell, forecast }]
  })
}

/** Centred intents per cell key, and the program runs they took. */
export interface CellIntents {
  readonly intents: ReadonlyMap<string, number>
  readonly programCalls: number
}

/** Every validation campaign's panel: its segments' personas × its variants on its channel. */
export const validationIntents = (
  cells: ReadonlyArray<ForecastCell>,
  personasBySegment: ReadonlyMap<string, ReadonlyArray<Persona>>,
  module: PersonaResponseModule
): Effect.Effect<CellIntents, PersonaInputError | Module.ErrorOf<PersonaResponseModule>, LanguageModel> =>
  Effect.gen(function* () {
    const byCampaign = new Map<string, Array<ForecastCell>>()
    for (const cell of cells) {
      const own = byCampaign.get(cell.campaign) ?? []
      own.push(cell)
      byCampaign.set(cell.campaign, own)
    }
    const intents = new Map<string, number>()
    let programCalls = 0
    for (const own of byCampaign.values()) {
      const variants = new Map(own.map((cell) => [cell.variant, cell.text]))
      const segments = [...new Set(own.map((cell) => cell.segment))]
      const channel = (own[0] as ForecastCell).channel
      const panel = yield* reactPanel({
        personas: segments.flatMap((segment) => personasBySegment.get(segment) ?? []),
        creatives: [...variants.entries()].map(([id, text]) => ({ id, text })),
        channels: [channel],
        module,
        dedup: { resolution: 2 }
      })
      programCalls += panel.programCalls
      const mean = (variant: string, segment: string) =>
        panel.summaries.find((summary) => summary.creativeId === variant && summary.segmentId === segment)
          ?.meanIntentDelta ?? 0
      for (const segment of segments) {
        const average = [...variants.keys()].reduce((sum, variant) => sum + mean(variant, segment), 0) / variants.size
        for (const cell of own) {
          if (cell.segment === segment) intents.set(cell.key, mean(cell.variant, segment) - average)
        }
      }
    }
    return { intents, programCalls }
  })

/**
 * What is believed about κ before the validation cells are seen: the uncalibrated sensitivity, give or take its
 * own size (a κ̂ the cells identify within ±0.25 moves it halfway).
 */
export const SENSITIVITY_PRIOR: SensitivityPrior = {
  kappa: UNCALIBRATED_SENSITIVITY,
  standardDeviation: UNCALIBRATED_SENSITIVITY
}

const residualCells = (cells: ReadonlyArray<ForecastCell>, intents: ReadonlyMap<string, number>) =>
  cells.map(
    (cell): ResidualCell => ({
      group: `${cell.campaign}/${cell.segment}`,
      forecast: cell.forecast,
      intent: intents.get(cell.key) ?? 0,
      conversions: cell.conversions,
      recipients: cell.recipients
    })
  )

export interface ValidationScore {
  readonly composite: CompositeResult
  /** The mapping fitted on every validation cell (what a registered version keeps). */
  readonly sensitivity: Sensitivity
  /** κ each campaign was scored with (cross-fitted, or the given one). */
  readonly kappaByCampaign: ReadonlyMap<string, number>
}

const shifted = (forecast: number, shift: number): number =>
  1 / (1 + Math.exp(-(Math.log(forecast / (1 - forecast)) + shift)))

/** Scores centred intents on the validation cells with a given κ, or cross-fitted κ when `kappa` is omitted. */
export const scoreOnValidation = (
  cells: ReadonlyArray<ForecastCell>,
  intents: ReadonlyMap<string, number>,
  options: { readonly kappa?: number | undefined; readonly seed: number; readonly composite?: SeedCompositeOptions }
): Result.Result<ValidationScore, import("@preflight/calibration").InvalidInput> => {
  const sensitivity = estimateSensitivity(residualCells(cells, intents), options.seed, SENSITIVITY_PRIOR)
  const kappaByCampaign = new Map<string, number>()
  for (const campaign of new Set(cells.map((cell) => cell.campaign))) {
    kappaByCampaign.set(
      campaign,
      options.kappa ??
        estimateSensitivity(
          residualCells(
            cells.filter((cell) => cell.campaign !== campaign),
            intents
          ),
          options.seed,
          SENSITIVITY_PRIOR
        ).kappa
    )
  }
  const predicted = cells.map((cell) => ({
    predicted: shifted(cell.forecast, (kappaByCampaign.get(cell.campaign) ?? 0) * (intents.get(cell.key) ?? 0)),
    conversions: cell.conversions,
    recipients: cell.recipients
  }))
  return Result.map(cellComposite(predicted, options.composite, options.seed), (composite) => ({
    composite,
    sensitivity,
    kappaByCampaign
  }))
}
