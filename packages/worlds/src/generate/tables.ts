// The five history tables of a world as rows with the storage import's column names, following DESIGN.md's
// conventions: one interventions row per creative variant, one exposures row per delivered message plus one
// holdout row per control member, and outcomes as the organisation's systems log them (purchases carry no
// campaign; opens, clicks and unsubscribes name their message as a hint). Only what happened before the
// end of the history is in them.
import type { SeededRandom } from "@preflight/numeric"
import { DAY_MS, isoOf } from "../calendar.ts"
import { logit } from "../model/logistic.ts"
import type { IndustryTemplate } from "../templates/template-types.ts"
import type { Customer } from "./customers.ts"
import { OUTCOME_CODE, OUTCOME_TYPES } from "./history-columns.ts"
import {
  MAX_MESSAGES_IN_30_DAYS,
  MIN_HOURS_BETWEEN_TOUCHES,
  type PlannedCampaign,
  type SimulatedHistory
} from "./simulate.ts"
import { uuidFrom } from "./uuid.ts"

type Json = Record<string, unknown>

export interface SegmentRecord {
  readonly segment_id: string
  readonly definition: Json
  readonly size: number
  readonly trait_priors: Json | null
  readonly historical_metrics: Json | null
}

export interface EntityRecord {
  readonly entity_id: string
  readonly segment_id: string
  readonly created_at: string
  readonly attributes: Json
  readonly lifecycle_stage: string
  readonly value_tier: string
}

export interface InterventionRecord {
  readonly intervention_id: string
  readonly type: string
  readonly content_template: string
  readonly creative_elements: Json
  readonly targeting_criteria: Json
}

export interface ExposureRecord {
  readonly exposure_id: string
  readonly entity_id: string
  readonly timestamp: string
  readonly channel: string
  readonly intervention_id: string
  readonly content: Json | null
  readonly cost: number
  readonly frequency_cumulative: number
}

export interface OutcomeRecord {
  readonly outcome_id: string
  readonly entity_id: string
  readonly timestamp: string
  readonly outcome_type: string
  readonly outcome_value: number | null
  readonly metadata: Json | null
}

export interface WorldTables {
  readonly segments: ReadonlyArray<SegmentRecord>
  readonly entities: ReadonlyArray<EntityRecord>
  readonly interventions: ReadonlyArray<InterventionRecord>
  readonly exposures: ReadonlyArray<ExposureRecord>
  readonly outcomes: ReadonlyArray<OutcomeRecord>
}

/** Import order: parents before the facts that name them. */
export const TABLE_ORDER = ["segments", "entities", "interventions", "exposures", "outcomes"] as const
export type WorldTableName = (typeof TABLE_ORDER)[number]

/** CSV columns of each table, in the storage schema's order. */
export const TABLE_COLUMNS: Readonly<Record<WorldTableName, ReadonlyArray<string>>> = {
  segments: ["segment_id", "definition", "size", "trait_priors", "historical_metrics"],
  entities: ["entity_id", "segment_id", "created_at", "attributes", "lifecycle_stage", "value_tier"],
  interventions: ["intervention_id", "type", "content_template", "creative_elements", "targeting_criteria"],
  exposures: [
    "exposure_id",
    "entity_id",
    "timestamp",
    "channel",
    "intervention_id",
    "content",
    "cost",
    "frequency_cumulative"
  ],
  outcomes: ["outcome_id", "entity_id", "timestamp", "outcome_type", "outcome_value", "metadata"]
}

const round = (value: number, digits: number) => Number(value.toFixed(digits))

interface PurchaseStats {
  count: number
  total: number
  lastYear: number
  promo: number
  lastMs: number
}

export interface TableInput {
  readonly template: IndustryTemplate
  readonly customers: ReadonlyArray<Customer>
  readonly history: SimulatedHistory
  /** Variant texts per campaign (copywriter A's, as the history recorded them). */
  readonly texts: ReadonlyArray<ReadonlyArray<string>>
  readonly historyEndMs: number
  readonly includeTraitPriors: boolean
  readonly random: SeededRandom
}

