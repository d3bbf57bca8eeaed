// The API's services, composed once at the edge into the ManagedRuntime its handlers run on: the database
// (PGlite or Postgres), the language model behind the persona panel (OpenAI-compatible when OPENAI_API_KEY is
// set, the offline persona model otherwise), the program registry and the background simulation jobs.
import type { LanguageModel } from "@preflight/core-signatures"
import { defaultLanguageModelLayer } from "@preflight/personas"
import { defaultCreativeReader, personaPanel, simulate } from "@preflight/simulator"
import { type Database, migrate, ProgramRegistry } from "@preflight/storage"
import { Layer, ManagedRuntime } from "effect"
import { SimulationJobs } from "./jobs/simulation-jobs.ts"

export type ApiServices = Database | LanguageModel | ProgramRegistry | SimulationJobs

export type ApiRuntime = ManagedRuntime.ManagedRuntime<ApiServices, unknown>

/** The persona panel every simulation uses (the uncalibrated default until calibration registers a program). */
export const apiPersonaPanel = personaPanel()

/** A simulation as the API runs it: the default creative reader and the persona panel, stored with its seed. */
export const runSimulation = (request: unknown) =>
  simulate(request, { reader: defaultCreativeReader, panel: apiPersonaPanel })

export interface ApiLayerOptions<E1, E2> {
  readonly database: Layer.Layer<Database, E1>
  /** Default: `defaultLanguageModelLayer()` (OpenAI when OPENAI_API_KEY is set, else the offline model). */
  readonly languageModel?: Layer.Layer<LanguageModel, E2> | undefined
}

/**
 * The API's services. Pending migrations are applied when the layer is built (the migrator takes a lock, so
 * several processes starting at once are safe), before the job runner looks for unfinished simulations.
 */
export const apiLayer = <E1, E2>(options: ApiLayerOptions<E1, E2>) =>
  Layer.mergeAll(SimulationJobs.layerInProcess(runSimulation), ProgramRegistry.layer).pipe(
    Layer.provide(Layer.effectDiscard(migrate())),
    Layer.provideMerge(Layer.mergeAll(options.database, options.languageModel ?? defaultLanguageModelLayer()))
  )

/** One runtime per process; `dispose()` closes the database and stops the background jobs. */
export const makeApiRuntime = <E1, E2>(options: ApiLayerOptions<E1, E2>): ApiRuntime =>
  ManagedRuntime.make(apiLayer(options))
