// generateWorld: a whole seeded world from an industry template. Calendar, customers, the simulated history
// (held-out campaigns included), the tables of the history, the held-out campaigns as simulate requests,
// their truth, and a manifest. The same options always give the same world.
import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { z } from "zod"
import { DAY_MS, isoOf, MINUTE_MS } from "../calendar.ts"
import { WorldOptionsError } from "../errors.ts"
import { TRUE_MODEL } from "../model/true-model.ts"
import { phraseBank, renderCreative } from "../phrasing/render-creative.ts"
import { templateFor } from "../templates/industries.ts"
import { INDUSTRIES, type Industry, type IndustryTemplate } from "../templates/template-types.ts"
import { type Customer, drawCustomers } from "./customers.ts"
import { type SimulateRequestDocument, simulateRequestFor } from "./requests.ts"
import { type ScheduledCampaign, scheduleCampaigns } from "./schedule.ts"
import { MAX_MESSAGES_IN_30_DAYS, MIN_HOURS_BETWEEN_TOUCHES, simulateHistory } from "./simulate.ts"
import { SIZE_PRESETS, type SizePreset, WORLD_SIZES, type WorldSize } from "./size-presets.ts"
import { buildTables, TABLE_ORDER, type WorldTableName, type WorldTables } from "./tables.ts"
import { campaignTruth } from "./truth.ts"
import type { CampaignTruth, WorldTruth } from "./truth-schema.ts"

/** Bumped whenever the same options would give different files. */
export const GENERATOR_VERSION = "1.1.0"
/** Every world's history starts on Monday 1 January 2024 (UTC). */
export const WORLD_START_MS = Date.UTC(2024, 0, 1)
/** Default share of campaigns held out at the end of the history. */
export const DEFAULT_HOLDOUT_SHARE = 0.2

export interface GenerateWorldOptions {
  readonly industry: Industry
  readonly seed: number
  /** "standard" (default) or "demo". */
  readonly size?: WorldSize
  /** How many of the last campaigns are held out (default: 20% of the campaigns, rounded). */
  readonly holdoutCampaigns?: number
  /** Write held-out creatives in copywriter B's words, which the history never used (default false). */
  readonly newPhrasings?: boolean
  /** Put the generating priors into segments.trait_priors (default false: real exports rarely have them). */
  readonly includeTraitPriors?: boolean
  /**
   * The true response model changes part-way (default: never). From the campaign at `atCampaignShare` of the
   * schedule on, everything a creative does is multiplied by `creativeGain` (say 2.5: the audience became far
   * more responsive to offers and copy). The learning loop's tests use it; held-out truth follows the shift.
   */
  readonly responseShift?: ResponseShiftOptions | undefined
}

export interface ResponseShiftOptions {
  /** In (0, 1): the share of the campaigns sent before the shift. */
  readonly atCampaignShare: number
  /** Multiplier of the creative's effect after the shift (positive). */
  readonly creativeGain: number
}

export interface ResolvedWorldOptions {
  readonly industry: Industry
  readonly seed: number
  readonly size: WorldSize
  readonly holdoutCampaigns: number
  readonly newPhrasings: boolean
  readonly includeTraitPriors: boolean
  readonly responseShift?: ResponseShiftOptions | undefined
}

export interface WorldManifest {
  readonly generator: "@preflight/worlds"
  readonly generator_version: string
  readonly industry: Industry
  readonly seed: number
  readonly size: WorldSize
  readonly new_phrasings: boolean
  readonly include_trait_priors: boolean
  /** When the true response model changed, and by how much (null: it never did). */
  readonly response_shift: { readonly from: string; readonly creative_gain: number } | null
  readonly holdout_campaigns: number
  readonly history_start: string
  readonly history_end: string
  readonly attribution_window_days: number
  readonly tables: ReadonlyArray<{ readonly table: WorldTableName; readonly file: string; readonly rows: number }>
  readonly requests: ReadonlyArray<string>
  readonly truth: string
  readonly parameters: {
    readonly preset: SizePreset
    readonly campaigns: number
    readonly min_hours_between_touches: number
    readonly max_messages_in_30_days: number
    readonly true_model: typeof TRUE_MODEL
  }
}

export interface World {
  readonly options: ResolvedWorldOptions
  readonly template: IndustryTemplate
  readonly historyStart: string
  readonly historyEnd: string
  readonly tables: WorldTables
  /** The held-out campaigns as simulate requests, with the file name each is written to. */
  readonly requests: ReadonlyArray<{ readonly file: string; readonly request: SimulateRequestDocument }>
  readonly truth: WorldTruth
  /** Expected rates of the history's campaigns as the history files measure them (windows cut at its end). */
  readonly historyTruth: ReadonlyArray<CampaignTruth>
  readonly manifest: WorldManifest
  /** The customers with their latent traits (the ground truth behind every rate; not written to files). */
  readonly customers: ReadonlyArray<Customer>
}