const segmentRecords = (input: TableInput): Array<SegmentRecord> => {
  const sizes = input.template.segments.map(() => 0)
  for (const customer of input.customers) sizes[customer.segmentIndex] = (sizes[customer.segmentIndex] ?? 0) + 1
  return input.template.segments.map((segment, index) => ({
    segment_id: segment.id,
    definition: { description: segment.description, rule: segment.rule, lifecycle_stage: segment.lifecycleStage },
    size: sizes[index] ?? 0,
    trait_priors: input.includeTraitPriors
      ? {
          base_conversion_7d_logit: round(logit(segment.priors.baseConversion7d), 4),
          price_sensitivity: segment.priors.priceSensitivity,
          urgency_responsiveness: segment.priors.urgencyResponsiveness,
          brand_loyalty: segment.priors.brandLoyalty,
          fatigue_tolerance: segment.priors.fatigueTolerance,
          order_value_median: segment.priors.orderValue,
          channel_affinity: segment.priors.channelAffinity,
          interests: segment.priors.topicWeights
        }
      : null,
    historical_metrics: null
  }))
}

const entityRecords = (input: TableInput, stats: ReadonlyArray<PurchaseStats>): Array<EntityRecord> =>
  input.customers.map((customer) => {
    const segment = input.template.segments[customer.segmentIndex]
    const purchases = stats[customer.index] as PurchaseStats
    return {
      entity_id: customer.id,
      segment_id: segment?.id ?? "",
      created_at: isoOf(customer.createdAtMs),
      attributes: {
        age: customer.age,
        region: customer.region,
        tenure_days: Math.max(0, Math.floor((input.historyEndMs - customer.createdAtMs) / DAY_MS)),
        [input.template.interestAttribute]: customer.statedInterest,
        preferred_channel: customer.preferredChannel,
        opted_in_channels: input.template.channels
          .map((spec) => spec.channel)
          .filter((channel) => customer.reachable.has(channel)),
        orders_12m: purchases.lastYear,
        avg_order_value: purchases.count === 0 ? null : round(purchases.total / purchases.count, 2),
        promo_order_share: purchases.count === 0 ? null : round(purchases.promo / purchases.count, 2),
        days_since_last_order:
          purchases.count === 0 ? null : Math.floor((input.historyEndMs - purchases.lastMs) / DAY_MS),
        ...customer.extraAttributes
      },
      lifecycle_stage: segment?.lifecycleStage ?? "",
      value_tier: segment?.valueTier ?? ""
    }
  })

const interventionRecords = (input: TableInput): Array<InterventionRecord> =>
  input.history.campaigns
    .filter((campaign) => !campaign.heldOut)
    .flatMap((campaign) =>
      campaign.variants.map((variant, index) => ({
        intervention_id: variant.id,
        type: campaign.channel.channel,
        content_template: input.texts[campaign.index]?.[index] ?? "",
        creative_elements: {
          campaign_id: campaign.id,
          campaign_name: campaign.name,
          variant: variant.label,
          send_time: isoOf(campaign.sendAtMs)
        },
        targeting_criteria: {
          segments: campaign.segments,
          channel: campaign.channel.channel,
          audience_share: round(campaign.audienceShare, 2),
          holdout_share: round(campaign.holdoutShare, 3),
          exclusions: [
            `unsubscribed from ${campaign.channel.channel}`,
            `contacted in the last ${MIN_HOURS_BETWEEN_TOUCHES} hours`,
            `${MAX_MESSAGES_IN_30_DAYS} or more messages in the last 30 days`
          ]
        }
      }))
    )

/** Indices in [0, count) that `keep` accepts, ordered by `timeMs` then by index (a stable time order). */
const chronologicalIndices = (count: number, timeMs: Float64Array, keep: (index: number) => boolean): Array<number> => {
  const indices: Array<number> = []
  for (let index = 0; index < count; index++) if (keep(index)) indices.push(index)
  return indices.sort((a, b) => (timeMs[a] as number) - (timeMs[b] as number) || a - b)
}

