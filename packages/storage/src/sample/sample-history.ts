// A small, seeded, synthetic marketing history: segments, customers, six campaigns with randomized
// hold-out groups, their exposures and the outcomes they caused. It exists so a new machine can run
// the main job without anyone's data, and so tests can build files of any size. The effects are
// planted on purpose (urgency lifts at-risk customers, frequency drives unsubscribes) so that the
// causal and calibration layers have something real to find.

import { once } from "node:events"
import { createWriteStream, mkdirSync } from "node:fs"
import { join } from "node:path"
import type { TableName } from "../schema/tables.ts"
import { type SeededRandom, seededRandom } from "./seeded-random.ts"

export interface SampleHistoryOptions {
  readonly directory: string
  readonly seed?: number
  /** Number of customers (default 2,000). */
  readonly entities?: number
}

export interface SampleHistoryFiles {
  /** The CSV file of each table, in the order they should be imported. */
  readonly files: ReadonlyArray<{ readonly table: TableName; readonly path: string; readonly rows: number }>
}

interface SegmentProfile {
  readonly id: string
  readonly share: number
  readonly baseConversion: number
  readonly urgencyLift: number
  readonly discountLift: number
  readonly orderValue: number
  readonly unsubscribeBase: number
  readonly lifecycle: string
  readonly tier: string
}

const SEGMENTS: ReadonlyArray<SegmentProfile> = [
  {
    id: "high_value",
    share: 0.15,
    baseConversion: 0.08,
    urgencyLift: 0.01,
    discountLift: 0.015,
    orderValue: 180,
    unsubscribeBase: 0.002,
    lifecycle: "active",
    tier: "gold"
  },
  {
    id: "loyal",
    share: 0.25,
    baseConversion: 0.06,
    urgencyLift: 0.005,
    discountLift: 0.02,
    orderValue: 95,
    unsubscribeBase: 0.003,
    lifecycle: "active",
    tier: "silver"
  },
  {
    id: "at_risk",
    share: 0.2,
    baseConversion: 0.025,
    urgencyLift: 0.03,
    discountLift: 0.025,
    orderValue: 70,
    unsubscribeBase: 0.01,
    lifecycle: "lapsing",
    tier: "silver"
  },
  {
    id: "new_users",
    share: 0.25,
    baseConversion: 0.03,
    urgencyLift: 0.01,
    discountLift: 0.03,
    orderValue: 55,
    unsubscribeBase: 0.008,
    lifecycle: "onboarding",
    tier: "bronze"
  },
  {
    id: "dormant",
    share: 0.15,
    baseConversion: 0.008,
    urgencyLift: 0.004,
    discountLift: 0.01,
    orderValue: 60,
    unsubscribeBase: 0.015,
    lifecycle: "dormant",
    tier: "bronze"
  }
]

interface Campaign {
  readonly id: string
  readonly channel: "email" | "sms" | "push"
  readonly urgency: boolean
  readonly discountPct: number
  readonly tone: string
  readonly segments: ReadonlyArray<string>
  readonly sentAt: Date
}

const CHANNEL_COST: Readonly<Record<Campaign["channel"], number>> = { email: 0.002, sms: 0.012, push: 0.001 }
const DAY_MS = 86_400_000
const HISTORY_START = Date.UTC(2025, 0, 6)

const csvText = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)
const csvJson = (value: unknown) => csvText(JSON.stringify(value))
const iso = (ms: number) => new Date(ms).toISOString()
const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** Writes lines to a file with back-pressure and resolves when it is flushed. */
const lineWriter = (path: string) => {
  const stream = createWriteStream(path, { encoding: "utf8" })
  let buffer: Array<string> = []
  let rows = 0
  const flush = async () => {
    if (buffer.length === 0) return
    const chunk = `${buffer.join("\n")}\n`
    buffer = []
    if (!stream.write(chunk)) await once(stream, "drain")
  }
  return {
    async line(text: string, isRow = true) {
      buffer.push(text)
      if (isRow) rows += 1
      if (buffer.length >= 5000) await flush()
    },
    async close() {
      await flush()
      stream.end()
      await once(stream, "finish")
      return rows
    }
  }
}

