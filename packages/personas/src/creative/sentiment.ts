// Sentiment from a small marketing lexicon with negation: a negator ("no", "not", "without", "never",
// "don't" …) flips the polarity of the sentiment words in the next three tokens, and a flipped negative
// counts half as positive ("no hidden fees" is mildly good, not bad). Score = (P − N) / (P + N + 1) ∈ (−1, 1).
import { NEGATORS, type NormalizedText } from "./normalize-text.ts"

const POSITIVE = new Set(
  "love loved loves lovely great amazing awesome best better perfect happy happier enjoy enjoyed favourite favorite favourites favorites delighted excited exciting beautiful fresh easy easier win winner wins thanks thank treat wonderful fantastic special celebrate celebrating comfortable comfy reward rewards rewarding gift gifts glad pleased smile brilliant incredible stunning gorgeous welcome proud trusted reliable secure safe safer healthy healthier relax relaxing peace fun joy joyful cosy cozy premium quality bonus free save saving savings benefit benefits stylish elegant luxury luxurious innovative powerful fast faster simple seamless effortless exclusive new improved upgrade dream ideal superb top excellent outstanding lucky deserve congratulations congrats".split(
    " "
  )
)
const NEGATIVE = new Set(
  "bad worse worst miss missed missing sorry problem problems issue issues fail failed failure expire expired expiring lose lost losing hate annoying annoyed unfortunately late delay delayed fee fees charge charges penalty penalties overdue debt risk risky worry worried pain painful broken cancel cancelled canceled hidden error errors complaint complaints disappoint disappointed disappointing angry frustrating frustrated difficult hard stress stressful expensive costly waste wasted damage damaged sick ill boring slow slower poor ugly scam spam unpaid declined suspended warning terminated outage".split(
    " "
  )
)

// Selling points that read negative word by word: "cancel anytime", "no hidden fees" (the negation rule
// handles that one), "risk-free". Each counts once as positive and its words are not scored again.
const REASSURANCES =
  /\bcancel (?:any ?time|at any time|whenever)\b|\b(?:risk|hassle|worry|stress|fuss)[- ]free\b|\bno (?:strings|commitment|obligation|catch)(?: attached)?\b|\bmoney[- ]back guarantee\b/g

export interface SentimentReading {
  /** (P − N) / (P + N + 1). */
  readonly score: number
  readonly positive: number
  readonly negative: number
}

/** Scores the sentiment of a normalised text. */
export const readSentiment = (normalized: NormalizedText): SentimentReading => {
  let positive = 0
  let negative = 0
  let negatedFor = 0
  let previousEnd = 0
  const skipped: Array<readonly [number, number]> = []
  REASSURANCES.lastIndex = 0
  for (let m = REASSURANCES.exec(normalized.lower); m !== null; m = REASSURANCES.exec(normalized.lower)) {
    positive += 1
    skipped.push([m.index, m.index + m[0].length])
  }
  for (const token of normalized.tokens) {
    if (skipped.some(([start, end]) => token.start >= start && token.start < end)) continue
    // Punctuation between tokens closes a negation's scope.
    if (negatedFor > 0 && /[.!?;:,]/.test(normalized.lower.slice(previousEnd, token.start))) negatedFor = 0
    previousEnd = token.end
    const word = token.text
    if (NEGATORS.has(word)) {
      negatedFor = 3
      continue
    }
    const flipped = negatedFor > 0
    if (negatedFor > 0) negatedFor--
    if (POSITIVE.has(word)) {
      if (flipped) negative += 1
      else positive += 1
    } else if (NEGATIVE.has(word)) {
      if (flipped) positive += 0.5
      else negative += 1
    }
  }
  return { score: (positive - negative) / (positive + negative + 1), positive, negative }
}
