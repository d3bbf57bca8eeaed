// The `Database` service: one interface over PGlite (embedded default) and a Postgres server.
// Statements inside `transaction(...)` run on that transaction's connection wherever they are
// issued from (repositories included), through the `CurrentConnection` reference.
import type { PGlite } from "@electric-sql/pglite"
import { Config, Context, Duration, Effect, Exit, Layer, Option, Redacted, Schedule } from "effect"
import { classifyDatabaseError } from "./drivers/classify-error.ts"
import { DataDirInUse } from "./drivers/data-dir-lock.ts"
import { openPglite } from "./drivers/pglite-driver.ts"
import { openPostgres } from "./drivers/postgres-driver.ts"
import type { SqlConnection, SqlDriver, SqlValue } from "./drivers/sql-connection.ts"
import { DatabaseConnectionError, type DatabaseError, DatabaseInUse, SerializationFailure } from "./errors.ts"

export type { SqlValue } from "./drivers/sql-connection.ts"

export interface DatabaseShape {
  readonly backend: "pglite" | "postgres"
  /** Where the data lives, without secrets (a data directory, "memory", or a redacted URL). */
  readonly location: string
  /**
   * The embedded PGlite instance (undefined on Postgres), for a library that speaks SQL itself on the same
   * database: the worker's queue (pg-boss through its `fromPglite` adapter). PGlite runs one statement at a
   * time, so its statements and this service's interleave safely.
   */
  readonly embeddedPglite?: PGlite
  /** Runs one statement with `$1…$n` parameters and returns its rows. */
  readonly query: <Row extends object = Record<string, unknown>>(
    text: string,
    params?: ReadonlyArray<SqlValue>
  ) => Effect.Effect<ReadonlyArray<Row>, DatabaseError>
  /** Runs one statement and returns the number of rows it affected. */
  readonly execute: (text: string, params?: ReadonlyArray<SqlValue>) => Effect.Effect<number, DatabaseError>
  /** Runs several statements without parameters (migrations, DDL). */
  readonly executeScript: (script: string) => Effect.Effect<void, DatabaseError>
  /** COPY ... FROM STDIN (CSV) fed by `chunks`, each a run of complete CSV lines. */
  readonly copyFromCsv: (
    table: string,
    columns: ReadonlyArray<string>,
    chunks: AsyncIterable<string>
  ) => Effect.Effect<void, DatabaseError>
  /**
   * Runs `effect` in one transaction: committed when it succeeds, rolled back when it fails, dies or
   * is interrupted. Nested calls join the enclosing transaction.
   */
  readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | DatabaseError, R>
  /**
   * Runs `effect` in a savepoint of the enclosing transaction (opening one if there is none): if it
   * fails, its statements are rolled back and the transaction goes on, so the caller can recover.
   */
  readonly savepoint: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | DatabaseError, R>
}

/** The connection of the transaction the current fiber is in, if any. */
const CurrentConnection = Context.Reference<SqlConnection | undefined>("@preflight/storage/CurrentConnection", {
  defaultValue: () => undefined
})

/** Transient faults (lost connection, serialization conflict) are retried with capped, jittered backoff. */
export const transientRetry = Schedule.exponential("100 millis").pipe(
  Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, Duration.seconds(2)))),
  Schedule.jittered,
  Schedule.upTo({ times: 5 })
)

/**
 * What `transientRetry` re-runs: a lost (not a refused) connection and a serialization conflict or deadlock.
 * Only the storage layer's own errors qualify: an error of the caller's work that happens to carry
 * `retryable` (an `LmRateLimited` inside a transaction) must not re-run the transaction.
 */
export const isTransientDatabaseFault = (error: unknown): error is DatabaseConnectionError | SerializationFailure =>
  (error instanceof DatabaseConnectionError && error.retryable) || error instanceof SerializationFailure

