// A generated history follows DESIGN.md's conventions ("What history means"), checked on the rows themselves
// as any importer would see them: variants and campaigns, holdout rows, frequency_cumulative, attribution of
// every message-driven outcome, no contact after an unsubscribe, campaign sizes and holdout shares.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import {
  type ExposureRecord,
  generateWorld,
  MAX_MESSAGES_IN_30_DAYS,
  MIN_HOURS_BETWEEN_TOUCHES,
  SIZE_PRESETS
} from "../../src/index.ts"
import { attributeOutcomes } from "../support/attribution.ts"

const DAY_MS = 86_400_000
const world = await Effect.runPromise(generateWorld({ industry: "telecom", seed: 11, size: "demo" }))
const { segments, entities, interventions, exposures, outcomes } = world.tables
const timeOf = (row: { readonly timestamp: string }) => Date.parse(row.timestamp)
const campaignOf = new Map(
  interventions.map((row) => [row.intervention_id, String(row.creative_elements.campaign_id)] as const)
)
const campaignOfExposure = (row: ExposureRecord) =>
  row.channel === "holdout" ? row.intervention_id : (campaignOf.get(row.intervention_id) ?? "?")

describe("a generated history follows DESIGN.md's conventions", () => {
  it("has the five tables, sized as the demo preset says", () => {
    expect(segments.length).toBe(5)
    expect(entities.length).toBe(SIZE_PRESETS.demo.customers)
    expect(segments.reduce((sum, segment) => sum + segment.size, 0)).toBe(entities.length)
    expect(exposures.length).toBeGreaterThan(60_000)
    expect(exposures.length).toBeLessThan(200_000)
    expect(new Set(outcomes.map((row) => row.outcome_type))).toEqual(
      new Set(["open", "click", "purchase", "unsubscribe"])
    )
  })

  it("writes one interventions row per variant: type = channel, campaign_id groups 2–4 variants, segments targeted", () => {
    const byCampaign = new Map<string, Array<(typeof interventions)[number]>>()
    for (const row of interventions) {
      const id = String(row.creative_elements.campaign_id)
      byCampaign.set(id, [...(byCampaign.get(id) ?? []), row])
    }
    expect(byCampaign.size).toBe(SIZE_PRESETS.demo.campaigns - world.options.holdoutCampaigns)
    const segmentIds = new Set(segments.map((segment) => segment.segment_id))
    for (const variants of byCampaign.values()) {
      expect(variants.length).toBeGreaterThanOrEqual(2)
      expect(variants.length).toBeLessThanOrEqual(4)
      expect(new Set(variants.map((row) => row.type)).size).toBe(1)
      expect(["email", "sms", "push", "call"]).toContain(variants[0]?.type)
      expect(new Set(variants.map((row) => row.content_template)).size).toBe(variants.length)
      const targeted = variants[0]?.targeting_criteria.segments as ReadonlyArray<string>
      expect(targeted.length).toBeGreaterThanOrEqual(1)
      expect(targeted.every((segment) => segmentIds.has(segment))).toBe(true)
    }
  })

  it("records the holdout as one row per control member: channel holdout, cost 0, intervention_id = campaign_id", () => {
    const campaigns = new Set(campaignOf.values())
    const holdouts = exposures.filter((row) => row.channel === "holdout")
    expect(holdouts.length).toBeGreaterThan(5_000)
    for (const row of holdouts) {
      expect(row.cost).toBe(0)
      expect(campaigns.has(row.intervention_id)).toBe(true)
    }
    for (const row of exposures) if (row.channel !== "holdout") expect(campaignOf.has(row.intervention_id)).toBe(true)
    // Each campaign reaches each customer once, message or holdout; the holdout is 10–20% of the audience.
    const audience = new Map<string, { total: number; holdout: number; members: Set<string> }>()
    for (const row of exposures) {
      const id = campaignOfExposure(row)
      const entry = audience.get(id) ?? { total: 0, holdout: 0, members: new Set<string>() }
      entry.total += 1
      if (row.channel === "holdout") entry.holdout += 1
      entry.members.add(row.entity_id)
      audience.set(id, entry)
    }
    for (const entry of audience.values()) {
      expect(entry.members.size).toBe(entry.total)
      expect(entry.holdout / entry.total).toBeGreaterThanOrEqual(0.095)
      expect(entry.holdout / entry.total).toBeLessThanOrEqual(0.205)
      expect(entry.total).toBeGreaterThanOrEqual(SIZE_PRESETS.demo.minRecipients * 0.6)
      expect(entry.total).toBeLessThanOrEqual(SIZE_PRESETS.demo.maxRecipients)
    }
  })

  it("sets frequency_cumulative to the messages of the last 30 days, this one included; several touches in busy weeks", () => {
    const messagesOf = new Map<string, Array<number>>()
    for (const row of exposures) {
      if (row.channel === "holdout") continue
      messagesOf.set(row.entity_id, [...(messagesOf.get(row.entity_id) ?? []), timeOf(row)])
    }
    const counts = new Map<number, number>()
    for (const row of exposures) {
      const at = timeOf(row)
      const times = messagesOf.get(row.entity_id) ?? []
      const inWindow = times.filter((time) => time > at - 30 * DAY_MS && time <= at).length
      const expected =
        row.channel === "holdout" ? times.filter((time) => time > at - 30 * DAY_MS && time < at).length : inWindow
      expect(row.frequency_cumulative).toBe(expected)
      counts.set(row.frequency_cumulative, (counts.get(row.frequency_cumulative) ?? 0) + 1)
    }
    expect(Math.max(...counts.keys())).toBeGreaterThanOrEqual(4)
    expect(Math.max(...counts.keys())).toBeLessThanOrEqual(MAX_MESSAGES_IN_30_DAYS + 1)
    expect((counts.get(2) ?? 0) + (counts.get(3) ?? 0)).toBeGreaterThan(exposures.length * 0.15)
  })

  it("keeps at least a day between two touches of a customer", () => {
    const last = new Map<string, number>()
    for (const row of [...exposures].sort((a, b) => timeOf(a) - timeOf(b))) {
      const previous = last.get(row.entity_id)
      if (previous !== undefined)
        expect(timeOf(row) - previous).toBeGreaterThanOrEqual(MIN_HOURS_BETWEEN_TOUCHES * 3_600_000)
      last.set(row.entity_id, timeOf(row))
    }
  })

  it("attributes every open, click and unsubscribe, by the rule, to the message that caused it", () => {
    const attributed = attributeOutcomes(exposures, outcomes)
    let checked = 0
    outcomes.forEach((outcome, index) => {
      if (outcome.outcome_type === "purchase") return
      const exposure = exposures[attributed[index] as number]
      expect(exposure, `${outcome.outcome_type} ${outcome.outcome_id}`).toBeDefined()
      expect(exposure?.intervention_id).toBe(outcome.metadata?.intervention_id)
      expect(exposure?.channel).toBe(outcome.metadata?.channel)
      checked++
    })
    expect(checked).toBeGreaterThan(1_000)
  })

  it("makes every purchaser after an e-mail or push open and click it first (SMS: click)", () => {
    const attributed = attributeOutcomes(exposures, outcomes)
    const events = new Map<number, Map<string, number>>()
    outcomes.forEach((outcome, index) => {
      const exposure = attributed[index] as number
      if (exposure < 0) return
      const seen = events.get(exposure) ?? new Map<string, number>()
      seen.set(
        outcome.outcome_type,
        Math.min(seen.get(outcome.outcome_type) ?? Number.POSITIVE_INFINITY, timeOf(outcome))
      )
      events.set(exposure, seen)
    })
    let purchases = 0
    for (const [exposure, seen] of events) {
      const row = exposures[exposure] as ExposureRecord
      const purchase = seen.get("purchase")
      if (purchase === undefined || row.channel === "holdout") continue
      purchases++
      if (row.channel === "email" || row.channel === "push") expect(seen.get("open") ?? Infinity).toBeLessThan(purchase)
      if (row.channel !== "call") expect(seen.get("click") ?? Infinity).toBeLessThan(purchase)
    }
    expect(purchases).toBeGreaterThan(500)
  })

  it("never contacts a customer on a channel after they unsubscribed from it", () => {
    const unsubscribedAt = new Map<string, number>()
    for (const outcome of outcomes) {
      if (outcome.outcome_type !== "unsubscribe") continue
      unsubscribedAt.set(`${outcome.entity_id}|${String(outcome.metadata?.channel)}`, timeOf(outcome))
    }
    expect(unsubscribedAt.size).toBeGreaterThan(50)
    for (const row of exposures) {
      const since = unsubscribedAt.get(`${row.entity_id}|${row.channel}`)
      if (since !== undefined) expect(timeOf(row)).toBeLessThan(since)
    }
  })

  it("holds background purchases outside every window, and nothing after the history's end or before a customer existed", () => {
    const attributed = attributeOutcomes(exposures, outcomes)
    const unattributed = outcomes.filter((_outcome, index) => attributed[index] === -1)
    expect(unattributed.length).toBeGreaterThan(1_000)
    expect(unattributed.every((outcome) => outcome.outcome_type === "purchase")).toBe(true)
    const end = Date.parse(world.historyEnd)
    const created = new Map(entities.map((row) => [row.entity_id, Date.parse(row.created_at)]))
    for (const row of [...exposures, ...outcomes]) {
      expect(timeOf(row)).toBeLessThan(end)
      expect(timeOf(row)).toBeGreaterThan(created.get(row.entity_id) ?? Infinity)
    }
    for (const outcome of outcomes) {
      if (outcome.outcome_type === "purchase") expect(outcome.outcome_value ?? 0).toBeGreaterThan(0)
      else expect(outcome.outcome_value).toBeNull()
    }
  })

  it("gives customers observable attributes that reveal their traits only partly", () => {
    const sample = entities[0]
    expect(sample?.attributes).toMatchObject({
      age: expect.any(Number),
      tenure_days: expect.any(Number),
      interest: expect.any(String),
      preferred_channel: expect.any(String),
      orders_12m: expect.any(Number)
    })
    const labels = new Set(world.template.topics.map((topic) => topic.label))
    expect(entities.every((row) => labels.has(String(row.attributes.interest)))).toBe(true)
    // Buyers have a recorded average order value; customers who never bought have none.
    const withOrders = entities.filter((row) => row.attributes.avg_order_value !== null)
    expect(withOrders.length).toBeGreaterThan(entities.length * 0.3)
    expect(withOrders.length).toBeLessThan(entities.length)
  })
})
