// JSON that keeps typed arrays exact and compact: a Float64Array is stored as base64 of its bytes, so a model
// read back predicts bit for bit what it predicted when it was fitted.

type TypedKind = "f64" | "i32" | "u8"

interface EncodedTyped {
  readonly $typed: TypedKind
  readonly base64: string
}

const kindOf = (value: unknown): TypedKind | undefined =>
  value instanceof Float64Array
    ? "f64"
    : value instanceof Int32Array
      ? "i32"
      : value instanceof Uint8Array
        ? "u8"
        : undefined

const isEncoded = (value: unknown): value is EncodedTyped =>
  typeof value === "object" &&
  value !== null &&
  "$typed" in value &&
  "base64" in value &&
  typeof (value as { base64: unknown }).base64 === "string"

/** Serializes `value` to JSON, typed arrays included. */
export const toTypedJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) => {
    const kind = kindOf(item)
    if (kind === undefined) return item
    const view = item as Float64Array | Int32Array | Uint8Array
    return { $typed: kind, base64: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64") }
  })

const decode = (encoded: EncodedTyped): Float64Array | Int32Array | Uint8Array => {
  const bytes = Buffer.from(encoded.base64, "base64")
  // Copy into a fresh, aligned buffer: a Buffer may sit at an offset that is not a multiple of 8.
  const copy = new Uint8Array(bytes.length)
  copy.set(bytes)
  switch (encoded.$typed) {
    case "f64":
      return new Float64Array(copy.buffer)
    case "i32":
      return new Int32Array(copy.buffer)
    case "u8":
      return copy
  }
}

/** Parses JSON written by `toTypedJson`, restoring the typed arrays. */
export const fromTypedJson = (text: string): unknown =>
  JSON.parse(text, (_key, item: unknown) => (isEncoded(item) ? decode(item) : item))
