// Customers: latent traits drawn from their segment's priors with correlations (two shared factors, an
// "engagement" one behind propensity, loyalty and fatigue tolerance and a "deal-seeking" one behind price
// and urgency sensitivity), and the static observable attributes that reveal them only partly.
import type { SeededRandom } from "@preflight/numeric"
import { DAY_MS } from "../calendar.ts"
import { logit, sigmoid } from "../model/logistic.ts"
import type { CustomerTraits } from "../model/true-model.ts"
import type { Channel, IndustryTemplate, SegmentSpec } from "../templates/template-types.ts"
import { uuidFrom } from "./uuid.ts"

export interface Customer {
  readonly index: number
  readonly id: string
  readonly segmentIndex: number
  readonly createdAtMs: number
  readonly traits: CustomerTraits
  /** Channels the organisation may contact this customer on (consent, number or address known). */
  readonly reachable: ReadonlySet<Channel>
  readonly age: number
  readonly region: string
  /** The interest the CRM recorded: the true favourite most of the time, a plausible other one otherwise. */
  readonly statedInterest: string
  readonly preferredChannel: Channel
  readonly extraAttributes: Readonly<Record<string, string | number>>
}

/** How strongly age tilts channel affinity (per 15 years above 40): the young answer push, the old mail. */
const AGE_CHANNEL_TILT: Readonly<Record<Channel, number>> = {
  email: 0.05,
  sms: -0.1,
  push: -0.2,
  mail: 0.2,
  call: 0.15
}
/** Probability that the recorded interest is the customer's true favourite topic. */
const INTEREST_ACCURACY = 0.7

const weightedKey = (random: SeededRandom, weights: Readonly<Record<string, number>>): string => {
  const keys = Object.keys(weights)
  return keys[random.weightedIndex(keys.map((key) => weights[key] ?? 0))] ?? keys[0] ?? ""
}

const drawTraits = (
  random: SeededRandom,
  segment: SegmentSpec,
  template: IndustryTemplate,
  age: number
): CustomerTraits => {
  const p = segment.priors
  const engagement = random.normal()
  const dealSeeking = random.normal()
  const ageZ = (age - 40) / 15
  const channelAffinity: Partial<Record<Channel, number>> = {}
  for (const spec of template.channels) {
    const mean = p.channelAffinity[spec.channel] ?? 1
    channelAffinity[spec.channel] = mean * Math.exp(0.3 * random.normal() + AGE_CHANNEL_TILT[spec.channel] * ageZ)
  }
  return {
    baseLogit: logit(p.baseConversion7d) + 0.45 * engagement + 0.35 * random.normal(),
    priceSensitivity: sigmoid(logit(p.priceSensitivity) + 0.6 * dealSeeking - 0.2 * engagement + 0.5 * random.normal()),
    urgencyResponsiveness: sigmoid(logit(p.urgencyResponsiveness) + 0.4 * dealSeeking + 0.6 * random.normal()),
    brandLoyalty: sigmoid(logit(p.brandLoyalty) + 0.6 * engagement - 0.3 * dealSeeking + 0.5 * random.normal()),
    fatigueTolerance: sigmoid(logit(p.fatigueTolerance) + 0.3 * engagement + 0.6 * random.normal()),
    orderValue: p.orderValue * Math.exp(0.35 * random.normal() + 0.1 * engagement - 0.15 * dealSeeking),
    channelAffinity,
    favoriteTopic: weightedKey(random, p.topicWeights)
  }
}

const drawExtraAttributes = (
  random: SeededRandom,
  segment: SegmentSpec,
  template: IndustryTemplate
): Record<string, string | number> => {
  const attributes: Record<string, string | number> = {}
  for (const spec of template.extraAttributes) {
    if (spec.kind === "category") {
      const weights = spec.weightsBySegment[segment.id] ?? spec.defaultWeights
      attributes[spec.name] = spec.values[random.weightedIndex(weights)] ?? spec.values[0] ?? ""
    } else {
      const median = spec.medianBySegment[segment.id] ?? spec.fallback
      const value = median * Math.exp(spec.logSd * random.normal())
      const scale = 10 ** spec.decimals
      attributes[spec.name] = Math.round(value * scale) / scale
    }
  }
  return attributes
}

/**
 * Draws `count` customers: segment by share, creation date (customers of segments that join during the
 * history arrive uniformly between `historyStartMs` − 30 days and `joinEndMs`), traits, reachability and
 * attributes. Deterministic for a given `random`.
 */
export const drawCustomers = (
  random: SeededRandom,
  template: IndustryTemplate,
  count: number,
  historyStartMs: number,
  joinEndMs: number
): ReadonlyArray<Customer> => {
  const ids = random.fork("entity-ids")
  const shares = template.segments.map((segment) => segment.share)
  const topicLabel = new Map(template.topics.map((topic) => [topic.id, topic.label]))
  const customers: Array<Customer> = []
  for (let index = 0; index < count; index++) {
    const segmentIndex = random.weightedIndex(shares)
    const segment = template.segments[segmentIndex] ?? (template.segments[0] as SegmentSpec)
    const createdAtMs = segment.joinsDuringHistory
      ? Math.round(random.uniform(historyStartMs - 30 * DAY_MS, joinEndMs))
      : historyStartMs - random.intBetween(segment.tenureDays[0], segment.tenureDays[1]) * DAY_MS - random.int(DAY_MS)
    const age = Math.round(Math.min(92, Math.max(18, segment.priors.ageMean + segment.priors.ageSd * random.normal())))
    const traits = drawTraits(random, segment, template, age)
    const reachable = new Set<Channel>()
    for (const spec of template.channels) {
      if (random.bernoulli(segment.priors.reachability[spec.channel] ?? 0)) reachable.add(spec.channel)
    }
    // Everyone has at least an e-mail address on file (or the template's first channel).
    if (reachable.size === 0) reachable.add(template.channels[0]?.channel ?? "email")
    let preferredChannel: Channel = template.channels[0]?.channel ?? "email"
    let best = Number.NEGATIVE_INFINITY
    for (const channel of reachable) {
      const score = Math.log(traits.channelAffinity[channel] ?? 1) + 0.4 * random.normal()
      if (score > best) {
        best = score
        preferredChannel = channel
      }
    }
    const statedTopic = random.bernoulli(INTEREST_ACCURACY)
      ? traits.favoriteTopic
      : weightedKey(random, segment.priors.topicWeights)
    customers.push({
      index,
      id: uuidFrom(ids),
      segmentIndex,
      createdAtMs,
      traits,
      reachable,
      age,
      region: random.choice(template.regions),
      statedInterest: topicLabel.get(statedTopic) ?? statedTopic,
      preferredChannel,
      extraAttributes: drawExtraAttributes(random, segment, template)
    })
  }
  return customers
}
