// Fits as versioned rows: `model_fits` holds the run (window, settings, status, diagnostics) and
// `fitted_models` one row per model (conversion, revenue, unsubscribe hazard, customer states, the layout and
// error model) with its own diagnostics. The newest completed fit is the one simulations use.
import { randomUUID } from "node:crypto"
import { Database, type DatabaseError } from "@preflight/storage"
import { Data, Effect } from "effect"
import type { CustomerStates } from "../features/customer-states.ts"
import type { DesignLayout } from "../features/design-matrix.ts"
import { BoundedCache } from "../models/bounded-cache.ts"
import type { ErrorModel } from "../models/error-model.ts"
import type { BackboneSettings, FittedBackbone } from "../models/fit-backbone.ts"
import type { ResponseModels } from "../models/response-models.ts"
import type { UpliftBlend } from "../models/uplift-blend.ts"
import { fromTypedJson, toTypedJson } from "./typed-json.ts"

export const FIT_FORMAT = 3

/** No completed fit exists yet. */
export class NoFittedModels extends Data.TaggedError("NoFittedModels")<{ readonly hint: string }> {
  override get message(): string {
    return `no fitted models in this database: ${this.hint}`
  }
}

/** A stored fit could not be read back (written by another version, or damaged). */
export class FitUnreadable extends Data.TaggedError("FitUnreadable")<{
  readonly fitId: string
  readonly reason: string
}> {
  override get message(): string {
    return `fit ${this.fitId} cannot be read: ${this.reason}`
  }
}

export interface StoredFit {
  readonly fitId: string
  readonly version: number
  readonly fittedAt: string
  readonly backbone: FittedBackbone
}

interface BackboneHeader {
  readonly format: number
  readonly readerVersion: string
  readonly baselineIntercept: number
  readonly layout: DesignLayout
  readonly errorModel: ErrorModel
  readonly upliftBlend: UpliftBlend
  readonly unsubscribeErrorModel: ErrorModel
  readonly channelCosts: Readonly<Record<string, number>>
  readonly attributionWindowDays: number
  readonly fromMs: number
  readonly toMs: number
  readonly diagnostics: FittedBackbone["diagnostics"]
}

const iso = (ms: number): string => new Date(ms).toISOString()

/** Stores a fitted backbone as a new completed fit; returns its id. All rows or none. */
export const saveFit = Effect.fn("Simulator.saveFit")(function* (backbone: FittedBackbone, settings: BackboneSettings) {
  const database = yield* Database
  const fitId = randomUUID()
  const header: BackboneHeader = {
    format: FIT_FORMAT,
    readerVersion: backbone.readerVersion,
    baselineIntercept: backbone.models.baselineIntercept,
    layout: backbone.layout,
    errorModel: backbone.errorModel,
    upliftBlend: backbone.upliftBlend,
    unsubscribeErrorModel: backbone.unsubscribeErrorModel,
    channelCosts: backbone.channelCosts,
    attributionWindowDays: backbone.attributionWindowDays,
    fromMs: backbone.fromMs,
    toMs: backbone.toMs,
    diagnostics: backbone.diagnostics
  }
  const { backtest, ...summary } = backbone.diagnostics
  const models: ReadonlyArray<{ name: string; kind: string; diagnostics: object; payload: unknown }> = [
    {
      name: "backbone",
      kind: "layout+error-model",
      diagnostics: {
        errorModel: backbone.errorModel,
        upliftBlendWeight: backbone.upliftBlend.weight,
        backtestArms: backtest.length
      },
      payload: header
    },
    {
      name: "baseline",
      kind: "gradient-boosted-trees/classification+seasonal-offset",
      diagnostics: {
        trees: backbone.models.baseline.trees.length,
        intercept: backbone.models.baselineIntercept,
        holdoutRows: summary.holdoutRows,
        naturalWindows: summary.naturalWindows
      },
      payload: backbone.models.baseline
    },
    {
      name: "uplift",
      kind: "gradient-boosted-trees/classification+baseline-offset",
      diagnostics: { trees: backbone.models.uplift.trees.length, calibrationRatio: summary.calibrationRatio },
      payload: backbone.models.uplift
    },
    {
      name: "revenue",
      kind: backbone.models.revenue === undefined ? "mean" : "gradient-boosted-trees/regression",
      diagnostics: { revenueMean: backbone.models.revenueMean },
      payload: { revenue: backbone.models.revenue ?? null, revenueMean: backbone.models.revenueMean }
    },
    {
      name: "unsubscribe",
      kind: "discrete-time-hazard/logit",
      diagnostics: {
        events: backbone.models.unsubscribe?.events ?? 0,
        converged: backbone.models.unsubscribe?.converged ?? null
      },
      payload: backbone.models.unsubscribe ?? null
    },
    {
      name: "customer_states",
      kind: "customer-states",
      diagnostics: { customers: backbone.states.count },
      payload: backbone.states
    }
  ]
  yield* database.transaction(
    Effect.gen(function* () {
      yield* database.execute(
        `INSERT INTO model_fits (fit_id, status, data_from, data_to, settings, diagnostics, finished_at)
         VALUES ($1, 'completed', $2, $3, $4, $5, now())`,
        [fitId, iso(backbone.fromMs), iso(backbone.toMs), JSON.stringify(settings), JSON.stringify(summary)]
      )
      for (const model of models) {
        yield* database.execute(
          "INSERT INTO fitted_models (fit_id, name, kind, diagnostics, payload) VALUES ($1, $2, $3, $4, $5)",
          [fitId, model.name, model.kind, JSON.stringify(model.diagnostics), toTypedJson(model.payload)]
        )
      }
    })
  )
  return fitId
})

