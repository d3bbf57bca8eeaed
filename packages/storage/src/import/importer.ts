// Imports a CSV or JSON Lines file into one history table, all or nothing. One pass streams the
// file, validates every row (zod) and feeds the valid rows to COPY: straight into the table on a
// first load, otherwise into a temporary staging table from which duplicates are checked, missing
// parents inferred and rows upserted by primary key, all in one transaction. Any invalid row rolls
// everything back and is reported.
import { Effect } from "effect"
import { Database } from "../database.ts"
import { ImportFormatError, ImportValidationError } from "../errors.ts"
import { TABLES, type TableName, type TableSpec } from "../schema/tables.ts"
import { CsvSyntaxError, parseCsvBatches } from "./csv-parser.ts"
import { type FileSource, type ImportFormat, openFileSource } from "./file-source.ts"
import { IssueCollector, MAX_REPORTED_ISSUES } from "./issue-collector.ts"
import { parseJsonLinesBatches } from "./jsonl-reader.ts"
import { makeRowDecoder, type RowDecoder } from "./row-decoder.ts"

export interface ImportProgress {
  readonly rowsRead: number
  readonly bytesRead: number
  readonly totalBytes: number
}

export interface ImportOptions {
  readonly table: TableName
  readonly file: string
  /** Overrides the format read from the file extension. */
  readonly format?: ImportFormat
  /** Called after each chunk of the file (about 1 MB) has been validated. */
  readonly onProgress?: (progress: ImportProgress) => void
}

export interface ImportSummary {
  readonly table: TableName
  readonly file: string
  readonly format: ImportFormat
  readonly rowsRead: number
  /** Rows inserted or changed; a re-import of the same file writes 0. */
  readonly rowsWritten: number
  readonly rowsUnchanged: number
  /** Placeholder parent rows created for keys the file mentions but the database lacks, per table. */
  readonly inferredParents: Readonly<Partial<Record<TableName, number>>>
  readonly seconds: number
}

const STAGE = "preflight_import_stage"

const quoteIdent = (name: string): string => `"${name}"`

interface ReadState {
  rows: number
}

/** Maps the header to column positions; unknown, duplicate or missing required columns are file errors. */
const headerPositions = (table: TableSpec, header: ReadonlyArray<string>): Array<number> | string => {
  const names = header.map((name) => name.trim().toLowerCase())
  const known = new Set(table.columns.map((column) => column.name))
  const unknown = names.filter((name) => !known.has(name))
  if (unknown.length > 0) {
    return `unknown column(s) ${unknown.map((name) => `"${name}"`).join(", ")} for table ${table.name}; expected ${table.columns.map((column) => column.name).join(", ")}`
  }
  const duplicated = names.filter((name, index) => names.indexOf(name) !== index)
  if (duplicated.length > 0) return `column(s) ${duplicated.join(", ")} appear more than once in the header`
  const missing = table.columns.filter((column) => !column.nullable && !names.includes(column.name))
  if (missing.length > 0) return `missing required column(s) ${missing.map((column) => column.name).join(", ")}`
  return table.columns.map((column) => names.indexOf(column.name))
}

/**
 * Validates the file and yields COPY text: the table's columns per valid row, prefixed with
 * `row,line,` for the staging table. After the first problem it keeps validating (to report every
 * bad row) but stops yielding.
 */
async function* copyText(
  table: TableSpec,
  decoder: RowDecoder,
  source: FileSource,
  collector: IssueCollector,
  state: ReadState,
  withPosition: boolean,
  onProgress: ((progress: ImportProgress) => void) | undefined
): AsyncGenerator<string> {
  const { text, bytesRead } = source.open()
  const report = () => onProgress?.({ rowsRead: state.rows, bytesRead: bytesRead(), totalBytes: source.totalBytes })
  try {
    if (source.format === "csv") {
      let positions: Array<number> | undefined
      for await (const batch of parseCsvBatches(text)) {
        const lines: Array<string> = []
        for (const record of batch) {
          if (positions === undefined) {
            const mapped = headerPositions(table, record.fields)
            if (typeof mapped === "string") {
              collector.fileProblem = `line ${record.line}: ${mapped}`
              return
            }
            positions = mapped
            continue
          }
          state.rows += 1
          const result = decoder.fromCells(record.fields, positions)
          if (!result.ok) {
            for (const issue of result.issues) collector.add({ row: state.rows, line: record.line, ...issue })
          } else if (collector.total === 0) {
            lines.push(withPosition ? `${state.rows},${record.line},${result.copyLine}` : result.copyLine)
          }
        }
        report()
        if (lines.length > 0 && collector.total === 0) yield `${lines.join("\n")}\n`
      }
      if (positions === undefined) collector.fileProblem = "the file is empty (a header line is required)"
    } else {
      for await (const batch of parseJsonLinesBatches(text)) {
        const lines: Array<string> = []
        for (const parsed of batch) {
          state.rows += 1
          if (!parsed.ok) {
            collector.add({ row: state.rows, line: parsed.line, column: "(row)", reason: parsed.reason })
            continue
          }
          const result = decoder.fromObject(parsed.value)
          if (!result.ok) {
            for (const issue of result.issues) collector.add({ row: state.rows, line: parsed.line, ...issue })
          } else if (collector.total === 0) {
            lines.push(withPosition ? `${state.rows},${parsed.line},${result.copyLine}` : result.copyLine)
          }
        }
        report()
        if (lines.length > 0 && collector.total === 0) yield `${lines.join("\n")}\n`
      }
    }
  } catch (error) {
    collector.fileProblem =
      error instanceof CsvSyntaxError ? `malformed CSV: ${error.message}` : `cannot read the file: ${String(error)}`
  }
}

