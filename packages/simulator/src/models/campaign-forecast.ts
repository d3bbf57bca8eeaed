// A campaign forecast from the fitted models alone: for each variant × channel and for the control arm, the
// expected conversion rate, revenue per recipient and unsubscribe rate of the reachable customers of the
// targeted segments, overall and per segment. Backtests and simulations both start here.
import { createHash } from "node:crypto"
import type { CreativeReading } from "../features/creative-reader.ts"
import { matchesInterest } from "../features/design-matrix.ts"
import type { ForecastCache } from "./forecast-cache.ts"
import type { Population, PopulationFilters } from "./population.ts"
import { selectPopulation, thinPopulation } from "./population.ts"
import {
  type ArmMessage,
  type PredictionInputs,
  predictPopulation,
  type SegmentMeans,
  segmentMeans
} from "./predict-population.ts"
import type { RowPredictions } from "./response-models.ts"

export interface ForecastQuery {
  readonly segments: ReadonlyArray<string>
  readonly channels: ReadonlyArray<string>
  readonly variants: ReadonlyArray<{ readonly id: string; readonly text: string }>
  readonly sendAtMs: number
  readonly filters?: PopulationFilters | undefined
}

export interface ArmForecast {
  readonly population: Population
  /** Per-member predictions, in population order. */
  readonly predictions: RowPredictions
  readonly bySegment: SegmentMeans
}

export interface ChannelForecast {
  readonly channel: string
  readonly control: ArmForecast
  /** One per variant, in request order. */
  readonly variants: ReadonlyArray<ArmForecast>
}

/** Population-weighted mean over segments of one of the per-segment means (segments without members skipped). */
export const overallMean = (means: SegmentMeans, pick: (means: SegmentMeans) => Float64Array): number => {
  const values = pick(means)
  let total = 0
  let weight = 0
  for (let segment = 0; segment < means.members.length; segment++) {
    const members = means.members[segment] as number
    if (members === 0) continue
    total += members * (values[segment] as number)
    weight += members
  }
  return weight === 0 ? Number.NaN : total / weight
}

/** Customers a forecast averages over at most, per channel (`thinPopulation`). */
export const FORECAST_MEMBERS = 4000

/** Looks `key` up in `cache`, computing and storing the value on a miss (no cache: always computed). */
const memo = <V>(
  cache: { get(key: string): V | undefined; set(key: string, value: V): void } | undefined,
  key: string,
  compute: () => V
): V => {
  if (cache === undefined) return compute()
  const known = cache.get(key)
  if (known !== undefined) return known
  const value = compute()
  cache.set(key, value)
  return value
}

/**
 * What the models read of a message sent to `population`, as a key: its channel, the creative's features (as
 * exact decimal strings) and a digest of whether it matches each member's interests. Two messages with the
 * same key give every member the same design row, hence the same predictions.
 */
const messageKey = (
  inputs: PredictionInputs,
  population: Population,
  channel: string,
  reading: CreativeReading
): string => {
  const matchable = inputs.layout.spec.matchable.length
  const features = Array.from(reading.features, String).join(",")
  if (matchable === 0) return `${channel}|${features}|`
  const matches = new Uint8Array(population.members.length * matchable)
  for (let index = 0; index < population.members.length; index++) {
    const customerTerms = inputs.terms[population.members[index] as number] ?? []
    for (let key = 0; key < matchable; key++) {
      matches[index * matchable + key] = matchesInterest(customerTerms[key], reading) ? 1 : 0
    }
  }
  return `${channel}|${features}|${createHash("sha256").update(matches).digest("base64")}`
}

/**
 * Forecasts every variant on every channel, with each channel's own control arm (its reachable population).
 * With `cache` (one per fit, `forecast-cache.ts`), populations and arms already scored for the same model
 * inputs are reused: the result is the same, without scoring the trees again.
 */
export const forecastCampaign = (
  inputs: PredictionInputs,
  query: ForecastQuery,
  cache?: ForecastCache
): ReadonlyArray<ChannelForecast> =>
  query.channels.map((channel) => {
    const channelIndex = inputs.layout.channels.indexOf(channel)
    const populationKey = [
      channelIndex,
      JSON.stringify(query.segments),
      String(query.filters?.minTenureDays),
      String(query.filters?.maxFrequencyLast30d)
    ].join("|")
    const population = memo(cache?.populations, populationKey, () =>
      thinPopulation(
        selectPopulation(inputs.states, inputs.layout.channels.length, {
          segments: query.segments,
          channel: channelIndex,
          filters: query.filters
        }),
        FORECAST_MEMBERS
      )
    )
    const arm = (message: ArmMessage | undefined, baseline?: Float64Array): ArmForecast => {
      const predictions = predictPopulation(inputs, population, query.sendAtMs, message, baseline)
      return { population, predictions, bySegment: segmentMeans(population, predictions) }
    }
    const controlKey = `${populationKey}|${query.sendAtMs}`
    const control = memo(cache?.controls, controlKey, () => arm(undefined))
    return {
      channel,
      control,
      variants: query.variants.map((variant) => {
        const message = { channel, text: variant.text, reading: inputs.reader.read(variant.text, channel) }
        const key =
          cache === undefined ? "" : `${controlKey}|${messageKey(inputs, population, channel, message.reading)}`
        return memo(cache?.messages, key, () => arm(message, control.predictions.baselineLogit))
      })
    }
  })
