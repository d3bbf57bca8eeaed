// The `fit` use case: read the whole history, fit the causal backbone (with its internal backtest) and store
// it as a new versioned fit that simulations then use.
import type { CausalInputError } from "@preflight/causal"
import type { Database, DatabaseError } from "@preflight/storage"
import { Effect } from "effect"
import type { CreativeReader } from "../features/creative-reader.ts"
import { loadHistory } from "../history/load-history.ts"
import {
  type BackboneSettings,
  DEFAULT_BACKBONE_SETTINGS,
  type FittedBackbone,
  fitBackbone,
  type InsufficientHistory
} from "../models/fit-backbone.ts"
import { saveFit } from "../persistence/fit-store.ts"

export interface FitOptions extends Partial<BackboneSettings> {
  readonly reader: CreativeReader
}

export interface FitSummary {
  readonly fitId: string
  readonly backbone: FittedBackbone
  readonly settings: BackboneSettings
  readonly seconds: number
}

/** Fits the models on everything in the database and stores them; the new fit becomes the one in use. */
export const fit = Effect.fn("Simulator.fit")(function* (
  options: FitOptions
): Effect.fn.Return<FitSummary, InsufficientHistory | CausalInputError | DatabaseError, Database> {
  const started = Date.now()
  const { reader, ...overrides } = options
  const settings: BackboneSettings = { ...DEFAULT_BACKBONE_SETTINGS, ...overrides }
  settings.onStage?.("reading the history")
  const snapshot = yield* loadHistory()
  const backbone = yield* fitBackbone(snapshot, reader, settings)
  settings.onStage?.("saving the fitted models")
  const fitId = yield* saveFit(backbone, settings)
  return { fitId, backbone, settings, seconds: (Date.now() - started) / 1000 }
})
