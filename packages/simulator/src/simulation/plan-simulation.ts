// The quantitative half of a simulation: check the request against what the fit knows (segments, channels),
// resolve its defaults (send time, target size), and forecast every variant × channel and the control arm
// per segment from the fitted models. The persona panel then adds its shifts and the Monte Carlo its spread.
import { Data } from "effect"
import type { SimulateRequest } from "../contract/simulate-request.ts"
import type { CreativeReader } from "../features/creative-reader.ts"
import { type ChannelForecast, forecastCampaign } from "../models/campaign-forecast.ts"
import { type ForecastCache, makeForecastCache } from "../models/forecast-cache.ts"
import type { PredictionInputs } from "../models/predict-population.ts"
import type { StoredFit } from "../persistence/fit-store.ts"

const DAY_MS = 86_400_000

/** The request names segments the history does not have. */
export class UnknownSegments extends Data.TaggedError("UnknownSegments")<{
  readonly unknown: ReadonlyArray<string>
  readonly known: ReadonlyArray<string>
}> {
  override get message(): string {
    return `no history for segment${this.unknown.length > 1 ? "s" : ""} ${this.unknown.join(", ")} (known: ${this.known.join(", ") || "none"}); import their customers and outcomes (\`preflight import\`) and run \`preflight fit\``
  }
}

/** The request names channels the history never used: there is nothing to learn their response from. */
export class UnknownChannels extends Data.TaggedError("UnknownChannels")<{
  readonly unknown: ReadonlyArray<string>
  readonly known: ReadonlyArray<string>
}> {
  override get message(): string {
    return `no history on channel${this.unknown.length > 1 ? "s" : ""} ${this.unknown.join(", ")} (known: ${this.known.join(", ") || "none"}); import exposures and outcomes on it and run \`preflight fit\``
  }
}

/** The targeted segments have nobody reachable on a channel (all unsubscribed or filtered out). */
export class EmptyPopulation extends Data.TaggedError("EmptyPopulation")<{ readonly channel: string }> {
  override get message(): string {
    return `nobody in the targeted segments can be reached on ${this.channel} (unsubscribed or filtered out)`
  }
}

export interface SimulationCell {
  readonly variantId: string
  readonly text: string
  readonly channel: number
  readonly recipients: number
}

export interface SimulationPlan {
  readonly request: SimulateRequest
  readonly seed: number
  readonly segments: ReadonlyArray<string>
  readonly channels: ReadonlyArray<string>
  readonly sendAtMs: number
  readonly targetSize: number
  readonly forecasts: ReadonlyArray<ChannelForecast>
  /** Per channel, each segment's share of the reachable population. */
  readonly shares: ReadonlyArray<Float64Array>
  /** Cells in (channel, variant) order. */
  readonly cells: ReadonlyArray<SimulationCell>
  readonly inputs: PredictionInputs
  readonly warnings: ReadonlyArray<string>
}

/** Splits `total` recipients over `parts` cells as evenly as integers allow (earlier cells get the remainder). */
export const splitEvenly = (total: number, parts: number): ReadonlyArray<number> =>
  Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0))

