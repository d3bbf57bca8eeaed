import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type CsvRecord, CsvSyntaxError, parseCsvBatches } from "../../src/import/csv-parser.ts"

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
}

const parseAll = async (text: string, chunkSize = 1 << 20): Promise<Array<CsvRecord>> => {
  const records: Array<CsvRecord> = []
  for await (const batch of parseCsvBatches(chunksOf(text, chunkSize))) records.push(...batch)
  return records
}

const encodeField = (field: string): string =>
  /[",\r\n]/.test(field) || field === "" ? `"${field.replaceAll('"', '""')}"` : field

describe("parseCsvBatches", () => {
  it("parses quoted fields, escapes, embedded newlines and CRLF", async () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"line1\nline2",\r\n3,,z'
    const records = await parseAll(text)
    expect(records.map((record) => record.fields)).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", 'say "hi"'],
      ["2", "line1\nline2", ""],
      ["3", "", "z"]
    ])
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 5])
  })

  it("strips a BOM and skips blank lines", async () => {
    const records = await parseAll("\uFEFFid,name\n\n1,a\n\n")
    expect(records.map((record) => record.fields)).toEqual([
      ["id", "name"],
      ["1", "a"]
    ])
    expect(records[1]?.line).toBe(3)
  })

  it("reports an unterminated quote with its line", async () => {
    await expect(parseAll('id\n1\n"open')).rejects.toThrowError(CsvSyntaxError)
    await expect(parseAll('id\n1\n"open')).rejects.toThrowError(/line 3/)
  })

  it("rejects text after a closing quote", async () => {
    await expect(parseAll('a\n"x"y\n')).rejects.toThrowError(/after a closing quote/)
  })

  it("gives the same records whatever the chunk boundaries", async () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r\n", " ", "é"), maxLength: 8 })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 17 }),
        fc.boolean(),
        async (rows, chunkSize, crlf) => {
          // A record of one empty field would be a blank line; the fixed width of 2 avoids that ambiguity.
          const text = rows.map((row) => row.map(encodeField).join(",")).join(crlf ? "\r\n" : "\n")
          const records = await parseAll(text, chunkSize)
          expect(records.map((record) => record.fields)).toEqual(rows)
        }
      ),
      { seed: 20261123, numRuns: 300 }
    )
  })
})
