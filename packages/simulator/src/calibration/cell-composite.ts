// The seeds' composite (ranking 0.3, moments 0.3, calibration 0.4; @preflight/calibration) on campaign cells:
// ranking = Kendall's τ-b between realised and predicted rates over pairs of cells of the same group (a
// campaign's variants in one segment: the seeds rank creatives, and a choice between creatives is made within
// one send; pairs across groups would mostly rank segments and seasons), as (τ + 1) / 2, moments = the seeds'
// mean/std/skew match between the realised cell rates and simulated ones (each cell's recipients drawn from
// its predicted probability, seeded: realised rates carry sampling noise, so expectations alone would be
// scored as too narrow; the skew's error bounded, `skewError: "bounded"`, since cell rates are often nearly
// symmetric), calibration = the predicted probabilities against every recipient's 0/1 outcome. Larger cells carry more recipients, so they weigh more in the
// calibration part; small cells count once each in ranking and moments.
import {
  type CompositeResult,
  calibrationErrors,
  compositeScore,
  type InvalidInput,
  momentMatchingScore,
  SEED_COMPOSITE_WEIGHTS,
  type SeedCompositeOptions
} from "@preflight/calibration"
import { SeededRandom } from "@preflight/numeric"
import { Result } from "effect"
import { withinCampaignTau } from "../evaluation/accuracy.ts"

export interface PredictedCell {
  /** Predicted conversion probability of the cell's recipients. */
  readonly predicted: number
  readonly conversions: number
  readonly recipients: number
  /** Cells of one group are ranked against each other (a campaign's variants in one segment). */
  readonly group: string
  /** What ranking compares (default: the realised and the predicted rate). */
  readonly rankActual?: number | undefined
  readonly rankPredicted?: number | undefined
}

/** Simulated outcome sets the moment score is averaged over (one draw alone moves it by ±0.05). */
const MOMENT_REPLICATES = 20

/** Recipients expanded into 0/1 labels at most this many in all (larger sets are scaled down, keeping rates). */
const MAX_LABELS = 200_000

export const cellComposite = (
  cells: ReadonlyArray<PredictedCell>,
  options: SeedCompositeOptions = {},
  seed = 0
): Result.Result<CompositeResult, InvalidInput> => {
  const realized = cells.map((cell) => cell.conversions / cell.recipients)
  const random = new SeededRandom(seed).fork("cell-outcomes")
  const replicates = Array.from({ length: MOMENT_REPLICATES }, () =>
    cells.map((cell) => random.binomial(cell.recipients, cell.predicted) / cell.recipients)
  )
  const total = cells.reduce((sum, cell) => sum + cell.recipients, 0)
  const scale = Math.min(1, MAX_LABELS / Math.max(1, total))
  const labels: Array<number> = []
  const probabilities: Array<number> = []
  for (const cell of cells) {
    const n = Math.max(1, Math.round(cell.recipients * scale))
    const ones = Math.round((cell.conversions / cell.recipients) * n)
    for (let index = 0; index < n; index++) {
      labels.push(index < ones ? 1 : 0)
      probabilities.push(cell.predicted)
    }
  }
  return Result.gen(function* () {
    const tau = withinCampaignTau(
      cells.map((cell, index) => ({
        campaign: cell.group,
        variant: String(index),
        actual: cell.rankActual ?? (realized[index] as number),
        predicted: cell.rankPredicted ?? cell.predicted,
        actualUplift: 0,
        predictedUplift: 0
      }))
    )
    // No pair of comparable cells: nothing is ranked, as a coin would.
    const rankingScore = Number.isNaN(tau) ? 0.5 : (tau + 1) / 2
    let momentScore = 0
    for (const simulated of replicates) {
      momentScore +=
        (yield* momentMatchingScore(realized, simulated, { skewError: "bounded" })).score / replicates.length
    }
    const errors = yield* calibrationErrors(labels, probabilities, {
      bins: options.calibrationBins ?? 10,
      strategy: "uniform"
    })
    const weights = { ...SEED_COMPOSITE_WEIGHTS, ...options.weights }
    return yield* compositeScore([
      { name: "ranking", score: rankingScore, weight: weights.ranking },
      { name: "moments", score: momentScore, weight: weights.moments },
      {
        name: "calibration",
        score: (options.calibrationMeasure ?? "seed") === "seed" ? errors.seedCalibrationScore : 1 - errors.ece,
        weight: weights.calibration
      }
    ])
  })
}