const OptionsSchema = z.object({
  industry: z.enum(INDUSTRIES, { error: `industry must be one of ${INDUSTRIES.join(", ")}` }),
  seed: z.number({ error: "seed must be a number" }).refine(Number.isSafeInteger, "seed must be a safe integer"),
  size: z.enum(WORLD_SIZES, { error: `size must be one of ${WORLD_SIZES.join(", ")}` }).default("standard"),
  holdoutCampaigns: z.number().int("holdoutCampaigns must be an integer").nonnegative().optional(),
  newPhrasings: z.boolean().default(false),
  includeTraitPriors: z.boolean().default(false),
  responseShift: z
    .object({
      atCampaignShare: z.number().gt(0, "atCampaignShare must be in (0, 1)").lt(1, "atCampaignShare must be in (0, 1)"),
      creativeGain: z.number().positive("creativeGain must be positive").max(20, "creativeGain must be at most 20")
    })
    .optional()
})

/** Checks options and fills defaults; fails with `WorldOptionsError` naming the field. */
export const resolveWorldOptions = (
  options: GenerateWorldOptions
): Effect.Effect<ResolvedWorldOptions, WorldOptionsError> => {
  const parsed = OptionsSchema.safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return Effect.fail(
      new WorldOptionsError({ field: issue?.path.join(".") ?? "options", message: issue?.message ?? "invalid options" })
    )
  }
  const preset = SIZE_PRESETS[parsed.data.size]
  const holdoutCampaigns = parsed.data.holdoutCampaigns ?? Math.round(preset.campaigns * DEFAULT_HOLDOUT_SHARE)
  if (holdoutCampaigns > preset.campaigns - 2) {
    return Effect.fail(
      new WorldOptionsError({
        field: "holdoutCampaigns",
        message: `a ${parsed.data.size} world has ${preset.campaigns} campaigns; hold out at most ${preset.campaigns - 2} so that history keeps two`
      })
    )
  }
  return Effect.succeed({ ...parsed.data, holdoutCampaigns })
}

/** Keeps held-out sends after the last history campaign has fully gone out, so history ends cleanly. */
const separateHeldOut = (
  schedule: ReadonlyArray<ScheduledCampaign>,
  firstHeldOut: number
): ReadonlyArray<ScheduledCampaign> => {
  const adjusted = [...schedule]
  for (let index = Math.max(1, firstHeldOut); index < adjusted.length; index++) {
    const previous = adjusted[index - 1] as ScheduledCampaign
    const current = adjusted[index] as ScheduledCampaign
    const gapMs = index === firstHeldOut ? previous.channel.spreadMinutes * MINUTE_MS + 60 * MINUTE_MS : 0
    if (current.sendAtMs < previous.sendAtMs + gapMs)
      adjusted[index] = { ...current, sendAtMs: previous.sendAtMs + gapMs }
  }
  return adjusted
}

