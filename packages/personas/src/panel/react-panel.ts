// The panel runner: every persona × creative × channel through a persona program, with optional archetype
// deduplication, as an Effect needing only a LanguageModel. Returns each persona's reaction with its weight,
// the program calls made and saved, and the segment summaries.
import type { CallOptions, LanguageModel, Module, Prediction } from "@preflight/core-signatures"
import { Effect } from "effect"
import { PersonaInputError } from "../errors.ts"
import { Persona } from "../persona/persona.ts"
import {
  type PersonaInputOptions,
  type PersonaResponseInputs,
  personaResponseInputs
} from "../programs/persona-inputs.ts"
import type { PersonaReaction } from "../programs/reaction.ts"
import { aggregatePanel, type PanelReaction, type SegmentSummary } from "./aggregate-segment.ts"
import { archetypesFor, type DedupOptions } from "./archetypes.ts"

/** A creative variant to test. */
export interface PanelCreative {
  readonly id: string
  readonly text: string
}

/** A persona program: PersonaResponseModule or any module with its inputs and outputs. */
export type PersonaProgram = Module<PersonaResponseInputs, Prediction<PersonaReaction>>

export interface ReactPanelOptions<M extends PersonaProgram> {
  readonly personas: ReadonlyArray<Persona>
  readonly creatives: ReadonlyArray<PanelCreative>
  readonly channels: ReadonlyArray<string>
  readonly module: M
  /** Archetype deduplication; off when omitted. */
  readonly dedup?: DedupOptions | undefined
  /** Program runs at once (default 8). */
  readonly concurrency?: number | undefined
  /** Context and competitive options given to every persona. */
  readonly inputs?: PersonaInputOptions | undefined
  readonly callOptions?: CallOptions | undefined
}

export interface PanelResult {
  readonly reactions: ReadonlyArray<PanelReaction>
  /** Program runs made (one per persona or archetype × creative × channel). */
  readonly programCalls: number
  /** Runs deduplication avoided: personas × creatives × channels − programCalls. */
  readonly callsSaved: number
  readonly summaries: ReadonlyArray<SegmentSummary>
}

const checkOptions = <M extends PersonaProgram>(options: ReactPanelOptions<M>): PersonaInputError | undefined => {
  const fail = (path: string, reason: string) => new PersonaInputError({ what: "panel", path, reason })
  for (let index = 0; index < options.personas.length; index++) {
    const parsed = Persona.safeParse(options.personas[index])
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return fail(
        `personas.${index}${issue === undefined ? "" : `.${issue.path.join(".")}`}`,
        issue?.message ?? "invalid persona"
      )
    }
  }
  const ids = new Set<string>()
  for (const [index, creative] of options.creatives.entries()) {
    if (creative.id === "" || ids.has(creative.id))
      return fail(`creatives.${index}.id`, "creative ids must be non-empty and distinct")
    ids.add(creative.id)
  }
  if (options.channels.length === 0) return fail("channels", "at least one channel is needed")
  if (options.dedup?.resolution !== undefined && !(options.dedup.resolution >= 1))
    return fail("dedup.resolution", "must be at least 1")
  if (options.concurrency !== undefined && !(options.concurrency >= 1)) return fail("concurrency", "must be at least 1")
  return undefined
}

interface Job {
  readonly persona: Persona
  readonly creative: PanelCreative
  readonly channel: string
  readonly members: ReadonlyArray<Persona>
  readonly archetypeId: string | undefined
}

/**
 * Runs the panel. Without `dedup` every persona × creative × channel is one program run; with it, one run per
 * archetype (see archetypes.ts) whose reaction every member receives with its own weight.
 * @example
 * const result = yield* reactPanel({ personas, creatives: [{ id: "a", text }], channels: ["email"],
 *   module: new PersonaResponseModule(), dedup: { resolution: 2 } })
 */
export const reactPanel = <M extends PersonaProgram>(
  options: ReactPanelOptions<M>
): Effect.Effect<PanelResult, PersonaInputError | Module.ErrorOf<M>, LanguageModel> =>
  Effect.gen(function* () {
    const problem = checkOptions(options)
    if (problem !== undefined) return yield* Effect.fail(problem)
    const jobs: Job[] = []
    for (const creative of options.creatives) {
      for (const channel of options.channels) {
        if (options.dedup === undefined) {
          for (const persona of options.personas)
            jobs.push({ persona, creative, channel, members: [persona], archetypeId: undefined })
        } else {
          for (const archetype of archetypesFor(options.personas, creative.text, channel, options.dedup)) {
            jobs.push({
              persona: archetype.representative,
              creative,
              channel,
              members: archetype.members,
              archetypeId: archetype.representative.id
            })
          }
        }
      }
    }
    const answered = yield* Effect.forEach(
      jobs,
      (job) =>
        options.module.run(
          personaResponseInputs(job.persona, job.creative.text, job.channel, options.inputs),
          options.callOptions
        ) as Effect.Effect<Prediction<PersonaReaction>, Module.ErrorOf<M>, LanguageModel>,
      { concurrency: options.concurrency ?? 8 }
    )
    const reactions: PanelReaction[] = []
    jobs.forEach((job, index) => {
      const reaction = (answered[index] as Prediction<PersonaReaction>).outputs
      for (const member of job.members) {
        reactions.push({
          personaId: member.id,
          segmentId: member.segmentId,
          creativeId: job.creative.id,
          channel: job.channel,
          weight: member.weight,
          archetypeId: job.archetypeId,
          reaction
        })
      }
    })
    const possible = options.personas.length * options.creatives.length * options.channels.length
    return {
      reactions,
      programCalls: jobs.length,
      callsSaved: possible - jobs.length,
      summaries: aggregatePanel(reactions)
    }
  })
