// The CLI's configuration: where the database is. Environment variables are read here only, through
// Config: DATABASE_URL selects a Postgres server; otherwise PREFLIGHT_DATA_DIR (or --data-dir) the
// embedded database's directory.
import { dirname, join } from "node:path"
import { Database, DEFAULT_DATA_DIR } from "@preflight/storage"
import { Config, Effect, Option } from "effect"

/** The Database layer for a command, honouring `--data-dir` over the environment. */
export const databaseLayer = (dataDir: Option.Option<string>) =>
  Database.layerFromConfig(Option.isSome(dataDir) ? { dataDir: dataDir.value } : {})

/** Where `preflight demo` writes its world: a `demo` folder beside the embedded database's directory. */
export const demoDirectory = (dataDir: Option.Option<string>) =>
  Effect.gen(function* () {
    const directory = Option.isSome(dataDir)
      ? dataDir.value
      : yield* Config.String("PREFLIGHT_DATA_DIR").pipe(Config.withDefault(DEFAULT_DATA_DIR))
    return join(dirname(directory.replace(/\/+$/, "")), "demo")
  })
