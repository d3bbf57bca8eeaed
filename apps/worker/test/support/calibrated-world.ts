// A small demo world imported and fitted WITH the backtest that `calibrate` validates on (the last fifth of the
// completed campaigns held out), on fewer rows than the defaults: about 15 s on Postgres instead of a minute.
import { defaultCreativeReader, fit } from "@preflight/simulator"
import { Database } from "@preflight/storage"
import { Effect, type Layer, Redacted } from "effect"
import { importWorld, writeDemoWorld } from "./fitted-world.ts"

export const FAST_FIT_WITH_BACKTEST = { maxTrainingRows: 8_000, naturalWindowsPerCustomer: 1 } as const

/** Imports the demo world of `seed` into `url`'s database and fits it with a backtest, in this process. */
export const importAndFitForCalibration = async (url: string, seed: number) => {
  const demo = await writeDemoWorld(seed)
  try {
    await importWorld(url, demo.tables)
  } finally {
    demo.remove()
  }
  await fitForCalibration(Database.layerPostgres({ url: Redacted.make(url), maxConnections: 4 }))
}

/** Fits the history already in `database` with a backtest. */
export const fitForCalibration = (database: Layer.Layer<Database, unknown>) =>
  Effect.runPromise(
    fit({ reader: defaultCreativeReader, ...FAST_FIT_WITH_BACKTEST }).pipe(Effect.asVoid, Effect.provide(database))
  )
