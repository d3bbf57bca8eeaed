// A response shift: from a point in the schedule on, the true model multiplies everything a creative does.
// Campaigns before the shift are the unshifted world's; after it, uplifts over the control grow; the manifest
// says when and by how much; bad shift options name their field.
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { type CampaignTruth, generateWorld, WorldOptionsError } from "../../src/index.ts"

const base = { industry: "retail", seed: 11, size: "demo" } as const
const plain = await Effect.runPromise(generateWorld(base))
const shifted = await Effect.runPromise(
  generateWorld({ ...base, responseShift: { atCampaignShare: 0.5, creativeGain: 3 } })
)

/** Mean absolute uplift (variant − control conversion rate) over a campaign's variants. */
const meanUplift = (campaign: CampaignTruth): number =>
  campaign.variants.reduce(
    (sum, variant) => sum + Math.abs(variant.conversion_rate - campaign.control.conversion_rate),
    0
  ) / campaign.variants.length

describe("response shift", () => {
  const from = shifted.manifest.response_shift?.from
  it("is named in the manifest, inside the history", () => {
    expect(plain.manifest.response_shift).toBeNull()
    expect(shifted.manifest.response_shift?.creative_gain).toBe(3)
    expect(from).toBeDefined()
    expect(Date.parse(from ?? "")).toBeGreaterThan(Date.parse(shifted.historyStart))
    expect(Date.parse(from ?? "")).toBeLessThan(Date.parse(shifted.historyEnd))
  })

  it("leaves the campaigns before it as they were and amplifies the uplift of those after it", () => {
    const shiftMs = Date.parse(from ?? "")
    const before = (world: typeof plain) =>
      world.historyTruth.filter((campaign) => Date.parse(campaign.send_time) < shiftMs)
    const after = (world: typeof plain) => [
      ...world.historyTruth.filter((campaign) => Date.parse(campaign.send_time) >= shiftMs),
      ...world.truth.campaigns
    ]
    expect(before(shifted).length).toBeGreaterThan(3)
    expect(before(shifted).map(meanUplift)).toEqual(before(plain).map(meanUplift))
    const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length
    expect(mean(after(shifted).map(meanUplift))).toBeGreaterThan(1.5 * mean(after(plain).map(meanUplift)))
  })

  it("refuses a share outside (0, 1) or a gain that is not positive, naming the field", async () => {
    for (const responseShift of [
      { atCampaignShare: 1, creativeGain: 2 },
      { atCampaignShare: 0.5, creativeGain: 0 }
    ]) {
      const exit = await Effect.runPromiseExit(generateWorld({ ...base, responseShift }))
      expect(Exit.isFailure(exit)).toBe(true)
      const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
      const failure = error !== undefined && "error" in error ? error.error : undefined
      expect(failure).toBeInstanceOf(WorldOptionsError)
      expect((failure as WorldOptionsError).field).toMatch(/^responseShift\./)
    }
  })
})
