// Splits JSON Lines text arriving in chunks into parsed values, in batches per chunk. A line that
// is not valid JSON is returned as a syntax failure so the importer can name it like any bad row.

export type JsonLine =
  | { readonly ok: true; readonly value: unknown; readonly line: number }
  | { readonly ok: false; readonly reason: string; readonly line: number }

export async function* parseJsonLinesBatches(chunks: AsyncIterable<string>): AsyncGenerator<ReadonlyArray<JsonLine>> {
  let carry = ""
  let line = 0
  const parseLine = (text: string, batch: Array<JsonLine>) => {
    line += 1
    const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text
    if (trimmed.trim() === "") return
    try {
      batch.push({ ok: true, value: JSON.parse(trimmed), line })
    } catch (error) {
      batch.push({
        ok: false,
        reason: `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
        line
      })
    }
  }
  let first = true
  for await (const chunk of chunks) {
    let text = carry.length === 0 ? chunk : carry + chunk
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    const batch: Array<JsonLine> = []
    let start = 0
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      parseLine(text.slice(start, end), batch)
      start = end + 1
    }
    carry = text.slice(start)
    if (batch.length > 0) yield batch
  }
  if (carry.length > 0) {
    const batch: Array<JsonLine> = []
    parseLine(carry, batch)
    if (batch.length > 0) yield batch
  }
}
