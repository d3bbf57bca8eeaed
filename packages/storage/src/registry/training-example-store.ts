// `TrainingExampleStore`: the examples programs are optimized on (inputs and labels as JSON), with where they
// came from (history, feedback, synthetic, manual, ...) and their split (train | val | test). A batch is
// validated first and written in one transaction, or not at all.
import { Context, Effect, Layer } from "effect"
import { z } from "zod"
import { Database, type SqlValue } from "../database.ts"
import type { DatabaseError, RowValidationError } from "../errors.ts"
import { jsonParam, readDate, readJson, readOptionalText, validateRows } from "./registry-values.ts"

export const EXAMPLE_SPLITS = ["train", "val", "test"] as const
export type ExampleSplit = (typeof EXAMPLE_SPLITS)[number]

const jsonObject = z.record(z.string(), z.unknown(), { error: "expected a JSON object" })
const NewTrainingExample = z.strictObject({
  exampleId: z.uuid().optional(),
  programId: z.string().min(1).nullish(),
  inputs: jsonObject,
  labels: jsonObject,
  source: z.string().min(1),
  split: z.enum(EXAMPLE_SPLITS)
})
export type NewTrainingExample = z.input<typeof NewTrainingExample>

export interface TrainingExampleRow {
  readonly exampleId: string
  readonly programId: string | null
  readonly inputs: Readonly<Record<string, unknown>>
  readonly labels: Readonly<Record<string, unknown>>
  readonly source: string
  readonly split: ExampleSplit
  readonly createdAt: Date
}

export interface TrainingExampleFilter {
  readonly programId?: string
  readonly split?: ExampleSplit
  readonly source?: string
}

export interface TrainingExampleStoreShape {
  /** Adds examples (all or none); returns them in the given order. */
  readonly add: (
    examples: ReadonlyArray<NewTrainingExample>
  ) => Effect.Effect<ReadonlyArray<TrainingExampleRow>, RowValidationError | DatabaseError>
  /** Matching examples in insertion order, at most `limit` (default 10,000). */
  readonly find: (
    filter?: TrainingExampleFilter,
    options?: { readonly limit?: number }
  ) => Effect.Effect<ReadonlyArray<TrainingExampleRow>, DatabaseError>
  readonly count: (filter?: TrainingExampleFilter) => Effect.Effect<number, DatabaseError>
  /** Moves examples to another split; returns how many changed. */
  readonly setSplit: (
    exampleIds: ReadonlyArray<string>,
    split: ExampleSplit
  ) => Effect.Effect<number, RowValidationError | DatabaseError>
}

const COLUMNS = `example_id::text AS example_id, program_id, inputs::text AS inputs, labels::text AS labels, source, split, created_at`

const decode = (row: Record<string, unknown>): TrainingExampleRow => ({
  exampleId: String(row.example_id),
  programId: readOptionalText(row.program_id),
  inputs: readJson(row.inputs) as Record<string, unknown>,
  labels: readJson(row.labels) as Record<string, unknown>,
  source: String(row.source),
  split: String(row.split) as ExampleSplit,
  createdAt: readDate(row.created_at)
})

const whereOf = (filter: TrainingExampleFilter, params: Array<SqlValue>): string => {
  const where: string[] = []
  const bind = (value: SqlValue) => {
    params.push(value)
    return `$${params.length}`
  }
  if (filter.programId !== undefined) where.push(`program_id = ${bind(filter.programId)}`)
  if (filter.split !== undefined) where.push(`split = ${bind(filter.split)}`)
  if (filter.source !== undefined) where.push(`source = ${bind(filter.source)}`)
  return where.length === 0 ? "" : ` WHERE ${where.join(" AND ")}`
}

// Seven parameters per row; Postgres allows 65,535 per statement.
const ROWS_PER_STATEMENT = 5_000

export const makeTrainingExampleStore = Effect.gen(function* () {
  const db = yield* Database
  const store: TrainingExampleStoreShape = {
    add: (examples) =>
      Effect.gen(function* () {
        const valid = yield* validateRows("training_examples", NewTrainingExample, examples)
        if (valid.length === 0) return []
        return yield* db.transaction(
          Effect.gen(function* () {
            const written: TrainingExampleRow[] = []
            for (let start = 0; start < valid.length; start += ROWS_PER_STATEMENT) {
              const slice = valid.slice(start, start + ROWS_PER_STATEMENT)
              const params: Array<SqlValue> = []
              const tuples = slice.map((example) => {
                params.push(
                  example.exampleId ?? null,
                  example.programId ?? null,
                  jsonParam(example.inputs),
                  jsonParam(example.labels),
                  example.source,
                  example.split
                )
                const at = params.length - 6
                return `(COALESCE($${at + 1}::uuid, gen_random_uuid()), $${at + 2}, $${at + 3}::text::jsonb, $${at + 4}::text::jsonb, $${at + 5}, $${at + 6})`
              })
              const rows = yield* db.query<Record<string, unknown>>(
                `INSERT INTO training_examples (example_id, program_id, inputs, labels, source, split)
                 VALUES ${tuples.join(", ")} RETURNING ${COLUMNS}, position`,
                params
              )
              // RETURNING follows the VALUES order; sort by position to be explicit about it.
              const ordered = [...rows].sort((left, right) => Number(left.position) - Number(right.position))
              written.push(...ordered.map(decode))
            }
            return written
          })
        )
      }).pipe(Effect.withSpan("TrainingExampleStore.add")),

    find: (filter = {}, options = {}) => {
      const params: Array<SqlValue> = []
      const where = whereOf(filter, params)
      params.push(options.limit ?? 10_000)
      return db
        .query<Record<string, unknown>>(
          `SELECT ${COLUMNS} FROM training_examples${where} ORDER BY position LIMIT $${params.length}`,
          params
        )
        .pipe(
          Effect.map((rows) => rows.map(decode)),
          Effect.withSpan("TrainingExampleStore.find")
        )
    },

    count: (filter = {}) => {
      const params: Array<SqlValue> = []
      const where = whereOf(filter, params)
      return db.query<{ count: number }>(`SELECT count(*)::int AS count FROM training_examples${where}`, params).pipe(
        Effect.map((rows) => Number(rows[0]?.count ?? 0)),
        Effect.withSpan("TrainingExampleStore.count")
      )
    },

    setSplit: (exampleIds, split) =>
      Effect.gen(function* () {
        yield* validateRows(
          "training_examples",
          z.object({ exampleId: z.uuid(), split: z.enum(EXAMPLE_SPLITS) }),
          exampleIds.map((exampleId) => ({ exampleId, split }))
        )
        if (exampleIds.length === 0) return 0
        return yield* db.execute(
          "UPDATE training_examples SET split = $1 WHERE example_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::text::jsonb))",
          [split, jsonParam(exampleIds)]
        )
      }).pipe(Effect.withSpan("TrainingExampleStore.setSplit"))
  }
  return store
})

export class TrainingExampleStore extends Context.Service<TrainingExampleStore, TrainingExampleStoreShape>()(
  "@preflight/storage/TrainingExampleStore"
) {
  /** Needs a `Database`. */
  static readonly layer = Layer.effect(TrainingExampleStore, makeTrainingExampleStore)
}