export const planSimulation = (
  request: SimulateRequest,
  fit: StoredFit,
  reader: CreativeReader
): SimulationPlan | UnknownSegments | UnknownChannels | EmptyPopulation => {
  const { backbone } = fit
  const known = backbone.states.segments
  const segments = [...new Set(request.target_population.segments)]
  const unknownSegments = segments.filter((segment) => !known.includes(segment))
  if (unknownSegments.length > 0) return new UnknownSegments({ unknown: unknownSegments, known })
  const channels = request.intervention.channels
  const unknownChannels = channels.filter((channel) => !backbone.layout.channels.includes(channel))
  if (unknownChannels.length > 0)
    return new UnknownChannels({ unknown: unknownChannels, known: backbone.layout.channels })
  const sendAtMs =
    request.intervention.timing.send_at === undefined
      ? backbone.toMs + DAY_MS
      : Date.parse(request.intervention.timing.send_at)
  const warnings: Array<string> = []
  if (sendAtMs < backbone.toMs) {
    warnings.push("send_at is before the end of the fitted history; customers are described as they were at its end")
  }
  const horizon = request.simulation_params.time_horizon_days
  if (horizon !== undefined && horizon !== backbone.attributionWindowDays) {
    warnings.push(
      `predictions cover the ${backbone.attributionWindowDays}-day attribution window the models were fitted on, not ${horizon} days`
    )
  }
  const inputs: PredictionInputs = {
    models: backbone.models,
    layout: backbone.layout,
    states: backbone.states,
    terms: fitTerms(fit, reader),
    reader,
    windowDays: backbone.attributionWindowDays,
    upliftBlend: backbone.upliftBlend
  }
  const filters = request.target_population.filters
  const forecasts = forecastCampaign(
    inputs,
    {
      segments,
      channels,
      variants: request.intervention.content_variants.map((variant) => ({ id: variant.id, text: variant.template })),
      sendAtMs,
      filters: { minTenureDays: filters.min_tenure_days, maxFrequencyLast30d: filters.max_frequency_last_30d }
    },
    forecastCacheOf(fit, reader)
  )
  for (const forecast of forecasts) {
    if (forecast.control.population.members.length === 0) return new EmptyPopulation({ channel: forecast.channel })
  }
  const shares = forecasts.map((forecast) => {
    const members = forecast.control.bySegment.members
    const total = members.reduce((sum, count) => sum + count, 0)
    return Float64Array.from(members, (count) => count / total)
  })
  const reachable = forecasts[0]?.control.population.reachable ?? 0
  const targetSize = request.target_population.size ?? reachable
  if (request.target_population.size !== undefined && request.target_population.size > reachable) {
    warnings.push(
      `target size ${request.target_population.size} exceeds the ${reachable} reachable customers the history has in these segments; rates assume the extra recipients resemble them`
    )
  }
  const variants = request.intervention.content_variants
  const counts = splitEvenly(targetSize, channels.length * variants.length)
  const cells: Array<SimulationCell> = []
  channels.forEach((_, channel) => {
    variants.forEach((variant) => {
      cells.push({ variantId: variant.id, text: variant.template, channel, recipients: counts[cells.length] ?? 0 })
    })
  })
  return {
    request,
    seed: request.simulation_params.seed ?? 0,
    segments,
    channels,
    sendAtMs,
    targetSize,
    forecasts,
    shares,
    cells,
    inputs,
    warnings
  }
}

const termsCache = new WeakMap<StoredFit, ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>>()

/** Customer interest words of a fit, computed once per loaded fit. */
const fitTerms = (fit: StoredFit, reader: CreativeReader): ReadonlyArray<ReadonlyArray<ReadonlySet<string>>> => {
  const known = termsCache.get(fit)
  if (known !== undefined) return known
  const terms = fit.backbone.states.matchValues.map((values) =>
    values.map((value) => (value === "" ? new Set<string>() : reader.termsOf(value)))
  )
  termsCache.set(fit, terms)
  return terms
}

const forecastCaches = new WeakMap<StoredFit, Map<string, ForecastCache>>()

/**
 * The forecast cache of a loaded fit and a creative reader (by its version, which changes whenever its features
 * would). It lives as long as the fit object: a new fit is a new object with an empty cache.
 */
const forecastCacheOf = (fit: StoredFit, reader: CreativeReader): ForecastCache => {
  const byReader = forecastCaches.get(fit) ?? new Map<string, ForecastCache>()
  forecastCaches.set(fit, byReader)
  const known = byReader.get(reader.version)
  if (known !== undefined) return known
  const cache = makeForecastCache()
  byReader.set(reader.version, cache)
  return cache
}
