// Postgres server backend through postgres.js: a connection pool, transactions on a dedicated
// connection, and COPY FROM STDIN streamed with back-pressure.
import { once } from "node:events"
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

const writeAll = async (stream: Writable, chunks: AsyncIterable<string>): Promise<void> => {
  // A failed COPY surfaces as an 'error' event; remember it so the loop stops feeding a dead stream.
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
    await once(stream, "finish")
    if (failure !== undefined) throw failure
  } finally {
    stream.off("error", onError)
  }
}

const connectionOn = (runner: PostgresRunner): SqlConnection => ({
  async query<Row>(text: string, params: ReadonlyArray<SqlValue>): Promise<QueryResult<Row>> {
    const result = await runner.unsafe(text, serializeParams(params))
    return { rows: result as unknown as ReadonlyArray<Row>, rowCount: result.count ?? result.length }
  },
  async executeScript(script: string): Promise<void> {
    // Without parameters postgres.js uses the simple query protocol, which accepts several statements.
    await runner.unsafe(script).simple()
  },
  async copyFromCsv(table: string, columns: ReadonlyArray<string>, chunks: AsyncIterable<string>): Promise<void> {
    const stream = await runner.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`).writable()
    await writeAll(stream, chunks)
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
  const base = connectionOn(sql)
  return {
    ...base,
    backend: "postgres",
    location: redactUrl(options.url),
    transaction: async <T>(work: (connection: SqlConnection) => Promise<T>): Promise<T> =>
      (await sql.begin((tx) => work(connectionOn(tx)))) as T,
    close: () => sql.end({ timeout: 5 })
  }
}