const exposureRecords = (input: TableInput): Array<ExposureRecord> => {
  const { campaigns, touches } = input.history
  const ids = input.random.fork("exposure-ids")
  // One content object per campaign variant (and one per holdout), shared by its rows.
  const contents = campaigns.map((campaign) => ({
    holdout: { campaign_id: campaign.id, group: "control" },
    variants: campaign.variants.map((variant) => ({ campaign_id: campaign.id, variant: variant.label }))
  }))
  const order = chronologicalIndices(
    touches.count,
    touches.timeMs,
    (touch) => !(campaigns[touches.campaign[touch] as number]?.heldOut ?? true)
  )
  return order.map((touch) => {
    const campaign = campaigns[touches.campaign[touch] as number] as PlannedCampaign
    const variantIndex = touches.variant[touch] as number
    const variant = campaign.variants[variantIndex]
    const isHoldout = variantIndex < 0 || variant === undefined
    return {
      exposure_id: uuidFrom(ids),
      entity_id: (input.customers[touches.entity[touch] as number] as Customer).id,
      timestamp: isoOf(touches.timeMs[touch] as number),
      channel: isHoldout ? "holdout" : campaign.channel.channel,
      intervention_id: isHoldout ? campaign.id : variant.id,
      content:
        (isHoldout ? contents[campaign.index]?.holdout : contents[campaign.index]?.variants[variantIndex]) ?? null,
      cost: isHoldout ? 0 : campaign.channel.costPerSend,
      frequency_cumulative: touches.frequency[touch] as number
    }
  })
}

/** Builds the five tables; outcomes and attributes only count what happened before the history's end. */
export const buildTables = (input: TableInput): WorldTables => {
  const { campaigns, touches, events } = input.history
  const stats: Array<PurchaseStats> = input.customers.map(() => ({
    count: 0,
    total: 0,
    lastYear: 0,
    promo: 0,
    lastMs: 0
  }))
  const kept = chronologicalIndices(
    events.count,
    events.timeMs,
    (event) => (events.timeMs[event] as number) < input.historyEndMs
  )
  // Opens, clicks and unsubscribes name their message (one metadata object per variant, shared).
  const hints = campaigns.map((campaign) =>
    campaign.variants.map((variant) => ({ intervention_id: variant.id, channel: campaign.channel.channel }))
  )
  const ids = input.random.fork("outcome-ids")
  const orderPrefix = input.template.brand.slice(0, 2).toUpperCase()
  let orderNumber = 100_000
  const outcomes: Array<OutcomeRecord> = kept.map((event) => {
    const entity = events.entity[event] as number
    const timeMs = events.timeMs[event] as number
    const type = events.type[event] as number
    const value = events.value[event] as number
    let metadata: Json | null = null
    if (type === OUTCOME_CODE.purchase) {
      const purchase = stats[entity] as PurchaseStats
      purchase.count += 1
      purchase.total += value
      if (timeMs >= input.historyEndMs - 365 * DAY_MS) purchase.lastYear += 1
      if (events.promo[event] === 1) purchase.promo += 1
      purchase.lastMs = timeMs
      orderNumber += 1
      metadata = { order_id: `${orderPrefix}-${orderNumber}` }
    } else {
      const touch = events.touch[event] as number
      metadata =
        touch < 0 ? null : (hints[touches.campaign[touch] as number]?.[touches.variant[touch] as number] ?? null)
    }
    return {
      outcome_id: uuidFrom(ids),
      entity_id: (input.customers[entity] as Customer).id,
      timestamp: isoOf(timeMs),
      outcome_type: OUTCOME_TYPES[type] ?? "purchase",
      outcome_value: Number.isNaN(value) ? null : value,
      metadata
    }
  })
  return {
    segments: segmentRecords(input),
    entities: entityRecords(input, stats),
    interventions: interventionRecords(input),
    exposures: exposureRecords(input),
    outcomes
  }
}