const makeCampaigns = (random: SeededRandom): ReadonlyArray<Campaign> => {
  const plans: ReadonlyArray<Omit<Campaign, "id" | "sentAt">> = [
    {
      channel: "email",
      urgency: false,
      discountPct: 0,
      tone: "informative",
      segments: ["high_value", "loyal", "new_users"]
    },
    { channel: "email", urgency: true, discountPct: 15, tone: "urgent", segments: ["at_risk", "dormant", "loyal"] },
    { channel: "sms", urgency: true, discountPct: 10, tone: "urgent", segments: ["at_risk", "new_users"] },
    { channel: "push", urgency: false, discountPct: 5, tone: "friendly", segments: ["new_users", "loyal"] },
    {
      channel: "email",
      urgency: false,
      discountPct: 20,
      tone: "friendly",
      segments: ["high_value", "at_risk", "dormant"]
    },
    { channel: "sms", urgency: false, discountPct: 0, tone: "informative", segments: ["high_value", "loyal"] }
  ]
  return plans.map((plan, index) => ({
    ...plan,
    id: random.uuid(),
    sentAt: new Date(HISTORY_START + (index * 21 + 7) * DAY_MS)
  }))
}

/**
 * Writes segments.csv, entities.csv, interventions.csv, exposures.csv and outcomes.csv into
 * `directory`. The same seed always writes the same bytes.
 */
export const writeSampleHistory = async (options: SampleHistoryOptions): Promise<SampleHistoryFiles> => {
  const random = seededRandom(options.seed ?? 42)
  const entityCount = options.entities ?? 2000
  mkdirSync(options.directory, { recursive: true })
  const path = (table: TableName) => join(options.directory, `${table}.csv`)

  const segments = lineWriter(path("segments"))
  await segments.line("segment_id,definition,size,trait_priors,historical_metrics", false)
  const sizes = SEGMENTS.map((segment) => Math.round(segment.share * entityCount))
  for (const [index, segment] of SEGMENTS.entries()) {
    await segments.line(
      [
        segment.id,
        csvJson({ rule: `lifecycle_stage = '${segment.lifecycle}'`, value_tier: segment.tier }),
        String(sizes[index] ?? 0),
        csvJson({
          price_sensitivity: { mean: round(0.3 + index * 0.12, 2), sd: 0.15 },
          urgency_receptivity: round(segment.urgencyLift * 20, 2)
        }),
        csvJson({ baseline_conversion: segment.baseConversion, average_order_value: segment.orderValue })
      ].join(",")
    )
  }

  const entities = lineWriter(path("entities"))
  await entities.line("entity_id,segment_id,created_at,attributes,lifecycle_stage,value_tier", false)
  const people: Array<{ id: string; segment: SegmentProfile }> = []
  for (let index = 0; index < entityCount; index += 1) {
    const segment =
      SEGMENTS[random.weighted(SEGMENTS.map((profile) => profile.share))] ?? (SEGMENTS[0] as SegmentProfile)
    const id = random.uuid()
    people.push({ id, segment })
    const tenureDays = random.integer(30, 900)
    await entities.line(
      [
        id,
        segment.id,
        iso(HISTORY_START - tenureDays * DAY_MS),
        csvJson({
          region: random.pick(["north", "south", "east", "west"]),
          age_band: random.pick(["18-24", "25-34", "35-44", "45-54", "55+"]),
          tenure_days: tenureDays,
          email_opt_in: random.next() < 0.9
        }),
        segment.lifecycle,
        segment.tier
      ].join(",")
    )
  }

  const campaigns = makeCampaigns(random)
  const interventions = lineWriter(path("interventions"))
  await interventions.line("intervention_id,type,content_template,creative_elements,targeting_criteria", false)
  for (const campaign of campaigns) {
    const template = `${campaign.urgency ? "Last chance: " : ""}${campaign.discountPct > 0 ? `${campaign.discountPct}% off` : "New arrivals"} for you, {{name}}`
    await interventions.line(
      [
        campaign.id,
        campaign.channel,
        csvText(template),
        csvJson({
          urgency: campaign.urgency,
          discount_pct: campaign.discountPct,
          tone: campaign.tone,
          personalized: true
        }),
        csvJson({ segments: campaign.segments, holdout_share: 0.2 })
      ].join(",")
    )
  }

  const exposures = lineWriter(path("exposures"))
  const outcomes = lineWriter(path("outcomes"))
  await exposures.line(
    "exposure_id,entity_id,timestamp,channel,intervention_id,content,cost,frequency_cumulative",
    false
  )
  await outcomes.line("outcome_id,entity_id,timestamp,outcome_type,outcome_value,metadata", false)
  const frequency = new Map<string, number>()
  const unsubscribed = new Set<string>()
  for (const campaign of campaigns) {
    for (const person of people) {
      if (!campaign.segments.includes(person.segment.id) || unsubscribed.has(person.id)) continue
      const treated = random.next() >= 0.2
      const sentMs = campaign.sentAt.getTime() + random.integer(0, 6 * 3600) * 1000
      let conversion = person.segment.baseConversion
      if (treated) {
        const seen = (frequency.get(person.id) ?? 0) + 1
        frequency.set(person.id, seen)
        await exposures.line(
          [
            random.uuid(),
            person.id,
            iso(sentMs),
            campaign.channel,
            campaign.id,
            csvJson({ variant: campaign.urgency ? "urgent" : "standard", discount_pct: campaign.discountPct }),
            CHANNEL_COST[campaign.channel].toFixed(3),
            String(seen)
          ].join(",")
        )
        conversion +=
          (campaign.urgency ? person.segment.urgencyLift : 0) +
          (person.segment.discountLift * campaign.discountPct) / 20
        // Fatigue: each earlier message makes an unsubscribe likelier (the hazard grows with frequency).
        const unsubscribe =
          person.segment.unsubscribeBase * (campaign.channel === "sms" ? 2 : 1) * (1 + 0.6 * (seen - 1))
        if (random.next() < unsubscribe) {
          unsubscribed.add(person.id)
          await outcomes.line(
            [
              random.uuid(),
              person.id,
              iso(sentMs + random.integer(1, 48) * 3600_000),
              "unsubscribe",
              "",
              csvJson({ channel: campaign.channel })
            ].join(",")
          )
          continue
        }
        if (campaign.channel === "email" && random.next() < 0.22 + conversion) {
          await outcomes.line(
            [
              random.uuid(),
              person.id,
              iso(sentMs + random.integer(1, 24) * 3600_000),
              "open",
              "",
              csvJson({ intervention_id: campaign.id })
            ].join(",")
          )
        }
      }
      if (random.next() < conversion) {
        const value = Math.max(5, random.normal(person.segment.orderValue, person.segment.orderValue * 0.35))
        await outcomes.line(
          [
            random.uuid(),
            person.id,
            iso(sentMs + random.integer(2, 14 * 24) * 3600_000),
            "purchase",
            value.toFixed(2),
            csvJson({ attributed_to: treated ? campaign.id : null, holdout: !treated })
          ].join(",")
        )
      }
    }
  }

  const counts = {
    segments: await segments.close(),
    entities: await entities.close(),
    interventions: await interventions.close(),
    exposures: await exposures.close(),
    outcomes: await outcomes.close()
  }
  const order: ReadonlyArray<TableName> = ["segments", "entities", "interventions", "exposures", "outcomes"]
  return { files: order.map((table) => ({ table, path: path(table), rows: counts[table] })) }
}

