// PGlite backend: real Postgres compiled to WASM, in a data directory or in memory. One process
// owns a data directory at a time (PGlite is a single-user server); PGlite queues statements,
// and its `transaction` holds the connection for the whole callback.
import { mkdirSync } from "node:fs"
import { PGlite, type Transaction } from "@electric-sql/pglite"
import { acquireDataDirLock } from "./data-dir-lock.ts"
import { serializeParams } from "./serialize-params.ts"
import type { QueryResult, SqlConnection, SqlDriver, SqlValue } from "./sql-connection.ts"

/** COPY is fed to PGlite as blobs; this many characters per blob keeps memory flat on big files. */
const COPY_BLOB_CHARS = 8 * 1024 * 1024

type PgliteRunner = Pick<PGlite, "query" | "exec"> | Transaction

let savepointCounter = 0

const connectionOn = (runner: PgliteRunner): SqlConnection => ({
  async query<Row>(text: string, params: ReadonlyArray<SqlValue>): Promise<QueryResult<Row>> {
    const result = await runner.query<Row>(text, serializeParams(params))
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
  },
  async executeScript(script: string): Promise<void> {
    await runner.exec(script)
  },
  async copyFromCsv(table: string, columns: ReadonlyArray<string>, chunks: AsyncIterable<string>): Promise<void> {
    const statement = `COPY ${table} (${columns.join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`
    let pending: Array<string> = []
    let pendingChars = 0
    const flush = async (): Promise<void> => {
      if (pendingChars === 0) return
      const blob = new Blob(pending)
      pending = []
      pendingChars = 0
      await runner.query(statement, [], { blob })
    }
    for await (const chunk of chunks) {
      pending.push(chunk)
      pendingChars += chunk.length
      if (pendingChars >= COPY_BLOB_CHARS) await flush()
    }
    await flush()
  },
  async savepoint<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T> {
    savepointCounter += 1
    const name = `preflight_savepoint_${savepointCounter}`
    await runner.query(`SAVEPOINT ${name}`)
    try {
      const result = await work(connectionOn(runner))
      await runner.query(`RELEASE SAVEPOINT ${name}`)
      return result
    } catch (error) {
      await runner.query(`ROLLBACK TO SAVEPOINT ${name}`)
      throw error
    }
  }
})

export interface PgliteOptions {
  /** Directory holding the database files; `undefined` keeps everything in memory. */
  readonly dataDir: string | undefined
  /** How long to wait for another process holding the data directory. Default 30 s. */
  readonly lockWaitMs?: number
}

/**
 * Opens PGlite. A data directory is locked for this process first (see `data-dir-lock.ts`); a
 * second process waits for the first to close it, then fails with `DataDirInUse`.
 */
export const openPglite = async (options: PgliteOptions): Promise<SqlDriver> => {
  const dataDir = options.dataDir
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true })
  const lock =
    dataDir === undefined
      ? undefined
      : await acquireDataDirLock(dataDir, options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs })
  let pglite: PGlite
  try {
    pglite = await PGlite.create(dataDir === undefined ? {} : { dataDir })
    await pglite.exec("SET TIME ZONE 'UTC'")
  } catch (error) {
    lock?.release()
    throw error
  }
  const base = connectionOn(pglite)
  return {
    ...base,
    backend: "pglite",
    location: dataDir ?? "memory",
    embeddedPglite: pglite,
    transaction: (work) => pglite.transaction((tx) => work(connectionOn(tx))),
    close: async () => {
      try {
        await pglite.close()
      } finally {
        lock?.release()
      }
    }
  }
}
