// Matching creatives with customer interests: the terms of a text are its content words, their singular
// forms, and the topics it scores on; an interest matches a creative when their terms meet. The simulator
// uses `contentTerms` for both sides ("running shoes" → running, shoes, shoe, footwear, sports_fitness).
import { normalizeText } from "./normalize-text.ts"
import { STOP_WORDS } from "./stop-words.ts"
import { scoreTopics, TOPIC_PRESENT, TOPICS } from "./topics.ts"

const singular = (word: string): string | undefined => {
  if (word.length <= 3 || word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) return undefined
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`
  if (/(?:ches|shes|xes|ses|zes)$/.test(word)) return word.slice(0, -2)
  if (word.endsWith("s")) return word.slice(0, -1)
  return undefined
}

/** The words (and singular forms) and topic ids of a text. */
export const contentTerms = (text: string): ReadonlySet<string> => {
  const normalized = normalizeText(text)
  const terms = new Set<string>()
  for (const token of normalized.tokens) {
    const word = token.text.replace(/'s$/, "")
    if (word.length < 3 || !/^[a-z]/.test(word) || STOP_WORDS.has(word)) continue
    terms.add(word)
    const one = singular(word)
    if (one !== undefined) terms.add(one)
  }
  const scores = scoreTopics(normalized.lower, normalized.tokens)
  TOPICS.forEach((topic, index) => {
    if ((scores[index] as number) >= TOPIC_PRESENT) terms.add(topic)
  })
  return terms
}

const interestTerms = new Map<string, ReadonlySet<string>>()

/** Share of `interests` (labels such as "running", "home decor") that meet the creative's terms, in [0, 1]. */
export const interestMatch = (interests: ReadonlyArray<string>, creativeTerms: ReadonlySet<string>): number => {
  if (interests.length === 0) return 0
  let matched = 0
  for (const interest of interests) {
    let terms = interestTerms.get(interest)
    if (terms === undefined) {
      terms = contentTerms(interest.replaceAll("_", " "))
      if (interestTerms.size > 10_000) interestTerms.clear()
      interestTerms.set(interest, terms)
    }
    for (const term of terms) {
      if (creativeTerms.has(term)) {
        matched++
        break
      }
    }
  }
  return matched / interests.length
}
