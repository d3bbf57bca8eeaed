import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import {
  Database,
  ImportFormatError,
  ImportValidationError,
  importFile,
  MAX_REPORTED_ISSUES,
  migrate,
  tableCounts
} from "../../src/index.ts"
import { backends } from "../support/backends.ts"
import { editLines, exportToString, tempDir } from "../support/files.ts"
import { writeHistoryFixture } from "../support/history-fixture.ts"

const directory = tempDir("import")
const sample = writeHistoryFixture(directory, 400)
const fileOf = (table: string) => {
  const file = sample.files.find((entry) => entry.table === table)
  if (file === undefined) throw new Error(`no fixture file for ${table}`)
  return file
}

for (const backend of backends) {
  describe(`imports on ${backend.name}`, () => {
    layer(backend.layer("import"), { excludeTestServices: true, timeout: "180 seconds" })((it) => {
      it.effect("imports every fixture table and re-importing changes nothing", () =>
        Effect.gen(function* () {
          yield* migrate()
          for (const file of sample.files) {
            const summary = yield* importFile({ table: file.table, file: file.path })
            assert.strictEqual(summary.rowsRead, file.rows, file.table)
            assert.strictEqual(summary.rowsWritten, file.rows, file.table)
          }
          const counts = yield* tableCounts
          for (const file of sample.files) assert.strictEqual(counts.rows[file.table], file.rows, file.table)
          assert.strictEqual(counts.inferred.entities, 0)
          for (const file of sample.files) {
            const again = yield* importFile({ table: file.table, file: file.path })
            assert.strictEqual(again.rowsWritten, 0, `${file.table} re-import writes nothing`)
            assert.strictEqual(again.rowsUnchanged, file.rows)
          }
          assert.deepStrictEqual((yield* tableCounts).rows, counts.rows)
        })
      )

      it.effect("updates changed rows on re-import (upsert by primary key)", () =>
        Effect.gen(function* () {
          const db = yield* Database
          const edited = editLines(
            fileOf("interventions").path,
            (lines) => [lines[0] ?? "", (lines[1] ?? "").replace(/,(email|sms|push),/, ",mail,"), ...lines.slice(2)],
            join(directory, "interventions-edited.csv")
          )
          const summary = yield* importFile({ table: "interventions", file: edited })
          assert.strictEqual(summary.rowsWritten, 1)
          const rows = yield* db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM interventions WHERE type = 'mail'"
          )
          assert.strictEqual(rows[0]?.n, 1)
        })
      )

      it.effect("names every invalid value and writes nothing", () =>
        Effect.gen(function* () {
          const file = editLines(
            fileOf("outcomes").path,
            (lines) => {
              const next = [...lines]
              next[2] = (next[2] ?? "").replace(/^[0-9a-f-]{36}/, "not-a-uuid")
              next[4] = (next[4] ?? "").replace(/,(20\d\d)-/, ",$1-13-")
              next[6] = `${(next[6] ?? "").split(",").slice(0, 4).join(",")},abc,{}`
              return next
            },
            join(directory, "outcomes-bad.csv")
          )
          const before = (yield* tableCounts).rows.outcomes
          const error = yield* Effect.flip(importFile({ table: "outcomes", file }))
          assert.instanceOf(error, ImportValidationError)
          if (!(error instanceof ImportValidationError)) return
          assert.strictEqual(error.totalIssues, 3)
          assert.deepStrictEqual(
            error.issues.map((issue) => [issue.row, issue.line, issue.column]),
            [
              [2, 3, "outcome_id"],
              [4, 5, "timestamp"],
              [6, 7, "outcome_value"]
            ]
          )
          assert.match(error.issues[0]?.reason ?? "", /invalid UUID/)
          assert.match(error.issues[2]?.reason ?? "", /expected a number, got "abc"/)
          assert.strictEqual((yield* tableCounts).rows.outcomes, before)
        })
      )

      it.effect("names JSON values that Postgres jsonb cannot store (NUL, lone surrogate) by row and column", () =>
        Effect.gen(function* () {
          const file = join(directory, "outcomes-jsonb-unsafe.jsonl")
          const template = {
            entity_id: "5c6c970f-d72e-471a-97da-56936399f181",
            timestamp: "2025-01-13T05:46:34Z",
            outcome_type: "open",
            outcome_value: null
          }
          writeFileSync(
            file,
            [
              { ...template, outcome_id: "00000000-0000-4000-8000-000000000001", metadata: { note: "fine 😀" } },
              { ...template, outcome_id: "00000000-0000-4000-8000-000000000002", metadata: { tags: ["a", "b\u0000"] } },
              { ...template, outcome_id: "00000000-0000-4000-8000-000000000003", metadata: { note: "\ud800" } }
            ]
              .map((row) => JSON.stringify(row))
              .join("\n")
          )
          const before = (yield* tableCounts).rows.outcomes
          const error = yield* Effect.flip(importFile({ table: "outcomes", file }))
          assert.instanceOf(error, ImportValidationError)
          if (!(error instanceof ImportValidationError)) return
          assert.deepStrictEqual(
            error.issues.map((issue) => [issue.row, issue.column]),
            [
              [2, "metadata"],
              [3, "metadata"]
            ]
          )
          assert.match(error.issues[0]?.reason ?? "", /tags\[1\] contains a NUL character/)
          assert.match(error.issues[1]?.reason ?? "", /note contains an unpaired UTF-16 surrogate/)
          assert.strictEqual((yield* tableCounts).rows.outcomes, before)
        })
      )

      it.effect("counts all issues but reports the first 100", () =>
        Effect.gen(function* () {
          const file = editLines(
            fileOf("exposures").path,
            (lines) =>
              lines.map((line, index) => (index >= 1 && index <= 150 ? line.replace(/,(\d+)$/, ",-$1") : line)),
            join(directory, "exposures-negative.csv")
          )
          const error = yield* Effect.flip(importFile({ table: "exposures", file }))
          assert.instanceOf(error, ImportValidationError)
          if (!(error instanceof ImportValidationError)) return
          assert.strictEqual(error.totalIssues, 150)
          assert.strictEqual(error.issues.length, MAX_REPORTED_ISSUES)
        })
      )

      it.effect("rejects duplicate keys within one file, naming both rows", () =>
        Effect.gen(function* () {
          const file = editLines(
            fileOf("segments").path,
            (lines) => [...lines, lines[2] ?? ""],
            join(directory, "segments-dup.csv")
          )
          const error = yield* Effect.flip(importFile({ table: "segments", file }))
          assert.instanceOf(error, ImportValidationError)
          if (!(error instanceof ImportValidationError)) return
          assert.strictEqual(error.totalIssues, 1)
          assert.strictEqual(error.issues[0]?.row, 6)
          assert.match(error.issues[0]?.reason ?? "", /same key is at row 2/)
        })
      )

      it.effect("refuses a header that does not fit the table and malformed CSV", () =>
        Effect.gen(function* () {
          const unknownColumn = join(directory, "segments-unknown.csv")
          writeFileSync(unknownColumn, "segment_id,colour\nvip,red\n")
          const first = yield* Effect.flip(importFile({ table: "segments", file: unknownColumn }))
          assert.instanceOf(first, ImportFormatError)
          assert.match(first.message, /unknown column\(s\) "colour"/)

          const missing = join(directory, "exposures-missing.csv")
          writeFileSync(missing, "exposure_id,entity_id\n")
          const second = yield* Effect.flip(importFile({ table: "exposures", file: missing }))
          assert.match(second.message, /missing required column\(s\) timestamp, channel/)

          const malformed = join(directory, "segments-malformed.csv")
          writeFileSync(malformed, 'segment_id,definition\nvip,"{""a"":1}\n')
          const third = yield* Effect.flip(importFile({ table: "segments", file: malformed }))
          assert.match(third.message, /unterminated quoted field \(line 2\)/)

          const wrongFormat = yield* Effect.flip(
            importFile({ table: "segments", file: join(directory, "segments.xlsx") })
          )
          assert.match(wrongFormat.message, /cannot tell the format/)
          const absent = yield* Effect.flip(importFile({ table: "segments", file: join(directory, "absent.csv") }))
          assert.match(absent.message, /no such file/)
        })
      )

      it.effect("creates inferred entities for exposures that arrive first, and fills them in later", () =>
        Effect.gen(function* () {
          const db = yield* Database
          const entityId = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
          const file = join(directory, "exposures-orphan.jsonl")
          writeFileSync(
            file,
            `${JSON.stringify({ exposure_id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", entity_id: entityId, timestamp: "2025-03-01T08:00:00", channel: "email", content: { variant: "a" }, cost: "0.002" })}\n`
          )
          const summary = yield* importFile({ table: "exposures", file })
          assert.strictEqual(summary.inferredParents.entities, 1)
          assert.strictEqual((yield* tableCounts).inferred.entities, 1)
          const entityFile = join(directory, "entity-late.csv")
          writeFileSync(entityFile, `entity_id,segment_id,attributes\n${entityId},vip_new,"{""region"":""north""}"\n`)
          const late = yield* importFile({ table: "entities", file: entityFile })
          assert.strictEqual(late.rowsWritten, 1)
          assert.strictEqual(late.inferredParents.segments, 1, "the unknown segment is inferred in turn")
          const counts = yield* tableCounts
          assert.strictEqual(counts.inferred.entities, 0)
          assert.strictEqual(counts.inferred.segments, 1)
          const [stored] = yield* db.query<{ ts: string; cost: string }>(
            `SELECT to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS ts, cost::text AS cost FROM exposures WHERE entity_id = $1`,
            [entityId]
          )
          assert.deepStrictEqual(
            stored,
            { ts: "2025-03-01 08:00", cost: "0.002" },
            "zone-less time read as UTC; numeric kept exactly"
          )
        })
      )

      it.effect("a first load into an empty table gives way to the staging path for duplicates and orphans", () =>
        Effect.gen(function* () {
          const fresh = Effect.gen(function* () {
            yield* migrate()
            const duplicated = editLines(
              fileOf("segments").path,
              (lines) => [...lines, lines[3] ?? ""],
              join(directory, "segments-first-dup.csv")
            )
            const error = yield* Effect.flip(importFile({ table: "segments", file: duplicated }))
            assert.instanceOf(error, ImportValidationError)
            assert.match(
              error.message,
              /row 6 \(line 7\), column segment_id: duplicate segment_id: the same key is at row 3/
            )
            assert.strictEqual((yield* tableCounts).rows.segments, 0)
            // Exposures before any entity: the direct COPY hits the foreign key, the staging path infers them.
            const exposures = yield* importFile({ table: "exposures", file: fileOf("exposures").path })
            assert.strictEqual(exposures.rowsWritten, fileOf("exposures").rows)
            assert.isAbove(exposures.inferredParents.entities ?? 0, 0)
            // Segments into an empty table take the direct path and report the same totals.
            const segments = yield* importFile({ table: "segments", file: fileOf("segments").path })
            assert.deepInclude(segments, { rowsRead: 5, rowsWritten: 5, rowsUnchanged: 0 })
          })
          yield* fresh.pipe(Effect.provide(backend.layer("import_first_load"), { local: true }))
        })
      )

      it.effect("exports to CSV and JSON Lines that re-import to the same rows", () =>
        Effect.gen(function* () {
          const exportDir = tempDir("export")
          const exports: Array<{ table: (typeof sample.files)[number]["table"]; csv: string; jsonl: string }> = []
          for (const file of sample.files) {
            const csv = yield* exportToString(file.table, "csv")
            const jsonl = yield* exportToString(file.table, "jsonl")
            writeFileSync(join(exportDir, `${file.table}.csv`), csv)
            writeFileSync(join(exportDir, `${file.table}.jsonl`), jsonl)
            exports.push({ table: file.table, csv, jsonl })
          }
          const rerun = Effect.gen(function* () {
            yield* migrate()
            for (const entry of exports)
              yield* importFile({ table: entry.table, file: join(exportDir, `${entry.table}.jsonl`) })
            for (const entry of exports) {
              assert.strictEqual(yield* exportToString(entry.table, "csv"), entry.csv, `${entry.table} round trip`)
            }
          })
          yield* rerun.pipe(Effect.provide(backend.layer("import_roundtrip"), { local: true }))
        })
      )
    })
  })
}
