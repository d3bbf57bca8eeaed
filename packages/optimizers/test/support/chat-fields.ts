// Reads the `[[ ## field ## ]]` blocks of ChatAdapter messages, so scripted test models can answer from the
// prompt the way a model would read it.
import type { ChatMessage, LmRequest } from "@preflight/core-signatures"

/** The field blocks of one message, in order (the "Respond with ..." reminder is dropped). */
export const chatFields = (content: string): Record<string, string> => {
  const fields: Record<string, string> = {}
  const cut = content.lastIndexOf("\n\nRespond with ")
  const body = cut === -1 ? content : content.slice(0, cut)
  const pattern = /\[\[ ## (\w+) ## \]\]\n?/g
  const marks = [...body.matchAll(pattern)]
  marks.forEach((mark, index) => {
    const start = (mark.index ?? 0) + mark[0].length
    const end = marks[index + 1]?.index ?? body.length
    const name = mark[1]
    if (name !== undefined && name !== "completed") fields[name] = body.slice(start, end).trim()
  })
  return fields
}

/** The system message of a request. */
export const systemOf = (request: LmRequest): string => request.messages[0]?.content ?? ""

/** The instructions inside a ChatAdapter system message (after "your objective is:"). */
export const instructionsOf = (request: LmRequest): string => {
  const system = systemOf(request)
  const marker = "your objective is:"
  const at = system.indexOf(marker)
  return at === -1
    ? ""
    : system
        .slice(at + marker.length)
        .replace(/\n {8}/g, "\n")
        .trim()
}

/** The name of the first output field declared in the system message. */
export const firstOutputField = (request: LmRequest): string | undefined =>
  /Your output fields are:\n1\. `(\w+)`/.exec(systemOf(request))?.[1]

/** Demo turns (user fields, assistant fields) between the system message and the final user message. */
export const demoTurns = (
  request: LmRequest
): Array<{ readonly inputs: Record<string, string>; readonly outputs: Record<string, string> }> => {
  const turns: Array<{ inputs: Record<string, string>; outputs: Record<string, string> }> = []
  const messages: ReadonlyArray<ChatMessage> = request.messages
  for (let index = 1; index + 1 < messages.length - 1; index += 2) {
    const user = messages[index]
    const assistant = messages[index + 1]
    if (user?.role === "user" && assistant?.role === "assistant") {
      turns.push({ inputs: chatFields(user.content), outputs: chatFields(assistant.content) })
    }
  }
  return turns
}

/** The fields of the final user message. */
export const finalInputs = (request: LmRequest): Record<string, string> =>
  chatFields(request.messages[request.messages.length - 1]?.content ?? "")

/** An answer in ChatAdapter format. */
export const chatAnswer = (outputs: Record<string, string>): string =>
  `${Object.entries(outputs)
    .map(([name, value]) => `[[ ## ${name} ## ]]\n${value}`)
    .join("\n\n")}\n\n[[ ## completed ## ]]\n`