export interface SyntheticExposuresOptions {
  readonly file: string
  readonly rows: number
  readonly seed?: number
  /** Distinct customers the exposures are spread over (default rows / 10). */
  readonly entities?: number
}

/**
 * Writes a CSV of `rows` exposures over a pool of synthetic customers (for bulk import tests and
 * benchmarks). Returns the customer ids so a caller can import them first.
 */
export const writeSyntheticExposures = async (options: SyntheticExposuresOptions): Promise<ReadonlyArray<string>> => {
  const random = seededRandom(options.seed ?? 7)
  const pool = Array.from({ length: Math.max(1, options.entities ?? Math.ceil(options.rows / 10)) }, () =>
    random.uuid()
  )
  const campaigns = Array.from({ length: 20 }, () => random.uuid())
  const channels = ["email", "sms", "push"] as const
  const out = lineWriter(options.file)
  await out.line("exposure_id,entity_id,timestamp,channel,intervention_id,content,cost,frequency_cumulative", false)
  for (let index = 0; index < options.rows; index += 1) {
    const channel = random.pick(channels)
    await out.line(
      [
        random.uuid(),
        random.pick(pool),
        iso(HISTORY_START + random.integer(0, 364 * 24 * 60) * 60_000),
        channel,
        random.pick(campaigns),
        csvJson({ variant: random.next() < 0.5 ? "a" : "b", subject: "Spring sale" }),
        CHANNEL_COST[channel].toFixed(3),
        String(random.integer(1, 12))
      ].join(",")
    )
  }
  await out.close()
  return pool
}