/** Carries a failed Exit out of a driver transaction callback so the driver rolls back. */
class RollbackSignal {
  readonly exit: Exit.Exit<unknown, unknown>
  constructor(exit: Exit.Exit<unknown, unknown>) {
    this.exit = exit
  }
}

const makeDatabase = (driver: SqlDriver): DatabaseShape => {
  const onConnection = <A>(text: string, run: (connection: SqlConnection) => Promise<A>) =>
    Effect.gen(function* () {
      const current = yield* CurrentConnection
      const connection = current ?? driver
      const attempt = Effect.tryPromise({
        try: () => run(connection),
        catch: (cause) => classifyDatabaseError(cause, text)
      })
      // Inside a transaction a retry would re-run one statement of a failed transaction: never do it.
      return yield* current === undefined
        ? attempt.pipe(Effect.retry({ schedule: transientRetry, while: isTransientDatabaseFault }))
        : attempt
    })

  /** Runs `effect` on the connection `open` provides, carrying a failed Exit out so the driver rolls back. */
  const scoped = <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    open: <T>(work: (connection: SqlConnection) => Promise<T>) => Promise<T>,
    what: string
  ): Effect.Effect<A, E | DatabaseError, R> =>
    Effect.gen(function* () {
      const context = yield* Effect.context<R>()
      const run = Effect.tryPromise({
        try: (signal) =>
          open(async (connection) => {
            const exit = await Effect.runPromiseExitWith(context)(
              effect.pipe(Effect.provideService(CurrentConnection, connection)),
              { signal }
            )
            if (Exit.isFailure(exit)) throw new RollbackSignal(exit)
            return exit.value
          }),
        catch: (cause) => (cause instanceof RollbackSignal ? cause : classifyDatabaseError(cause, what))
      })
      const result = yield* Effect.result(run)
      if (result._tag === "Success") return result.success
      const failure = result.failure
      if (failure instanceof RollbackSignal) return yield* failure.exit as Exit.Exit<A, E>
      return yield* Effect.fail(failure)
    })

  const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R> =>
    Effect.gen(function* () {
      if ((yield* CurrentConnection) !== undefined) return yield* effect
      return yield* scoped(effect, (work) => driver.transaction(work), "BEGIN … COMMIT")
    }).pipe(
      // The whole block re-runs on a transient database fault (its statements were rolled back), never on the
      // errors of the work inside it.
      Effect.retry({ schedule: transientRetry, while: isTransientDatabaseFault })
    )

  const savepoint = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R> =>
    Effect.gen(function* () {
      const current = yield* CurrentConnection
      if (current === undefined) return yield* transaction(effect)
      return yield* scoped(effect, (work) => current.savepoint(work), "SAVEPOINT … RELEASE")
    })

  return {
    backend: driver.backend,
    location: driver.location,
    ...(driver.embeddedPglite === undefined ? {} : { embeddedPglite: driver.embeddedPglite }),
    query: <Row extends object>(text: string, params: ReadonlyArray<SqlValue> = []) =>
      onConnection(text, async (connection) => (await connection.query<Row>(text, params)).rows).pipe(
        Effect.withSpan("Database.query", { attributes: { "db.statement": text.slice(0, 200) } })
      ),
    execute: (text, params = []) =>
      onConnection(text, async (connection) => (await connection.query(text, params)).rowCount).pipe(
        Effect.withSpan("Database.execute", { attributes: { "db.statement": text.slice(0, 200) } })
      ),
    executeScript: (script) =>
      onConnection(script, (connection) => connection.executeScript(script)).pipe(
        Effect.withSpan("Database.executeScript")
      ),
    copyFromCsv: (table, columns, chunks) =>
      Effect.gen(function* () {
        const current = yield* CurrentConnection
        const connection = current ?? driver
        const text = `COPY ${table} FROM STDIN`
        // A COPY consumes its source, so it is never retried here; callers retry whole transactions.
        return yield* Effect.tryPromise({
          try: () => connection.copyFromCsv(table, columns, chunks),
          catch: (cause) => classifyDatabaseError(cause, text)
        })
      }).pipe(Effect.withSpan("Database.copyFromCsv", { attributes: { table } })),
    transaction,
    savepoint
  }
}

