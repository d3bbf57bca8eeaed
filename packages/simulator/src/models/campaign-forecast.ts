// A campaign forecast from the fitted models alone: for each variant × channel and for the control arm, the
// expected conversion rate, revenue per recipient and unsubscribe rate of the reachable customers of the
// targeted segments, overall and per segment. Backtests and simulations both start here.
import type { Population, PopulationFilters } from "./population.ts"
import { selectPopulation, thinPopulation } from "./population.ts"
import { type PredictionInputs, predictPopulation, type SegmentMeans, segmentMeans } from "./predict-population.ts"
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

/** Forecasts every variant on every channel, with each channel's own control arm (its reachable population). */
export const forecastCampaign = (inputs: PredictionInputs, query: ForecastQuery): ReadonlyArray<ChannelForecast> =>
  query.channels.map((channel) => {
    const population = thinPopulation(
      selectPopulation(inputs.states, inputs.layout.channels.length, {
        segments: query.segments,
        channel: inputs.layout.channels.indexOf(channel),
        filters: query.filters
      }),
      FORECAST_MEMBERS
    )
    const arm = (message: { channel: string; text: string } | undefined, baseline?: Float64Array): ArmForecast => {
      const predictions = predictPopulation(inputs, population, query.sendAtMs, message, baseline)
      return { population, predictions, bySegment: segmentMeans(population, predictions) }
    }
    const control = arm(undefined)
    return {
      channel,
      control,
      variants: query.variants.map((variant) => arm({ channel, text: variant.text }, control.predictions.baselineLogit))
    }
  })
