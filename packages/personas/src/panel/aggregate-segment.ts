// Segment-level aggregation of weighted reactions: weighted means of intent and receptivity, the weighted
// shares of each action, emotion and purchase decision, weighted intent quantiles, the dominant emotion and a
// few rationales, per segment × creative × channel.
import { ACTIONS, type PersonaAction, type PersonaReaction } from "../programs/reaction.ts"
import { EMOTIONS, type Emotion, PURCHASE_DECISIONS, type PurchaseDecision } from "../programs/signatures.ts"

/** One persona's reaction in a panel, with the weight it carries. */
export interface PanelReaction {
  readonly personaId: string
  readonly segmentId: string
  readonly creativeId: string
  readonly channel: string
  readonly weight: number
  /** The archetype that answered for this persona, when the panel deduplicated. */
  readonly archetypeId: string | undefined
  readonly reaction: PersonaReaction
}

export interface SegmentSummary {
  readonly segmentId: string
  readonly creativeId: string
  readonly channel: string
  readonly personas: number
  readonly weight: number
  readonly meanIntentDelta: number
  readonly meanReceptivity: number
  readonly actionShares: Readonly<Record<PersonaAction, number>>
  readonly emotionShares: Readonly<Record<Emotion, number>>
  readonly purchaseShares: Readonly<Record<PurchaseDecision, number>>
  readonly intentQuantiles: {
    readonly p10: number
    readonly p25: number
    readonly p50: number
    readonly p75: number
    readonly p90: number
  }
  readonly dominantEmotion: Emotion
  readonly sampleRationales: ReadonlyArray<string>
}

const shares = <L extends string>(
  labels: ReadonlyArray<L>,
  reactions: ReadonlyArray<PanelReaction>,
  read: (r: PersonaReaction) => L,
  total: number
) => {
  const result = Object.fromEntries(labels.map((label) => [label, 0])) as Record<L, number>
  for (const item of reactions) result[read(item.reaction)] += item.weight / total
  return result
}

/** Weighted quantile by the inverse of the weighted empirical CDF. */
export const weightedQuantile = (values: ReadonlyArray<number>, weights: ReadonlyArray<number>, q: number): number => {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
  let total = 0
  for (const weight of weights) total += weight
  let cumulative = 0
  for (const index of order) {
    cumulative += weights[index] as number
    if (cumulative >= q * total) return values[index] as number
  }
  return values[order[order.length - 1] as number] ?? Number.NaN
}

/** Summarises the reactions of one segment to one creative on one channel (all given reactions are used). */
export const aggregateSegment = (reactions: ReadonlyArray<PanelReaction>): SegmentSummary => {
  const first = reactions[0]
  let total = 0
  let intent = 0
  let receptivity = 0
  for (const item of reactions) {
    total += item.weight
    intent += item.weight * item.reaction.intentDelta
    receptivity += item.weight * item.reaction.receptivity
  }
  const safe = total > 0 ? total : 1
  const emotionShares = shares(EMOTIONS, reactions, (r) => r.emotion, safe)
  const intents = reactions.map((item) => item.reaction.intentDelta)
  const weights = reactions.map((item) => item.weight)
  const q = (p: number) => (reactions.length === 0 ? Number.NaN : weightedQuantile(intents, weights, p))
  const rationales: string[] = []
  for (const item of [...reactions].sort((a, b) => b.weight - a.weight)) {
    if (rationales.length >= 3) break
    if (!rationales.includes(item.reaction.rationale)) rationales.push(item.reaction.rationale)
  }
  let dominant: Emotion = "neutral"
  for (const emotion of EMOTIONS) if (emotionShares[emotion] > emotionShares[dominant]) dominant = emotion
  return {
    segmentId: first?.segmentId ?? "",
    creativeId: first?.creativeId ?? "",
    channel: first?.channel ?? "",
    personas: reactions.length,
    weight: total,
    meanIntentDelta: total > 0 ? intent / total : Number.NaN,
    meanReceptivity: total > 0 ? receptivity / total : Number.NaN,
    actionShares: shares(ACTIONS, reactions, (r) => r.action, safe),
    emotionShares,
    purchaseShares: shares(PURCHASE_DECISIONS, reactions, (r) => r.purchaseDecision, safe),
    intentQuantiles: { p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9) },
    dominantEmotion: dominant,
    sampleRationales: rationales
  }
}

/** Summaries per segment × creative × channel, in first-seen order. */
export const aggregatePanel = (reactions: ReadonlyArray<PanelReaction>): ReadonlyArray<SegmentSummary> => {
  const groups = new Map<string, PanelReaction[]>()
  for (const item of reactions) {
    const key = `${item.segmentId}\u0000${item.creativeId}\u0000${item.channel}`
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [item])
    else group.push(item)
  }
  return [...groups.values()].map(aggregateSegment)
}
