// `HistoryStore`: the repositories of the five history tables as one service.
import { Context, Effect, Layer } from "effect"
import { makeTableRepository, type TableRepository } from "./table-repository.ts"

export interface HistoryStoreShape {
  readonly segments: TableRepository<"segments">
  readonly entities: TableRepository<"entities">
  readonly interventions: TableRepository<"interventions">
  readonly exposures: TableRepository<"exposures">
  readonly outcomes: TableRepository<"outcomes">
}

export class HistoryStore extends Context.Service<HistoryStore, HistoryStoreShape>()(
  "@preflight/storage/HistoryStore"
) {
  /** Needs a `Database`; build it once per database. */
  static readonly layer = Layer.effect(
    HistoryStore,
    Effect.gen(function* () {
      return HistoryStore.of({
        segments: yield* makeTableRepository("segments"),
        entities: yield* makeTableRepository("entities"),
        interventions: yield* makeTableRepository("interventions"),
        exposures: yield* makeTableRepository("exposures"),
        outcomes: yield* makeTableRepository("outcomes")
      })
    })
  )
}
