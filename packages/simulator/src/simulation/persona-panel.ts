// The persona half of a simulation: real customers of each targeted segment (a seeded sample of the fit's
// reachable population, read back from the database with their attributes) become grounded personas; every
// persona (or archetype) reacts to every variant on every channel through the persona program; the
// reactions become logit shifts the numbers can use.
//
// A reaction moves effects, never levels: per channel and segment the mean intent deltas of the variants are
// centred on their average, and the shift of a variant is `sensitivity × (its mean − the average)`. The level
// (how many buy at all) stays the causal models' answer, fitted on what really happened. The sensitivity is
// what calibration estimates from history (the calibrate issue); uncalibrated it is a small prior
// (`UNCALIBRATED_SENSITIVITY`), so the panel can reorder near-ties but not overrule the models.
import { LanguageModel, type Module } from "@preflight/core-signatures"
import {
  type DedupOptions,
  type PanelResult,
  type PersonaInputError,
  PersonaResponseModule,
  reactPanel,
  type SegmentSummary
} from "@preflight/personas"
import type { Database, DatabaseError } from "@preflight/storage"
import { Effect } from "effect"
import type { StoredFit } from "../persistence/fit-store.ts"
import { groundedPersonas, sampleSegmentMembers } from "./grounded-personas.ts"
import type { PersonaPanelResult, SegmentPanelSummary } from "./persona-panel-result.ts"
import type { SimulationPlan } from "./plan-simulation.ts"

/** Logit shift per unit of centred intent delta before any calibration (intent deltas lie in [−1, 1]). */
export const UNCALIBRATED_SENSITIVITY = 0.25

/** Why a panel can fail: a persona the program refuses, the database, or the program's own errors. */
export type PanelError = PersonaInputError | DatabaseError | Module.ErrorOf<PersonaResponseModule>

export interface PersonaPanelOptions {
  /** Logit shift per unit of centred mean intent delta (default `UNCALIBRATED_SENSITIVITY`). */
  readonly sensitivity?: number | undefined
  /** The persona program, e.g. a calibrated one (default `PersonaResponseModule` with direct elicitation). */
  readonly module?: PersonaResponseModule | undefined
  /** Archetype deduplication (default resolution 2). */
  readonly dedup?: DedupOptions | undefined
  readonly concurrency?: number | undefined
  /** The calibrated program's version, when one is active. */
  readonly programVersion?: number | null | undefined
}

/** Per segment, how many personas of `total` (at least one each, in proportion to the reachable shares). */
const personasPerSegment = (plan: SimulationPlan, total: number): ReadonlyArray<number> => {
  const shares = plan.segments.map((_, segment) => {
    let sum = 0
    for (const channelShares of plan.shares) sum += channelShares[segment] ?? 0
    return sum / Math.max(1, plan.shares.length)
  })
  return shares.map((share) => Math.max(1, Math.round(total * share)))
}

const segmentSummary = (
  summaries: ReadonlyArray<SegmentSummary>,
  segment: string,
  personas: number
): SegmentPanelSummary => {
  const own = summaries.filter((summary) => summary.segmentId === segment)
  const total = own.reduce((sum, summary) => sum + summary.weight, 0)
  const mean = (read: (summary: SegmentSummary) => number) =>
    total === 0 ? 0 : own.reduce((sum, summary) => sum + summary.weight * read(summary), 0) / total
  const emotions = new Map<string, number>()
  for (const summary of own) {
    for (const [emotion, share] of Object.entries(summary.emotionShares)) {
      emotions.set(emotion, (emotions.get(emotion) ?? 0) + summary.weight * share)
    }
  }
  const dominant = [...emotions.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]
  return {
    personas,
    meanIntentDelta: mean((summary) => summary.meanIntentDelta),
    actionShares: {
      engage: mean((summary) => summary.actionShares.engage),
      ignore: mean((summary) => summary.actionShares.ignore),
      unsubscribe: mean((summary) => summary.actionShares.unsubscribe)
    },
    dominantEmotion: dominant?.[0] ?? "neutral",
    sampleRationales: own.flatMap((summary) => summary.sampleRationales).slice(0, 3)
  }
}

/**
 * Reactions of grounded personas to every variant × channel of a plan: `num_personas` real customers split over
 * the targeted segments (seeded), each through the persona program (archetypes deduplicated).
 */
export const reactToPlan = (
  plan: SimulationPlan,
  fit: StoredFit,
  options: PersonaPanelOptions = {}
): Effect.Effect<
  { readonly panel: PanelResult; readonly personas: ReadonlyArray<number>; readonly requested: number },
  PanelError,
  Database | LanguageModel
> =>
  Effect.gen(function* () {
    const requested = plan.request.simulation_params.num_personas
    const samples = sampleSegmentMembers(fit, plan.segments, personasPerSegment(plan, requested), plan.seed)
    const personas = (yield* groundedPersonas(fit, samples)).flat()
    const panel = yield* reactPanel({
      personas,
      creatives: plan.request.intervention.content_variants.map((variant) => ({
        id: variant.id,
        text: variant.template
      })),
      channels: plan.channels,
      module: options.module ?? new PersonaResponseModule(),
      dedup: options.dedup ?? { resolution: 2 },
      concurrency: options.concurrency
    })
    return { panel, personas: samples.map((sample) => sample.members.length), requested }
  })

/**
 * The panel for `simulate`: the plan's persona reactions (`reactToPlan`) turned into centred logit shifts per
 * cell and segment, with a qualitative summary per segment.
 */
export const personaPanel =
  (options: PersonaPanelOptions = {}) =>
  (plan: SimulationPlan, fit: StoredFit): Effect.Effect<PersonaPanelResult, PanelError, Database | LanguageModel> =>
    Effect.gen(function* () {
      const { panel, personas, requested } = yield* reactToPlan(plan, fit, options)
      const variants = plan.request.intervention.content_variants
      const sensitivity = options.sensitivity ?? UNCALIBRATED_SENSITIVITY
      const meanIntent = (channel: string, variantId: string, segment: string): number =>
        panel.summaries.find(
          (summary) => summary.channel === channel && summary.creativeId === variantId && summary.segmentId === segment
        )?.meanIntentDelta ?? 0
      const shifts = plan.cells.map((cell) => {
        const channel = plan.channels[cell.channel] as string
        return Float64Array.from(plan.segments, (segment) => {
          const own = meanIntent(channel, cell.variantId, segment)
          const average =
            variants.reduce((sum, variant) => sum + meanIntent(channel, variant.id, segment), 0) / variants.length
          return sensitivity * (own - average)
        })
      })
      const languageModel = yield* LanguageModel
      return {
        shifts,
        summaries: plan.segments.map((segment, s) => segmentSummary(panel.summaries, segment, personas[s] ?? 0)),
        requested,
        sampled: personas.reduce((sum, count) => sum + count, 0),
        program: (options.module ?? new PersonaResponseModule()).constructor.name,
        languageModel: languageModel.defaults.model,
        programCalls: panel.programCalls,
        callsSaved: panel.callsSaved,
        programVersion: options.programVersion ?? null
      }
    }).pipe(Effect.withSpan("Simulator.personaPanel"))
