// The history of a world, event by event: campaigns in send order pick their audience among eligible
// customers, split it into a randomized holdout and variants, and every touch (message or holdout row)
// draws its outcomes from the true model. A touch's outcomes fall inside its attribution window, before the
// customer's next touch, so the attribution rule credits each to the touch that caused it; the expected
// values kept per touch are the probabilities of exactly those events. Purchases outside every window come
// from the customer's natural rate.
import { at, type SeededRandom } from "@preflight/numeric"
import { DAY_MS, HOUR_MS, MINUTE_MS, seasonLogitAt } from "../calendar.ts"
import type { CreativeAttributes } from "../model/creative.ts"
import {
  daysUntilHazard,
  type PurchaseHazard,
  purchaseProbabilityWithin,
  unsubscribeDelayShareWithin
} from "../model/response-timing.ts"
import {
  controlConversionProbability,
  expectedOrderValue,
  type ResponseContext,
  TRUE_MODEL,
  trueClickProbability,
  trueConversionProbability,
  trueOpenProbability,
  trueUnsubscribeProbability
} from "../model/true-model.ts"
import type { ChannelSpec, IndustryTemplate, ThemeSpec } from "../templates/template-types.ts"
import { chooseAudience } from "./audience.ts"
import { designVariants } from "./creatives.ts"
import type { Customer } from "./customers.ts"
import { EventColumns, TouchColumns } from "./history-columns.ts"
import type { ScheduledCampaign } from "./schedule.ts"
import type { SizePreset } from "./size-presets.ts"
import { uuidFrom } from "./uuid.ts"

/** Frequency rules of the organisation: at most one message a day and five in 30 days per customer. */
export const MIN_HOURS_BETWEEN_TOUCHES = 24
export const MAX_MESSAGES_IN_30_DAYS = 5
const WINDOW_MS = TRUE_MODEL.attributionWindowDays * DAY_MS
const FREQUENCY_WINDOW_MS = 30 * DAY_MS

export interface PlannedVariant {
  /** The intervention_id of this creative variant. */
  readonly id: string
  /** "a", "b", …: the variant's letter within its campaign. */
  readonly label: string
  readonly attributes: CreativeAttributes
}

export interface PlannedCampaign {
  readonly index: number
  readonly id: string
  readonly name: string
  readonly theme: ThemeSpec
  readonly channel: ChannelSpec
  readonly sendAtMs: number
  readonly heldOut: boolean
  readonly segments: ReadonlyArray<string>
  readonly holdoutShare: number
  readonly audienceShare: number
  readonly eligible: number
  readonly variants: ReadonlyArray<PlannedVariant>
}

export interface SimulatedHistory {
  readonly campaigns: ReadonlyArray<PlannedCampaign>
  readonly touches: TouchColumns
  readonly events: EventColumns
}

