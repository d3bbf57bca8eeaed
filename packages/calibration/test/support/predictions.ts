// The reference's control-arm visit predictions on its 6,392-row Hillstrom holdout (shared data).
import { column, itWithSharedData, readCsv } from "./shared-data.ts"

export const controlVisitPredictions = (): { readonly labels: Float64Array; readonly probabilities: Float64Array } => {
  const table = readCsv("hillstrom_control_visit_predictions.csv")
  return {
    labels: Float64Array.from(column(table, "visit").map(Number)),
    probabilities: Float64Array.from(column(table, "p_visit").map(Number))
  }
}

/** `it` for tests that read the reference predictions (see itWithSharedData). */
export const itWithPredictions = itWithSharedData(["hillstrom_control_visit_predictions.csv"])
