// A small hand-built history in the five tables' CSV format, for the import and repository contracts. It is
// arithmetic, not random (storage keeps no synthetic data generator; @preflight/worlds writes realistic
// worlds), and varied enough to exercise every column kind, holdout rows and several outcome types.
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { TableName } from "../../src/index.ts"

export interface HistoryFixture {
  /** The CSV file of each table, in the order they should be imported. */
  readonly files: ReadonlyArray<{ readonly table: TableName; readonly path: string; readonly rows: number }>
}

const DAY_MS = 86_400_000
const START_MS = Date.UTC(2025, 0, 6, 9)
const SEGMENTS = [
  { id: "high_value", lifecycle: "active", tier: "gold", conversion: 0.08 },
  { id: "loyal", lifecycle: "active", tier: "silver", conversion: 0.06 },
  { id: "at_risk", lifecycle: "lapsing", tier: "silver", conversion: 0.025 },
  { id: "new_users", lifecycle: "onboarding", tier: "bronze", conversion: 0.03 },
  { id: "dormant", lifecycle: "dormant", tier: "bronze", conversion: 0.008 }
] as const
const CHANNELS = [
  { name: "email", cost: "0.002" },
  { name: "sms", cost: "0.012" },
  { name: "push", cost: "0.001" }
] as const
const CAMPAIGNS = 6
const REGIONS = ["north", "south", "east", "west"]

/** A version-4 UUID whose last group is `index` (the prefix keeps each table's keys apart). */
const uuidOf = (prefix: string, index: number) => `${prefix}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`
const quoted = (value: unknown) => `"${JSON.stringify(value).replaceAll('"', '""')}"`
const iso = (ms: number) => new Date(ms).toISOString()

const write = (directory: string, table: TableName, header: string, lines: ReadonlyArray<string>) => {
  const path = join(directory, `${table}.csv`)
  writeFileSync(path, `${header}\n${lines.join("\n")}\n`)
  return { table, path, rows: lines.length }
}

/**
 * Writes segments, entities, interventions (six campaigns of two variants), exposures (messages and holdout
 * rows) and outcomes (opens, purchases, unsubscribes) for `entities` customers into `directory`.
 */
export const writeHistoryFixture = (directory: string, entities = 400): HistoryFixture => {
  mkdirSync(directory, { recursive: true })
  const segments = SEGMENTS.map(
    (segment, index) =>
      `${segment.id},${quoted({ rule: `lifecycle_stage = '${segment.lifecycle}'` })},${Math.ceil((entities - index) / SEGMENTS.length)},${quoted({ price_sensitivity: { mean: 0.3 + index / 10 } })},${quoted({ baseline_conversion: segment.conversion })}`
  )
  const customers = Array.from({ length: entities }, (_, index) => ({
    id: uuidOf("e0000000", index),
    segment: SEGMENTS[index % SEGMENTS.length] ?? SEGMENTS[0]
  }))
  const entityLines = customers.map(
    (customer, index) =>
      `${customer.id},${customer.segment.id},${iso(START_MS - (30 + ((index * 37) % 900)) * DAY_MS)},${quoted({ region: REGIONS[index % REGIONS.length], age: 20 + ((index * 7) % 50), tenure_days: 30 + ((index * 37) % 900) })},${customer.segment.lifecycle},${customer.segment.tier}`
  )
  const interventionLines: Array<string> = []
  const exposureLines: Array<string> = []
  const outcomeLines: Array<string> = []
  const messages = new Map<string, number>()
  for (let campaign = 0; campaign < CAMPAIGNS; campaign++) {
    const channel = CHANNELS[campaign % CHANNELS.length] ?? CHANNELS[0]
    const campaignId = uuidOf("c0000000", campaign)
    const targeted = [SEGMENTS[campaign % 5]?.id, SEGMENTS[(campaign + 2) % 5]?.id]
    for (const variant of ["a", "b"]) {
      interventionLines.push(
        `${uuidOf("10000000", campaign * 2 + (variant === "a" ? 0 : 1))},${channel.name},${quoted(`${variant === "a" ? "Last chance: " : ""}${10 + campaign * 5}% off for you, {{name}}`)},${quoted({ campaign_id: campaignId, variant })},${quoted({ segments: targeted })}`
      )
    }
    customers.forEach((customer, index) => {
      if ((index + campaign) % 3 === 0) return
      const sentMs = START_MS + campaign * 21 * DAY_MS + (index % 60) * 60_000
      const exposureNumber = exposureLines.length
      // The first campaign has no control group, so every frequency in its rows is at least 1.
      const holdout = campaign > 0 && index % 5 === campaign % 5
      const variantIndex = index % 2
      const seen = (messages.get(customer.id) ?? 0) + (holdout ? 0 : 1)
      if (!holdout) messages.set(customer.id, seen)
      exposureLines.push(
        [
          uuidOf("20000000", exposureNumber),
          customer.id,
          iso(sentMs),
          holdout ? "holdout" : channel.name,
          holdout ? campaignId : uuidOf("10000000", campaign * 2 + variantIndex),
          quoted(holdout ? { group: "control" } : { variant: variantIndex === 0 ? "a" : "b" }),
          holdout ? "0" : channel.cost,
          String(seen)
        ].join(",")
      )
      const outcome = (type: string, hours: number, value: string) =>
        outcomeLines.push(
          `${uuidOf("30000000", outcomeLines.length)},${customer.id},${iso(sentMs + hours * 3_600_000)},${type},${value},${quoted({ intervention_id: holdout ? campaignId : uuidOf("10000000", campaign * 2 + variantIndex) })}`
        )
      if (!holdout && exposureNumber % 4 === 0) outcome("open", 2, "")
      if (exposureNumber % 9 === 0) outcome("purchase", 30, (20 + (exposureNumber % 80) + 0.5).toFixed(2))
      if (!holdout && exposureNumber % 97 === 0) outcome("unsubscribe", 5, "")
    })
  }
  return {
    files: [
      write(directory, "segments", "segment_id,definition,size,trait_priors,historical_metrics", segments),
      write(
        directory,
        "entities",
        "entity_id,segment_id,created_at,attributes,lifecycle_stage,value_tier",
        entityLines
      ),
      write(
        directory,
        "interventions",
        "intervention_id,type,content_template,creative_elements,targeting_criteria",
        interventionLines
      ),
      write(
        directory,
        "exposures",
        "exposure_id,entity_id,timestamp,channel,intervention_id,content,cost,frequency_cumulative",
        exposureLines
      ),
      write(directory, "outcomes", "outcome_id,entity_id,timestamp,outcome_type,outcome_value,metadata", outcomeLines)
    ]
  }
}