/** A driver's own text for why it could not open; some throw plain objects or strings. */
const describeOpenFailure = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message
  if (typeof cause === "object" && cause !== null && "message" in cause && typeof cause.message === "string")
    return cause.message
  if (typeof cause === "object" && cause !== null) return JSON.stringify(cause)
  return String(cause)
}

/** The SQLSTATE or socket code of an open failure (a refusal's `28P01`, a down server's `ECONNREFUSED`). */
const openFailureCode = (cause: unknown): string | undefined => {
  const classified = classifyDatabaseError(cause, "connect")
  return "code" in classified ? classified.code : undefined
}

const acquireDriver = (open: () => Promise<SqlDriver>, what: string) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: open,
      catch: (cause): DatabaseConnectionError | DatabaseInUse =>
        cause instanceof DataDirInUse
          ? new DatabaseInUse({ message: cause.message, dataDir: cause.dataDir, holderPid: cause.holder?.pid })
          : new DatabaseConnectionError({
              message: `cannot open ${what}: ${describeOpenFailure(cause).replace(/\.$/, "")}`,
              code: openFailureCode(cause),
              cause
            })
    }),
    (driver) => Effect.promise(() => driver.close().catch(() => undefined))
  )

export interface PgliteLayerOptions {
  /** Data directory; omit for an in-memory database (tests). */
  readonly dataDir?: string
}

export interface PostgresLayerOptions {
  readonly url: Redacted.Redacted<string>
  readonly maxConnections?: number
  /** Schema first on the search path; it must exist (tests create one per suite). */
  readonly schema?: string
}

/** The default location of the embedded database, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".preflight/db"

export class Database extends Context.Service<Database, DatabaseShape>()("@preflight/storage/Database") {
  /** Embedded Postgres (PGlite) in `dataDir`, or in memory when no directory is given. */
  static readonly layerPglite = (options: PgliteLayerOptions = {}) =>
    Layer.effect(
      Database,
      Effect.map(
        acquireDriver(
          () => openPglite({ dataDir: options.dataDir }),
          `the embedded database at ${options.dataDir ?? "memory"}`
        ),
        makeDatabase
      )
    )

  /**
   * A Postgres server through postgres.js. Start-up retries briefly while the server boots or is unreachable;
   * a refusal (bad credentials, unknown database) fails at once.
   */
  static readonly layerPostgres = (options: PostgresLayerOptions) =>
    Layer.effect(
      Database,
      Effect.map(
        acquireDriver(
          () =>
            openPostgres({
              url: Redacted.value(options.url),
              ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
              ...(options.schema === undefined ? {} : { schema: options.schema })
            }),
          "the Postgres server"
        ).pipe(Effect.retry({ schedule: Schedule.spaced("500 millis"), times: 4, while: isTransientDatabaseFault })),
        makeDatabase
      )
    )

  /**
   * Postgres when `DATABASE_URL` is set, otherwise PGlite in `PREFLIGHT_DATA_DIR` (default `.preflight/db`).
   * `dataDir` overrides the configured directory (the CLI's `--data-dir`).
   */
  static readonly layerFromConfig = (overrides: { readonly dataDir?: string } = {}) =>
    Layer.unwrap(
      Effect.gen(function* () {
        const url = yield* Config.option(Config.Redacted("DATABASE_URL"))
        if (Option.isSome(url) && overrides.dataDir === undefined) return Database.layerPostgres({ url: url.value })
        const dataDir =
          overrides.dataDir ?? (yield* Config.String("PREFLIGHT_DATA_DIR").pipe(Config.withDefault(DEFAULT_DATA_DIR)))
        return Database.layerPglite({ dataDir })
      })
    )
}
