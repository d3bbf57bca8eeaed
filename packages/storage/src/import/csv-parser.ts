// A streaming RFC 4180 CSV parser: quoted fields with "" escapes and embedded line breaks, LF or
// CRLF line ends, a leading BOM. It yields records in batches per input chunk, which keeps the
// per-record overhead of async iteration off the hot path of million-row imports.

export interface CsvRecord {
  readonly fields: ReadonlyArray<string>
  /** 1-based line of the file where the record starts. */
  readonly line: number
}

/** Malformed CSV (an unterminated quote, text after a closing quote), with the line it was found on. */
export class CsvSyntaxError extends Error {
  readonly line: number
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`)
    this.line = line
  }
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

interface ParsedPart {
  readonly records: Array<CsvRecord>
  /** Characters of `text` consumed by complete records (the rest starts an incomplete one). */
  readonly consumed: number
  /** The line number after the consumed part. */
  readonly nextLine: number
}

const countLineBreaks = (text: string, from: number, to: number): number => {
  let count = 0
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count += 1
  return count
}

/** Parses the complete records of `text`; with `final` the end of text also ends the last record. */
const parsePart = (text: string, firstLine: number, final: boolean): ParsedPart => {
  const records: Array<CsvRecord> = []
  const length = text.length
  let position = 0
  let line = firstLine
  let consumed = 0
  let consumedLine = firstLine

  scan: while (position < length) {
    const recordLine = line
    // Blank lines between records carry no data (typically a trailing newline).
    const first = text.charCodeAt(position)
    if (first === LF || first === CR) {
      position += first === CR && text.charCodeAt(position + 1) === LF ? 2 : 1
      if (first === CR && position === length && !final) break
      line += 1
      consumed = position
      consumedLine = line
      continue
    }
    const fields: Array<string> = []
    for (;;) {
      if (text.charCodeAt(position) === QUOTE) {
        let close = text.indexOf('"', position + 1)
        let hasEscapes = false
        while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) {
          hasEscapes = true
          close = text.indexOf('"', close + 2)
        }
        if (close === -1 || (close === length - 1 && !final)) {
          if (final) throw new CsvSyntaxError("unterminated quoted field", recordLine)
          break scan
        }
        const raw = text.slice(position + 1, close)
        fields.push(hasEscapes ? raw.replaceAll('""', '"') : raw)
        line += countLineBreaks(text, position + 1, close)
        position = close + 1
        const after = text.charCodeAt(position)
        if (position < length && after !== COMMA && after !== LF && after !== CR) {
          throw new CsvSyntaxError("unexpected character after a closing quote", line)
        }
      } else {
        let end = position
        while (end < length) {
          const code = text.charCodeAt(end)
          if (code === COMMA || code === LF || code === CR) break
          end += 1
        }
        if (end === length && !final) break scan
        fields.push(text.slice(position, end))
        position = end
      }
      if (position >= length) {
        if (!final) break scan
        records.push({ fields, line: recordLine })
        consumed = position
        consumedLine = line
        break scan
      }
      const delimiter = text.charCodeAt(position)
      if (delimiter === COMMA) {
        position += 1
        if (position >= length && final) {
          fields.push("")
          records.push({ fields, line: recordLine })
          consumed = position
          consumedLine = line
          break scan
        }
        continue
      }
      // A CR at the very end of a chunk may be the first half of CRLF: wait for the next chunk.
      if (delimiter === CR && position + 1 >= length && !final) break scan
      position += delimiter === CR && text.charCodeAt(position + 1) === LF ? 2 : 1
      line += 1
      records.push({ fields, line: recordLine })
      consumed = position
      consumedLine = line
      break
    }
  }
  return { records, consumed, nextLine: consumedLine }
}

/**
 * Parses CSV text arriving in chunks and yields the complete records of each chunk as one batch.
 * Throws `CsvSyntaxError` for malformed input.
 */
export async function* parseCsvBatches(chunks: AsyncIterable<string>): AsyncGenerator<ReadonlyArray<CsvRecord>> {
  let carry = ""
  let line = 1
  let first = true
  for await (const chunk of chunks) {
    let text = carry.length === 0 ? chunk : carry + chunk
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    const part = parsePart(text, line, false)
    carry = text.slice(part.consumed)
    line = part.nextLine
    if (part.records.length > 0) yield part.records
  }
  if (carry.length > 0) {
    const part = parsePart(carry, line, true)
    if (part.records.length > 0) yield part.records
  }
}