export interface SimulationInput {
  readonly random: SeededRandom
  readonly template: IndustryTemplate
  readonly preset: SizePreset
  readonly customers: ReadonlyArray<Customer>
  readonly schedule: ReadonlyArray<ScheduledCampaign>
  /** Campaigns from this index on are held out (simulated for the truth, not written to history). */
  readonly firstHeldOut: number
  readonly historyStartMs: number
  readonly historyEndMs: number
  readonly simulationEndMs: number
  /** Sends from this time on respond with this creative gain (the world's response shift), if any. */
  readonly responseShift?: { readonly fromMs: number; readonly creativeGain: number } | undefined
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

/** Runs the whole history (held-out campaigns included) and returns its touches and outcome events. */
export const simulateHistory = (input: SimulationInput): SimulatedHistory => {
  const { template, preset, customers, schedule } = input
  const draws = input.random.fork("outcomes")
  const background = input.random.fork("background")
  const campaignIds = input.random.fork("campaign-ids")
  const channelIndex = new Map(template.channels.map((spec, index) => [spec.channel, index]))
  const unsubscribedAt = template.channels.map(() => new Float64Array(customers.length).fill(Number.POSITIVE_INFINITY))
  const lastTouchMs = new Float64Array(customers.length).fill(Number.NEGATIVE_INFINITY)
  const pendingTouch = new Int32Array(customers.length).fill(-1)
  const recentMessages: Array<Array<number>> = customers.map(() => [])
  const members: Array<Array<number>> = template.segments.map(() => [])
  for (const customer of customers) members[customer.segmentIndex]?.push(customer.index)
  // Flat copies of what eligibility reads, checked for every segment member of every campaign.
  const createdAtMs = Float64Array.from(customers, (customer) => customer.createdAtMs)
  const reachableOn = template.channels.map((spec) =>
    Uint8Array.from(customers, (customer) => (customer.reachable.has(spec.channel) ? 1 : 0))
  )

  const campaigns: Array<PlannedCampaign> = []
  const touches = new TouchColumns()
  const events = new EventColumns()

  // Daily seasonal logits for the natural purchase process between windows (thinning needs their maximum).
  const seasonOrigin = input.historyStartMs - 40 * DAY_MS
  const seasonByDay = new Float64Array(Math.ceil((input.simulationEndMs - seasonOrigin) / DAY_MS) + 2)
  for (let day = 0; day < seasonByDay.length; day++) {
    seasonByDay[day] = seasonLogitAt(template.seasons, seasonOrigin + day * DAY_MS + DAY_MS / 2)
  }
  const seasonAt = (timeMs: number) => at(seasonByDay, Math.floor((timeMs - seasonOrigin) / DAY_MS))
  let maxSeason = Number.NEGATIVE_INFINITY
  for (const value of seasonByDay) maxSeason = Math.max(maxSeason, value)

  const orderValue = (mean: number, random: SeededRandom) => {
    const sd = template.orderValueLogSd
    return Math.round(mean * Math.exp(sd * random.normal() - (sd * sd) / 2) * 100) / 100
  }

  /** Purchases at the natural rate in [fromMs, toMs): a Poisson process thinned from its seasonal maximum. */
  const backgroundPurchases = (entity: number, fromMs: number, toMs: number) => {
    if (!(toMs > fromMs)) return
    const customer = customers[entity] as Customer
    const dailyRate = (season: number) => -Math.log1p(-controlConversionProbability(customer.traits, season)) / 7
    const maxRate = dailyRate(maxSeason)
    let timeMs = fromMs
    for (;;) {
      timeMs += (-Math.log(background.nextOpen()) / maxRate) * DAY_MS
      if (timeMs >= toMs) return
      if (background.next() * maxRate < dailyRate(seasonAt(timeMs))) {
        events.add(
          entity,
          Math.round(timeMs),
          "purchase",
          orderValue(customer.traits.orderValue, background),
          -1,
          false
        )
      }
    }
  }

  /** Draws a touch's purchase, opens and clicks now that its window's end is known. */
  const finalize = (touch: number, nextTouchMs: number) => {
    const entity = touches.entity[touch] as number
    const sentMs = touches.timeMs[touch] as number
    const variant = touches.variant[touch] as number
    const campaign = campaigns[touches.campaign[touch] as number] as PlannedCampaign
    const hazard: PurchaseHazard = {
      natural: touches.hazardNatural[touch] as number,
      total: touches.hazardTotal[touch] as number
    }
    const endMs = Math.min(sentMs + WINDOW_MS, nextTouchMs, input.simulationEndMs)
    const windowDays = (endMs - sentMs) / DAY_MS
    const expected = purchaseProbabilityWithin(hazard, windowDays)
    touches.expectedConversion[touch] = expected
    touches.expectedConversionFullWindow[touch] = purchaseProbabilityWithin(hazard, WINDOW_MS / DAY_MS)
    if (!campaign.heldOut) {
      const historyDays = (Math.min(endMs, input.historyEndMs) - sentMs) / DAY_MS
      touches.expectedConversionInHistory[touch] = purchaseProbabilityWithin(hazard, historyDays)
    }
    const isMessage = variant >= 0
    const hasOffer = isMessage && (campaign.variants[variant]?.attributes.offer.kind ?? "none") !== "none"
    // One uniform decides whether and when: H(τ) = −ln(1 − u) has a root before the window closes iff u < P.
    const u = draws.next()
    let purchaseMs = Number.NaN
    if (u < expected) {
      const days = daysUntilHazard(hazard, -Math.log1p(-u), windowDays)
      purchaseMs = Math.min(endMs - 1000, Math.max(sentMs + 60_000, Math.round(sentMs + days * DAY_MS)))
      const value = orderValue(touches.orderValueMean[touch] as number, draws)
      events.add(entity, purchaseMs, "purchase", value, touch, hasOffer)
    }
    if (!isMessage) return
    const hasOpens = campaign.channel.openLogit !== null
    const hasClicks = campaign.channel.clickLogit !== null
    if (!Number.isNaN(purchaseMs)) {
      // A purchase after a message went through it: opened (where there are opens), then clicked.
      const openMs = sentMs + Math.round((purchaseMs - sentMs) * draws.uniform(0.05, 0.5))
      const clickMs = openMs + Math.round((purchaseMs - openMs) * draws.uniform(0.1, 0.9))
      if (hasOpens) events.add(entity, openMs, "open", Number.NaN, touch, false)
      if (hasClicks) events.add(entity, clickMs, "click", Number.NaN, touch, false)
      return
    }
    let clickFromMs = sentMs
    if (hasOpens) {
      if (!draws.bernoulli(touches.openProbability[touch] as number)) return
      const delayMs = Math.min(-Math.log(draws.nextOpen()) * 3 * HOUR_MS, 0.9 * (endMs - sentMs))
      clickFromMs = sentMs + Math.max(1000, Math.round(delayMs))
      events.add(entity, clickFromMs, "open", Number.NaN, touch, false)
    }
    if (hasClicks && draws.bernoulli(touches.clickProbability[touch] as number)) {
      const delayMs = Math.min(-Math.log(draws.nextOpen()) * 10 * MINUTE_MS, 0.9 * (endMs - clickFromMs))
      events.add(entity, clickFromMs + Math.max(1000, Math.round(delayMs)), "click", Number.NaN, touch, false)
    }
  }

  /** Closes the entity's previous window (and the quiet gap after it) before a touch at `timeMs`. */
  const closeUntil = (entity: number, timeMs: number) => {
    const previous = pendingTouch[entity] ?? -1
    const customer = customers[entity] as Customer
    let quietFromMs = Math.max(customer.createdAtMs, input.historyStartMs)
    if (previous >= 0) {
      finalize(previous, timeMs)
      quietFromMs = (touches.timeMs[previous] as number) + WINDOW_MS
    }
    backgroundPurchases(entity, quietFromMs, timeMs)
  }

  const isEligible = (entity: number, reachable: Uint8Array, unsubscribes: Float64Array, sendAtMs: number): boolean => {
    if ((createdAtMs[entity] as number) > sendAtMs - DAY_MS || reachable[entity] !== 1) return false
    if ((unsubscribes[entity] as number) <= sendAtMs) return false
    if ((lastTouchMs[entity] as number) > sendAtMs - MIN_HOURS_BETWEEN_TOUCHES * HOUR_MS) return false
    const times = recentMessages[entity] as Array<number>
    while (times.length > 0 && (times[0] as number) <= sendAtMs - FREQUENCY_WINDOW_MS) times.shift()
    return times.length < MAX_MESSAGES_IN_30_DAYS
  }

  for (const [index, scheduled] of schedule.entries()) {
    const random = input.random.fork(`campaign-${index}`)
    const { channel, theme, sendAtMs } = scheduled
    const unsubscribes = unsubscribedAt[channelIndex.get(channel.channel) ?? 0] as Float64Array
    const reachable = reachableOn[channelIndex.get(channel.channel) ?? 0] as Uint8Array
    const audience = chooseAudience(random, template, preset, theme, members, (entity) =>
      isEligible(entity, reachable, unsubscribes, sendAtMs)
    )
    const size = audience.members.length
    const holdoutShare = random.uniform(0.1, 0.2)
    const holdoutCount = Math.round(holdoutShare * size)
    const attributes = designVariants(random, template, theme, channel)
    const campaignId = uuidFrom(campaignIds)
    const variants = attributes.map((creative, variant) => ({
      id: uuidFrom(campaignIds),
      label: String.fromCharCode(97 + variant),
      attributes: creative
    }))
    const sendDate = new Date(sendAtMs)
    const campaign: PlannedCampaign = {
      index,
      id: campaignId,
      name: `${MONTHS[sendDate.getUTCMonth()]} ${sendDate.getUTCFullYear()} ${theme.name} (${channel.channel})`,
      theme,
      channel,
      sendAtMs,
      heldOut: index >= input.firstHeldOut,
      segments: audience.segments.map((segment) => template.segments[segment]?.id ?? ""),
      holdoutShare,
      audienceShare: audience.audienceShare,
      eligible: audience.eligible,
      variants
    }
    campaigns.push(campaign)
    const seasonLogit = seasonLogitAt(template.seasons, sendAtMs)
    const shift = input.responseShift
    const creativeGain = shift !== undefined && sendAtMs >= shift.fromMs ? shift.creativeGain : 1
    for (const [position, entity] of audience.members.entries()) {
      const customer = customers[entity] as Customer
      const timeMs = sendAtMs + Math.round(random.uniform(0, channel.spreadMinutes * 60)) * 1000
      closeUntil(entity, timeMs)
      const times = recentMessages[entity] as Array<number>
      let recent = 0
      for (const time of times) if (time > timeMs - FREQUENCY_WINDOW_MS) recent++
      const variant = position < holdoutCount ? -1 : (position - holdoutCount) % variants.length
      const control = controlConversionProbability(customer.traits, seasonLogit)
      const creative = variant >= 0 ? (variants[variant] as PlannedVariant).attributes : undefined
      const context: ResponseContext = {
        channel,
        discountScale: template.discountScale,
        recentMessages: recent,
        seasonLogit,
        creativeGain
      }
      const treated = creative === undefined ? control : trueConversionProbability(customer.traits, creative, context)
      const unsubscribeProbability =
        creative === undefined ? 0 : trueUnsubscribeProbability(customer.traits, creative, context)
      const touch = touches.add(entity, timeMs, index, variant, creative === undefined ? recent : recent + 1, {
        hazardNatural: -Math.log1p(-control),
        hazardTotal: -Math.log1p(-treated),
        unsubscribeProbability,
        openProbability: creative === undefined ? 0 : trueOpenProbability(customer.traits, creative, context),
        clickProbability: creative === undefined ? 0 : trueClickProbability(customer.traits, creative, context),
        orderValueMean:
          creative === undefined ? customer.traits.orderValue : expectedOrderValue(customer.traits, creative.offer)
      })
      pendingTouch[entity] = touch
      lastTouchMs[entity] = timeMs
      if (creative === undefined) continue
      times.push(timeMs)
      if (!campaign.heldOut) {
        touches.expectedUnsubscribeInHistory[touch] =
          unsubscribeProbability * unsubscribeDelayShareWithin((input.historyEndMs - timeMs) / HOUR_MS)
      }
      if (draws.bernoulli(unsubscribeProbability)) {
        // The opt-out comes a few hours later, always before the next touch (at least a day away).
        const delayMs = Math.min(
          -Math.log(draws.nextOpen()) * TRUE_MODEL.unsubscribeMeanHours * HOUR_MS,
          TRUE_MODEL.unsubscribeMaxHours * HOUR_MS
        )
        const atMs = timeMs + Math.max(1000, Math.round(delayMs))
        unsubscribes[entity] = atMs
        events.add(entity, atMs, "unsubscribe", Number.NaN, touch, false)
      }
    }
  }
  for (let entity = 0; entity < customers.length; entity++) closeUntil(entity, input.simulationEndMs)
  return { campaigns, touches, events }
}