/** Rows whose primary key repeats within the file; each repeat is reported against its first row. */
const findDuplicateKeys = (table: TableSpec, collector: IssueCollector) =>
  Effect.gen(function* () {
    const db = yield* Database
    const key = quoteIdent(table.primaryKey)
    // A hash aggregate answers "any repeat?" cheaply; the sorting window query runs only when one exists.
    const [probe] = yield* db.query<{ repeated: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${STAGE} GROUP BY ${key} HAVING count(*) > 1) AS repeated`
    )
    if (probe?.repeated !== true) return
    const duplicates = yield* db.query<{ row: number; line: number; first_row: number; total: number }>(
      `SELECT row, line, first_row, (count(*) OVER ())::int AS total FROM (
         SELECT preflight_row AS row, preflight_line AS line,
                min(preflight_row) OVER (PARTITION BY ${key}) AS first_row
         FROM ${STAGE}
       ) ranked WHERE row <> first_row ORDER BY row LIMIT ${MAX_REPORTED_ISSUES}`
    )
    for (const duplicate of duplicates) {
      collector.add({
        row: Number(duplicate.row),
        line: Number(duplicate.line),
        column: table.primaryKey,
        reason: `duplicate ${table.primaryKey}: the same key is at row ${duplicate.first_row}`
      })
    }
    const total = Number(duplicates[0]?.total ?? 0)
    collector.total += Math.max(0, total - duplicates.length)
  })

const upsertStatement = (table: TableSpec): string => {
  const columns = table.columns.map((column) => quoteIdent(column.name))
  const target = quoteIdent(table.name)
  const updatable = table.columns
    .filter((column) => column.name !== table.primaryKey)
    .map((column) => quoteIdent(column.name))
  const hasInferred = table.name === "entities" || table.name === "segments"
  const assignments = [
    ...updatable.map((column) => `${column} = EXCLUDED.${column}`),
    ...(hasInferred ? ["inferred = false"] : [])
  ]
  const changed = `(${updatable.map((column) => `${target}.${column}`).join(", ")}) IS DISTINCT FROM (${updatable.map((column) => `EXCLUDED.${column}`).join(", ")})`
  // Only rows that differ are rewritten, so re-importing a file writes nothing and leaves no dead tuples.
  return `INSERT INTO ${target} (${columns.join(", ")})
    SELECT ${columns.join(", ")} FROM ${STAGE}
    ON CONFLICT (${quoteIdent(table.primaryKey)}) DO UPDATE SET ${assignments.join(", ")}
    WHERE ${changed}${hasInferred ? ` OR ${target}.inferred` : ""}`
}

const failIfProblems = (table: TableSpec, file: string, collector: IssueCollector, state: ReadState) => {
  if (collector.fileProblem !== undefined) {
    return Effect.fail(new ImportFormatError({ file, message: `${file}: ${collector.fileProblem}` }))
  }
  if (collector.total > 0) {
    return Effect.fail(
      new ImportValidationError({
        table: table.name,
        file,
        totalIssues: collector.total,
        rowsRead: state.rows,
        issues: collector.issues
      })
    )
  }
  return Effect.void
}

/**
 * The fast path for a first load into an empty table: COPY straight into the table while the file
 * is validated, so Postgres indexes rows while JavaScript parses the next ones. It gives way
 * (returns undefined, after rolling back to its savepoint) when a key repeats in the file or a
 * parent row is missing; the staging path then reports or infers those.
 */
const loadIntoEmptyTable = (table: TableSpec, options: ImportOptions, source: FileSource, decoder: RowDecoder) =>
  Effect.gen(function* () {
    const db = yield* Database
    const [probe] = yield* db.query<{ empty: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM ${quoteIdent(table.name)}) AS empty`
    )
    if (probe?.empty !== true) return undefined
    const collector = new IssueCollector()
    const state: ReadState = { rows: 0 }
    const columns = table.columns.map((column) => quoteIdent(column.name))
    const loaded = yield* Effect.result(
      db.savepoint(
        Effect.gen(function* () {
          // Foreign keys are checked after the COPY, by SET CONSTRAINTS, rather than when it
          // completes: postgres.js loses an error raised at the end of a COPY, while an error from
          // an ordinary statement is reported normally.
          yield* db.execute("SET CONSTRAINTS ALL DEFERRED")
          yield* db.copyFromCsv(
            quoteIdent(table.name),
            columns,
            copyText(table, decoder, source, collector, state, false, options.onProgress)
          )
          yield* failIfProblems(table, options.file, collector, state)
          yield* db.execute("SET CONSTRAINTS ALL IMMEDIATE")
        })
      )
    )
    if (loaded._tag === "Failure") {
      const error = loaded.failure
      // A repeated key, a missing parent, or a COPY whose reason the driver could not report: the
      // staging path re-reads the file and either loads it or names the exact rows.
      const givesWay =
        (error._tag === "ConstraintViolation" && (error.code === "23505" || error.code === "23503")) ||
        (error._tag === "QueryError" && error.code === "COPY_FAILED")
      if (!givesWay) return yield* Effect.fail(error)
      yield* db.execute("SET CONSTRAINTS ALL IMMEDIATE")
      return undefined
    }
    return state.rows
  })

