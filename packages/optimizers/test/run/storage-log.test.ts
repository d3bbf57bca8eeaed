// The optimizers' persistence port against @preflight/storage (a dev dependency only): the storage
// repositories satisfy `OptimizationLog` and core-signatures' `CacheStoreShape` structurally, and a run's
// whole trial log lands in the database (PGlite in memory).
import { assert, describe, it } from "@effect/vitest"
import { CacheStore, type CacheStoreShape, LanguageModelCache } from "@preflight/core-signatures"
import {
  Database,
  LmCacheStore,
  type LmCacheStoreShape,
  migrate,
  OptimizationRunStore,
  type OptimizationRunStoreShape
} from "@preflight/storage"
import { Effect, Layer } from "effect"
import { GEPA } from "../../src/gepa/gepa.ts"
import type { OptimizationLog } from "../../src/run/optimization-log.ts"
import { toyModel, zoneData, zoneMetric, zoneProgram } from "../support/toy-task.ts"

// Compile-time conformance: these assignments are the check.
const asLog = (store: OptimizationRunStoreShape): OptimizationLog => store
const asCacheStore = (store: LmCacheStoreShape): CacheStoreShape => store

const { trainset, valset } = zoneData()

describe("persistence through @preflight/storage", () => {
  it.effect(
    "every trial of a run is in the database, and the LM cache persists completions",
    () =>
      Effect.gen(function* () {
        yield* migrate()
        const runs = yield* OptimizationRunStore
        const cache = yield* LmCacheStore
        const compile = (model: ReturnType<typeof toyModel>) =>
          new GEPA({ maxMetricCalls: 120 })
            .compile(zoneProgram(), { trainset, valset, metric: zoneMetric, log: asLog(runs), seed: 3 })
            .pipe(
              Effect.provide(
                Layer.mergeAll(
                  model.layer,
                  LanguageModelCache.layer().pipe(Layer.provide(Layer.succeed(CacheStore, asCacheStore(cache))))
                )
              )
            )
        const firstModel = toyModel()
        const result = yield* compile(firstModel)
        assert.isNotNull(result.runId)
        const runId = result.runId ?? ""
        const stored = yield* runs.trials(runId)
        assert.strictEqual(stored.length, result.trials.length)
        assert.deepStrictEqual(
          stored.map((row) => ({
            index: row.index,
            kind: row.kind,
            label: row.label,
            candidate: row.candidate,
            score: row.score,
            examples: row.examples,
            cost: row.cost,
            parentTrial: row.parentTrial
          })),
          result.trials.map((trial) => ({ ...trial }))
        )
        const run = yield* runs.getRun(runId)
        assert.strictEqual(run.optimizer, "GEPA")
        assert.strictEqual(run.seed, 3)
        assert.strictEqual(run.status, result.status)
        assert.strictEqual(run.bestScore, result.score)
        assert.deepStrictEqual(run.bestState, JSON.parse(JSON.stringify(result.program.dumpState())))
        assert.isAbove(yield* cache.count(), 0)

        // A second run with a fresh memory cache is answered from the database: no model calls.
        const secondModel = toyModel()
        const again = yield* compile(secondModel)
        assert.strictEqual(secondModel.calls(), 0)
        assert.strictEqual(again.cost.lmCalls, 0)
        assert.deepStrictEqual(
          again.trials.map((trial) => trial.score),
          result.trials.map((trial) => trial.score)
        )
      }).pipe(
        Effect.provide(
          Layer.mergeAll(OptimizationRunStore.layer, LmCacheStore.layer).pipe(
            Layer.provideMerge(Database.layerPglite())
          )
        )
      ),
    { timeout: 120_000 }
  )
})
