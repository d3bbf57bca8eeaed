// Content words of marketing copy, for checking that two copywriters share no wording: lower-cased tokens
// without slots ({scope}, {{name}}), numbers and function words, which carry no attribute.

/** English function words (articles, pronouns, prepositions, auxiliaries) that any copy uses. */
export const FUNCTION_WORDS = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "but",
  "to",
  "of",
  "in",
  "on",
  "for",
  "with",
  "at",
  "by",
  "from",
  "into",
  "as",
  "is",
  "are",
  "be",
  "it",
  "it's",
  "its",
  "this",
  "that",
  "these",
  "those",
  "you",
  "your",
  "you're",
  "yours",
  "we",
  "our",
  "us",
  "i",
  "my",
  "me",
  "so",
  "if",
  "than",
  "then",
  "up"
])

/** The content words of `text`. */
export const contentWords = (text: string): Set<string> => {
  const withoutSlots = text.replace(/\{\{[a-z_]+\}\}|\{[a-z]+\}/g, " ")
  const tokens = withoutSlots.toLowerCase().match(/[a-z][a-z']*/g) ?? []
  return new Set(tokens.map((token) => token.replace(/'$/, "")).filter((token) => !FUNCTION_WORDS.has(token)))
}

/** The content words of several texts. */
export const contentWordsOf = (texts: ReadonlyArray<string>): Set<string> => {
  const words = new Set<string>()
  for (const text of texts) for (const word of contentWords(text)) words.add(word)
  return words
}
