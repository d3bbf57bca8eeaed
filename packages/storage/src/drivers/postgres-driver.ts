// Postgres server backend through postgres.js: a connection pool, transactions on a dedicated
// connection, and COPY FROM STDIN streamed with back-pressure.
import type { Writable } from "node:stream"
import postgres from "postgres"
import { serializeParams } from "./serialize-params.ts"
import type { QueryResult, SqlConnection, SqlDriver, SqlValue } from "./sql-connection.ts"

type PostgresRunner = postgres.Sql | postgres.TransactionSql

/** Resolves on 'drain', rejects on 'error', and leaves no listener behind either way. */
const drained = (stream: Writable): Promise<void> =>
  new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off("error", onError)
      resolve()
    }
    const onError = (error: unknown) => {
      stream.off("drain", onDrain)
      reject(error)
    }
    stream.once("drain", onDrain)
    stream.once("error", onError)
  })

/** Writes every chunk with back-pressure and ends the stream; a COPY error mid-stream is thrown. */
const writeAll = async (stream: Writable, chunks: AsyncIterable<string>): Promise<void> => {
  // A COPY the server rejects while data is still flowing surfaces as an 'error' event.
  let failure: unknown
  const onError = (error: unknown) => {
    failure = error
  }
  stream.on("error", onError)
  try {
    for await (const chunk of chunks) {
      if (failure !== undefined) throw failure
      if (!stream.write(chunk)) await drained(stream)
    }
    if (failure !== undefined) throw failure
    stream.end()
  } finally {
    stream.off("error", onError)
  }
}

/**
 * postgres.js drops an error the server raises after the client has sent all of its COPY data
 * (its stream then never emits 'finish' or 'error'). A statement queued behind the COPY on the same
 * connection settles once the COPY does, and fails with 25P02 if the COPY failed: that is how the
 * outcome is read. The server's own reason is not recoverable, so callers re-check the data.
 */
const copyOutcome = async (runner: postgres.TransactionSql): Promise<void> => {
  try {
    await runner.unsafe("SELECT 1")
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === "25P02") {
      throw Object.assign(
        new Error("COPY failed when it completed (postgres.js does not report the server's reason)"),
        {
          code: "COPY_FAILED"
        }
      )
    }
    throw error
  }
}

const copyOn = async (
  runner: postgres.TransactionSql,
  table: string,
  columns: ReadonlyArray<string>,
  chunks: AsyncIterable<string>
): Promise<void> => {
  const stream = await runner.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`).writable()
  await writeAll(stream, chunks)
  await copyOutcome(runner)
}

const connectionOn = (runner: PostgresRunner, inTransaction: postgres.TransactionSql | undefined): SqlConnection => ({
  async query<Row>(text: string, params: ReadonlyArray<SqlValue>): Promise<QueryResult<Row>> {
    const result = await runner.unsafe(text, serializeParams(params))
    return { rows: result as unknown as ReadonlyArray<Row>, rowCount: result.count ?? result.length }
  },
  async executeScript(script: string): Promise<void> {
    // Without parameters postgres.js uses the simple query protocol, which accepts several statements.
    await runner.unsafe(script).simple()
  },
  async copyFromCsv(table: string, columns: ReadonlyArray<string>, chunks: AsyncIterable<string>): Promise<void> {
    // Outside a transaction the COPY gets one of its own, so its outcome is read on its connection.
    if (inTransaction !== undefined) return copyOn(inTransaction, table, columns, chunks)
    await (runner as postgres.Sql).begin((tx) => copyOn(tx, table, columns, chunks))
  },
  async savepoint<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T> {
    // postgres.js fails a whole transaction on any statement error inside it, even a handled one;
    // its own savepoint scope is the way to contain a failure.
    if (inTransaction === undefined) throw new Error("savepoint() needs an open transaction")
    return (await inTransaction.savepoint((sp) => work(connectionOn(sp, sp)))) as T
  }
})

export interface PostgresOptions {
  readonly url: string
  readonly maxConnections?: number
  /** Schema put first on the search path (tests isolate themselves this way). */
  readonly schema?: string
}

const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    return parsed.toString()
  } catch {
    return "postgres (unparseable URL)"
  }
}

export const openPostgres = async (options: PostgresOptions): Promise<SqlDriver> => {
  const connectionParams: Record<string, string> = { TimeZone: "UTC", application_name: "preflight" }
  if (options.schema !== undefined) connectionParams.search_path = options.schema
  const sql = postgres(options.url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    idle_timeout: 30,
    connection: connectionParams
  })
  // Fail at start-up rather than at the first query when the server is unreachable.
  try {
    await sql.unsafe("SELECT 1")
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => undefined)
    throw error
  }
  const base = connectionOn(sql, undefined)
  return {
    ...base,
    backend: "postgres",
    location: redactUrl(options.url),
    transaction: async <T>(work: (connection: SqlConnection) => Promise<T>): Promise<T> =>
      (await sql.begin((tx) => work(connectionOn(tx, tx)))) as T,
    close: () => sql.end({ timeout: 5 })
  }
}