interface FitRow {
  readonly fit_id: string
  readonly version: number
  readonly finished_at: string
}

/** Reads one stored model's payload. */
const readModel = (fitId: string, name: string) =>
  Effect.gen(function* () {
    const database = yield* Database
    const rows = yield* database.query<{ payload: string }>(
      "SELECT payload FROM fitted_models WHERE fit_id = $1 AND name = $2",
      [fitId, name]
    )
    const row = rows[0]
    if (row === undefined) return yield* new FitUnreadable({ fitId, reason: `the ${name} model is missing` })
    return fromTypedJson(row.payload)
  })

/**
 * Loaded fits by id (fits are immutable rows). Two: the newest, and the one before it while requests that
 * started on it finish; an older fit, and the forecast caches that live with its object, can then be collected.
 */
const cache = new BoundedCache<StoredFit>(2)

/** Databases whose fit tables were seen (migrations only ever add tables): no need to ask again per request. */
const migratedDatabases = new WeakSet<object>()

/** The newest completed fit (cached per process by fit id: fits are immutable). */
export const loadLatestFit = Effect.fn("Simulator.loadLatestFit")(function* (): Effect.fn.Return<
  StoredFit,
  NoFittedModels | FitUnreadable | DatabaseError,
  Database
> {
  const database = yield* Database
  if (!migratedDatabases.has(database)) {
    const [tables] = yield* database.query<{ present: boolean }>(
      "SELECT to_regclass('model_fits') IS NOT NULL AS present"
    )
    if (tables?.present !== true) {
      return yield* new NoFittedModels({
        hint: "the database is not set up; run `preflight db migrate`, import a history (`preflight import`) and run `preflight fit` (or `preflight demo` for a demo world)"
      })
    }
    migratedDatabases.add(database)
  }
  const rows = yield* database.query<FitRow>(
    `SELECT fit_id::text AS fit_id, version, to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at
       FROM model_fits WHERE status = 'completed' ORDER BY version DESC LIMIT 1`
  )
  const row = rows[0]
  if (row === undefined) {
    return yield* new NoFittedModels({ hint: "import a history (`preflight import`) and run `preflight fit` first" })
  }
  const known = cache.get(row.fit_id)
  if (known !== undefined) return known
  const header = (yield* readModel(row.fit_id, "backbone")) as BackboneHeader
  if (header.format !== FIT_FORMAT) {
    return yield* new FitUnreadable({
      fitId: row.fit_id,
      reason: `format ${header.format}, this version reads ${FIT_FORMAT}`
    })
  }
  const baseline = (yield* readModel(row.fit_id, "baseline")) as ResponseModels["baseline"]
  const uplift = (yield* readModel(row.fit_id, "uplift")) as ResponseModels["uplift"]
  const revenue = (yield* readModel(row.fit_id, "revenue")) as {
    revenue: ResponseModels["revenue"] | null
    revenueMean: number
  }
  const unsubscribe = (yield* readModel(row.fit_id, "unsubscribe")) as ResponseModels["unsubscribe"] | null
  const states = (yield* readModel(row.fit_id, "customer_states")) as CustomerStates
  const stored: StoredFit = {
    fitId: row.fit_id,
    version: Number(row.version),
    fittedAt: row.finished_at,
    backbone: {
      readerVersion: header.readerVersion,
      layout: header.layout,
      models: {
        baseline,
        baselineIntercept: header.baselineIntercept,
        uplift,
        revenue: revenue.revenue ?? undefined,
        revenueMean: revenue.revenueMean,
        unsubscribe: unsubscribe ?? undefined
      },
      states,
      errorModel: header.errorModel,
      upliftBlend: header.upliftBlend,
      unsubscribeErrorModel: header.unsubscribeErrorModel,
      channelCosts: header.channelCosts,
      attributionWindowDays: header.attributionWindowDays,
      fromMs: header.fromMs,
      toMs: header.toMs,
      diagnostics: header.diagnostics
    }
  }
  cache.set(row.fit_id, stored)
  return stored
})