/** The general path: stage, check duplicates, infer missing parents, upsert by primary key. */
const loadThroughStaging = (table: TableSpec, options: ImportOptions, source: FileSource, decoder: RowDecoder) =>
  Effect.gen(function* () {
    const db = yield* Database
    const collector = new IssueCollector()
    const state: ReadState = { rows: 0 }
    yield* db.executeScript(
      `CREATE TEMP TABLE ${STAGE} (preflight_row integer NOT NULL, preflight_line integer NOT NULL, LIKE ${quoteIdent(table.name)} INCLUDING DEFAULTS) ON COMMIT DROP`
    )
    const stageColumns = ["preflight_row", "preflight_line", ...table.columns.map((column) => quoteIdent(column.name))]
    yield* db.copyFromCsv(
      STAGE,
      stageColumns,
      copyText(table, decoder, source, collector, state, true, options.onProgress)
    )
    if (collector.fileProblem === undefined && collector.total === 0) yield* findDuplicateKeys(table, collector)
    yield* failIfProblems(table, options.file, collector, state)

    const inferredParents: Partial<Record<TableName, number>> = {}
    for (const parent of table.inferredParents) {
      inferredParents[parent.table] = yield* db.execute(
        `INSERT INTO ${quoteIdent(parent.table)} (${quoteIdent(parent.key)}, inferred)
         SELECT DISTINCT ${quoteIdent(parent.column)}, true FROM ${STAGE} WHERE ${quoteIdent(parent.column)} IS NOT NULL
         ON CONFLICT DO NOTHING`
      )
    }
    const rowsWritten = yield* db.execute(upsertStatement(table))
    return { rowsRead: state.rows, rowsWritten, inferredParents }
  })

/**
 * Imports `file` into `table` in one transaction: either every row is valid and the table holds
 * them afterwards (upserted by primary key, so re-importing is idempotent), or nothing is written
 * and the error lists the bad rows (first 100) with row, line, column and reason.
 */
export const importFile = (options: ImportOptions) =>
  Effect.gen(function* () {
    const db = yield* Database
    const table = TABLES[options.table]
    const source = yield* openFileSource(options.file, options.format)
    const decoder = makeRowDecoder(table)
    const started = performance.now()

    return yield* db.transaction(
      Effect.gen(function* () {
        const direct = yield* loadIntoEmptyTable(table, options, source, decoder)
        const outcome =
          direct !== undefined
            ? { rowsRead: direct, rowsWritten: direct, inferredParents: {} }
            : yield* loadThroughStaging(table, options, source, decoder)
        return {
          table: table.name,
          file: options.file,
          format: source.format,
          rowsRead: outcome.rowsRead,
          rowsWritten: outcome.rowsWritten,
          rowsUnchanged: outcome.rowsRead - outcome.rowsWritten,
          inferredParents: outcome.inferredParents,
          seconds: (performance.now() - started) / 1000
        } satisfies ImportSummary
      })
    )
  }).pipe(Effect.withSpan("storage.importFile", { attributes: { table: options.table, file: options.file } }))