/** Builds the world for already validated options (synchronous; a standard world takes a few seconds). */
export const buildWorld = (options: ResolvedWorldOptions): World => {
  const template = templateFor(options.industry)
  const preset = SIZE_PRESETS[options.size]
  const root = new SeededRandom(options.seed).fork(`world:${options.industry}:${options.size}`)
  const firstHeldOut = preset.campaigns - options.holdoutCampaigns
  const schedule = separateHeldOut(
    scheduleCampaigns(root.fork("schedule"), template, preset.campaigns, preset.months, WORLD_START_MS),
    firstHeldOut
  )
  const last = schedule[schedule.length - 1]
  const simulationEndMs =
    (last?.sendAtMs ?? WORLD_START_MS) + (last?.channel.spreadMinutes ?? 0) * MINUTE_MS + 8 * DAY_MS
  const shiftAt =
    options.responseShift === undefined
      ? undefined
      : schedule[Math.min(schedule.length - 1, Math.round(options.responseShift.atCampaignShare * schedule.length))]
  const responseShift =
    options.responseShift === undefined || shiftAt === undefined
      ? undefined
      : { fromMs: shiftAt.sendAtMs, creativeGain: options.responseShift.creativeGain }
  const historyEndMs =
    options.holdoutCampaigns > 0 ? (schedule[firstHeldOut]?.sendAtMs ?? simulationEndMs) : simulationEndMs
  const customers = drawCustomers(
    root.fork("customers"),
    template,
    preset.customers,
    WORLD_START_MS,
    historyEndMs - 5 * DAY_MS
  )
  const history = simulateHistory({
    random: root.fork("simulation"),
    template,
    preset,
    customers,
    schedule,
    firstHeldOut,
    historyStartMs: WORLD_START_MS,
    historyEndMs,
    simulationEndMs,
    responseShift
  })
  const bankA = phraseBank(template, "A")
  const bankB = phraseBank(template, "B")
  const textsA = history.campaigns.map((campaign) =>
    campaign.variants.map((variant, index) =>
      renderCreative(
        variant.attributes,
        campaign.channel.channel,
        template,
        bankA,
        root.fork(`text-A-${campaign.index}-${index}`)
      )
    )
  )
  const textsB = history.campaigns.map((campaign) =>
    campaign.heldOut
      ? campaign.variants.map((variant, index) =>
          renderCreative(
            variant.attributes,
            campaign.channel.channel,
            template,
            bankB,
            root.fork(`text-B-${campaign.index}-${index}`)
          )
        )
      : []
  )
  const tables = buildTables({
    template,
    customers,
    history,
    texts: textsA,
    historyEndMs,
    includeTraitPriors: options.includeTraitPriors,
    random: root.fork("ids")
  })
  const segmentIds = template.segments.map((segment) => segment.id)
  const touchesOf = history.campaigns.map(() => [] as Array<number>)
  for (let touch = 0; touch < history.touches.count; touch++) {
    touchesOf[history.touches.campaign[touch] as number]?.push(touch)
  }
  const heldOut = history.campaigns.filter((campaign) => campaign.heldOut)
  const requests = heldOut.map((campaign, position) => {
    const texts = options.newPhrasings ? (textsB[campaign.index] ?? []) : (textsA[campaign.index] ?? [])
    const treated = (touchesOf[campaign.index] ?? []).filter(
      (touch) => (history.touches.variant[touch] as number) >= 0
    ).length
    return {
      file: `request_${position}.json`,
      request: simulateRequestFor(
        campaign,
        options.industry,
        texts,
        treated,
        isoOf(campaign.sendAtMs),
        options.seed,
        MAX_MESSAGES_IN_30_DAYS
      )
    }
  })
  const historyStart = isoOf(WORLD_START_MS)
  const historyEnd = isoOf(historyEndMs)
  const truth: WorldTruth = {
    world: {
      industry: options.industry,
      seed: options.seed,
      size: options.size,
      new_phrasings: options.newPhrasings,
      history_start: historyStart,
      history_end: historyEnd,
      attribution_window_days: TRUE_MODEL.attributionWindowDays,
      generator_version: GENERATOR_VERSION
    },
    campaigns: heldOut.map((campaign, position) =>
      campaignTruth(
        campaign,
        history.touches,
        touchesOf[campaign.index] ?? [],
        customers,
        segmentIds,
        options.newPhrasings ? (textsB[campaign.index] ?? []) : (textsA[campaign.index] ?? []),
        "full",
        `request_${position}.json`,
        isoOf(campaign.sendAtMs)
      )
    )
  }
  const historyTruth = history.campaigns
    .filter((campaign) => !campaign.heldOut)
    .map((campaign) =>
      campaignTruth(
        campaign,
        history.touches,
        touchesOf[campaign.index] ?? [],
        customers,
        segmentIds,
        textsA[campaign.index] ?? [],
        "history",
        null,
        isoOf(campaign.sendAtMs)
      )
    )
  const manifest: WorldManifest = {
    generator: "@preflight/worlds",
    generator_version: GENERATOR_VERSION,
    industry: options.industry,
    seed: options.seed,
    size: options.size,
    new_phrasings: options.newPhrasings,
    include_trait_priors: options.includeTraitPriors,
    response_shift:
      responseShift === undefined
        ? null
        : { from: isoOf(responseShift.fromMs), creative_gain: responseShift.creativeGain },
    holdout_campaigns: options.holdoutCampaigns,
    history_start: historyStart,
    history_end: historyEnd,
    attribution_window_days: TRUE_MODEL.attributionWindowDays,
    tables: TABLE_ORDER.map((table) => ({ table, file: `${table}.csv`, rows: tables[table].length })),
    requests: requests.map((entry) => entry.file),
    truth: "truth.json",
    parameters: {
      preset,
      campaigns: preset.campaigns,
      min_hours_between_touches: MIN_HOURS_BETWEEN_TOUCHES,
      max_messages_in_30_days: MAX_MESSAGES_IN_30_DAYS,
      true_model: TRUE_MODEL
    }
  }
  return { options, template, historyStart, historyEnd, tables, requests, truth, historyTruth, manifest, customers }
}

/**
 * A seeded demo world with known ground truth: the five history tables, the held-out campaigns as simulate
 * requests, their truth and a manifest (all in memory; `writeWorld` writes them). Fails with
 * `WorldOptionsError` for an unknown industry or size, a seed that is not a safe integer, or too many
 * held-out campaigns.
 *
 * @example
 * const world = yield* generateWorld({ industry: "retail", seed: 7, size: "demo" })
 * world.tables.exposures.length // ~150k rows
 */
export const generateWorld = Effect.fn("generateWorld")(function* (options: GenerateWorldOptions) {
  const resolved = yield* resolveWorldOptions(options)
  return buildWorld(resolved)
})
