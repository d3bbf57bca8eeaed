// The adapter contract: turn (signature, demos, inputs) into chat messages and a model's text back into
// typed outputs. Chat ([[ ## field ## ]] markers) and JSON (structured outputs) implement it.
import type { Example } from "../example.ts"
import type { ChatMessage, ResponseFormat } from "../lm/types.ts"
import type { FieldValues, Signature } from "../signature/signature.ts"

/** Parsed outputs, or the first field that failed and why. */
export type ParseOutcome =
  | { readonly ok: true; readonly values: FieldValues }
  | { readonly ok: false; readonly field: string | undefined; readonly reason: string }

/** Formats prompts for, and parses answers of, one output convention. */
export interface Adapter {
  readonly kind: "chat" | "json"
  /** System message, demos as user/assistant turns, conversation history, then the request. */
  format(signature: Signature, demos: ReadonlyArray<Example>, inputs: FieldValues): ReadonlyArray<ChatMessage>
  /** Reads the output fields from one completion. */
  parse(signature: Signature, completion: string): ParseOutcome
  /** The `response_format` this adapter asks for (undefined = plain text). */
  responseFormat(signature: Signature): ResponseFormat | undefined
}
