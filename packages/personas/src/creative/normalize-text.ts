// Text normalisation for the creative reader: one lower-case form with typographic variants folded (curly
// quotes, dashes, non-breaking spaces, full-width %), English number words turned into digits ("twenty
// five percent" → "25 percent", "half" stays a word), and a token list with character offsets so rules can
// look a few words back for a negation.

/** A word token and where it starts and ends in the normalised text. */
export interface Token {
  readonly text: string
  readonly start: number
  readonly end: number
}

/** Normalised text and its tokens. */
export interface NormalizedText {
  /** The original text with typographic variants folded (case kept). */
  readonly folded: string
  /** `folded` lower-cased, number words as digits. */
  readonly lower: string
  readonly tokens: ReadonlyArray<Token>
}

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19
}
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90
}

const NUMBER_WORDS = new RegExp(
  `\\b(?:(${Object.keys(TENS).join("|")})(?:[\\s-](${Object.keys(UNITS).slice(1, 10).join("|")}))?|(${Object.keys(UNITS).join("|")})|(a\\s+hundred|one\\s+hundred|hundred))\\b`,
  "g"
)

// Words that stay words even though they spell a number: "one" in "buy one get one", "no one", "someone".
const keepsOne = (text: string, offset: number): boolean => {
  const before = text.slice(Math.max(0, offset - 12), offset)
  return /(?:no|any|every|some|the|this|that|each)\s$/.test(before)
}

const numberWordsToDigits = (lower: string): string =>
  lower.replace(
    NUMBER_WORDS,
    (
      match,
      tens: string | undefined,
      unit: string | undefined,
      single: string | undefined,
      hundred: string | undefined,
      offset: number
    ) => {
      if (hundred !== undefined) return "100"
      if (tens !== undefined) return String((TENS[tens] ?? 0) + (unit === undefined ? 0 : (UNITS[unit] ?? 0)))
      if (single !== undefined) {
        // "one" and "two" in "buy one get one", "two for one" are read by the multibuy rules as words too,
        // but digits read the same; only keep phrases like "no one" intact.
        if (single === "one" && keepsOne(lower, offset)) return match
        return String(UNITS[single] ?? match)
      }
      return match
    }
  )

const TOKEN = /[a-z0-9]+(?:[.,][0-9]+)*(?:'[a-z]+)?/g

/** Folds typography, lower-cases, converts number words, and tokenises. */
export const normalizeText = (text: string): NormalizedText => {
  const folded = text
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00a0\u2007\u202f\u2009]/g, " ")
    .replace(/\uff05/g, "%")
    .replace(/\u2026/g, "...")
  const lower = numberWordsToDigits(folded.toLowerCase())
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  for (let match = TOKEN.exec(lower); match !== null; match = TOKEN.exec(lower)) {
    tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length })
  }
  return { folded, lower, tokens }
}

/** Index of the first token starting at or after `offset` (binary search). */
export const tokenIndexAt = (tokens: ReadonlyArray<Token>, offset: number): number => {
  let low = 0
  let high = tokens.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((tokens[middle] as Token).start < offset) low = middle + 1
    else high = middle
  }
  return low
}

/** The `count` tokens before `offset` (nearest last). */
export const tokensBefore = (tokens: ReadonlyArray<Token>, offset: number, count: number): ReadonlyArray<string> => {
  const index = tokenIndexAt(tokens, offset)
  const words: string[] = []
  for (let i = Math.max(0, index - count); i < index; i++) words.push((tokens[i] as Token).text)
  return words
}

/** Negators that cancel a cue a few words after them ("no discount", "not on sale", "don't miss"). */
export const NEGATORS: ReadonlySet<string> = new Set([
  "no",
  "not",
  "without",
  "never",
  "zero",
  "nor",
  "none",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "aren't",
  "wasn't",
  "won't",
  "can't",
  "cannot",
  "nothing",
  "nothing's",
  "nobody",
  "neither",
  "dont",
  "isnt",
  "wont"
])

/** Whether one of the `window` words before `offset` negates it (a sentence break stops the look-back). */
export const negatedAt = (normalized: NormalizedText, offset: number, window = 3): boolean => {
  const index = tokenIndexAt(normalized.tokens, offset)
  for (let i = index - 1; i >= Math.max(0, index - window); i--) {
    const token = normalized.tokens[i] as Token
    // A sentence or clause break between the negator and the cue ends its scope.
    const between = normalized.lower.slice(
      token.end,
      i === index - 1 ? offset : (normalized.tokens[i + 1] as Token).start
    )
    if (/[.!?;:]/.test(between)) return false
    if (NEGATORS.has(token.text)) return true
  }
  return false
}
