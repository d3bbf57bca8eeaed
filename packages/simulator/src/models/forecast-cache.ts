// A per-fit memo of forecast arms, so a server does not score the same customers with the same model inputs
// again on every request. An arm's predictions are a pure function of the fit (models, customer states, layout,
// uplift blend, attribution window), the population (segments, channel, filters), the send time and, for a
// message, what the models read of it: the channel, the creative's features and, per member, whether it matches
// each of their interests. The keys hold exactly those (the fit by owning the cache), so a hit returns the
// same doubles scoring would; the creative's text itself is not read by the models and is not in the key.
import { BoundedCache } from "./bounded-cache.ts"
import type { ArmForecast } from "./campaign-forecast.ts"
import type { Population } from "./population.ts"

/**
 * Forecast pieces of one fit. Cached values are shared between requests: callers must not mutate them (the
 * forecast types are read-only in use; nothing writes into a forecast after `forecastCampaign` returns it).
 */
export interface ForecastCache {
  /** Thinned reachable populations, by segments, channel and filters. */
  readonly populations: BoundedCache<Population>
  /** Control arms, by population and send time. */
  readonly controls: BoundedCache<ArmForecast>
  /** Message arms, by population, send time, channel, creative features and per-member interest matches. */
  readonly messages: BoundedCache<ArmForecast>
}

/**
 * An empty cache. Defaults: 32 populations and controls, 128 message arms (an arm of 4,000 customers holds about
 * 200 kB of predictions, so a full cache is a few tens of MB per fit).
 */
export const makeForecastCache = (
  capacity: { readonly populations?: number; readonly controls?: number; readonly messages?: number } = {}
): ForecastCache => ({
  populations: new BoundedCache(capacity.populations ?? 32),
  controls: new BoundedCache(capacity.controls ?? 32),
  messages: new BoundedCache(capacity.messages ?? 128)
})
