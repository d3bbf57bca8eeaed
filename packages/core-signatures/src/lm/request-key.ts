// Cache key of a request: SHA-256 over a canonical JSON (sorted keys, undefined dropped) of the resolved
// request in which each message is replaced by the SHA-256 of its own canonical JSON. Secrets never enter
// it (the request holds no API key or base URL), as in DSPy's cache (sha256 of orjson OPT_SORT_KEYS with
// api_key/api_base ignored; dspy/clients/cache.py). Hashing messages separately lets the system and demo
// messages, which are the same objects call after call, be hashed once. The same digests identify a call's
// messages and outputs on its span without putting the text there.
//
// The memo below is kept because the Predict goal needs it: `pnpm bench signatures-overhead` measured the
// cache key at 6.7–8.0 µs with it and 24–34 µs without, and a cached Predict at 31 µs against 57–85 µs
// (goal: 50 µs per call). Invariant it relies on: a `ChatMessage` is never mutated after it is built (its
// fields are readonly and the adapters build new objects), so a digest keyed by the object stays right for
// the object's life; the WeakMaps hold no message alive and depend on nothing but the message itself.
import { hash } from "node:crypto"
import type { ChatMessage, LmRequest, ResponseFormat } from "./types.ts"

/** Canonical JSON: object keys sorted, undefined members dropped. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || value === undefined) return "null"
  if (typeof value !== "object") return JSON.stringify(value) ?? "null"
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`
}

// One-shot `crypto.hash` is about twice as fast as createHash for the short texts hashed per call.
const sha256 = (text: string): string => hash("sha256", text, "hex")

const formatJson = new WeakMap<ResponseFormat, string>()
const messageDigests = new WeakMap<ChatMessage, string>()

const digestOf = (message: ChatMessage): string =>
  sha256(`{"content":${JSON.stringify(message.content)},"role":${JSON.stringify(message.role)}}`)

/**
 * SHA-256 of a message's canonical JSON, memoised per message object unless `remember` is false (the
 * per-call user message, which no later call shares: remembering it would only add garbage).
 */
export const messageDigest = (message: ChatMessage, remember = true): string => {
  const cached = messageDigests.get(message)
  if (cached !== undefined) return cached
  const digest = digestOf(message)
  if (remember) messageDigests.set(message, digest)
  return digest
}

const responseFormatJson = (format: ResponseFormat): string => {
  const cached = formatJson.get(format)
  if (cached !== undefined) return cached
  const text = canonicalJson(format)
  formatJson.set(format, text)
  return text
}

/**
 * The canonical text that is hashed: `canonicalJson` of the request with `messages` replaced by the list of
 * message digests. Written by hand in sorted-key order because it runs on every call.
 */
export const canonicalRequest = (request: LmRequest): string => {
  let text = "{"
  if (request.maxTokens !== undefined) text += `"maxTokens":${JSON.stringify(request.maxTokens)},`
  text += '"messages":['
  for (let index = 0; index < request.messages.length; index++) {
    const message = request.messages[index]
    if (message === undefined) continue
    if (index > 0) text += ","
    text += `"${messageDigest(message, index < request.messages.length - 1)}"`
  }
  text += `],"model":${JSON.stringify(request.model)},"n":${JSON.stringify(request.n)}`
  if (request.responseFormat !== undefined) text += `,"responseFormat":${responseFormatJson(request.responseFormat)}`
  if (request.rolloutId !== undefined) text += `,"rolloutId":${JSON.stringify(request.rolloutId)}`
  if (request.seed !== undefined) text += `,"seed":${JSON.stringify(request.seed)}`
  if (request.temperature !== undefined) text += `,"temperature":${JSON.stringify(request.temperature)}`
  return `${text}}`
}

/** The cache key of a request (SHA-256 hex). */
export const requestKey = (request: LmRequest): string => sha256(canonicalRequest(request))

/**
 * SHA-256 of a message list: the hash of the JSON array of the messages' own digests, as they appear in
 * `canonicalRequest`, so equal conversations have equal digests whatever the rest of the request.
 */
export const messagesDigest = (messages: ReadonlyArray<ChatMessage>): string => {
  let text = "["
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]
    if (message === undefined) continue
    if (index > 0) text += ","
    text += `"${messageDigest(message, index < messages.length - 1)}"`
  }
  return sha256(`${text}]`)
}

/** SHA-256 of the JSON array of a completion's outputs. */
export const outputsDigest = (outputs: ReadonlyArray<string>): string => sha256(JSON.stringify(outputs))
