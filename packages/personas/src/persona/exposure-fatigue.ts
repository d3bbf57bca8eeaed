// Exposure history and fatigue: recent touches decay with a half-life (an adstock-style carry-over,
// Broadbent 1979), touches on other channels weigh less than on the proposed one, frequency caps count
// touches in a window, and the decayed load relative to the persona's tolerance gives a fatigue level.
import type { ExposureHistory, FatigueLevel, Persona, Touch } from "./persona.ts"

/** How touches turn into fatigue. Defaults are stated in the README and can be overridden per call. */
export interface FatigueModel {
  /** Days after which a touch weighs half as much (default 7: a week-old message is half forgotten). */
  readonly halfLifeDays: number
  /** Weight of a touch on another channel than the one considered (default 0.5). */
  readonly crossChannelWeight: number
  /** Touches older than this are ignored (default 30, the history's `frequency_cumulative` window). */
  readonly windowDays: number
  /** Decayed load a persona of tolerance t absorbs before saturating: `baseCapacity + toleranceCapacity·t`. */
  readonly baseCapacity: number
  readonly toleranceCapacity: number
}

export const DEFAULT_FATIGUE_MODEL: FatigueModel = {
  halfLifeDays: 7,
  crossChannelWeight: 0.5,
  windowDays: 30,
  // At tolerance 0.5 the capacity is 6: two messages a week on one channel settle at a load of 2.9 (pressure
  // ≈ 0.48, "low"), one a day at 10.1 (pressure ≈ 1.7, "saturated").
  baseCapacity: 2,
  toleranceCapacity: 8
}

/** Upper bounds of the pressure (load ÷ capacity) for each level below "saturated". */
export const FATIGUE_THRESHOLDS: Readonly<Record<Exclude<FatigueLevel, "saturated">, number>> = {
  none: 0.2,
  low: 0.45,
  medium: 0.75,
  high: 1.1
}

/** A frequency cap: at most `maxTouches` in `windowDays` on `channel` (all channels when omitted). */
export interface FrequencyCap {
  readonly channel?: string | undefined
  readonly maxTouches: number
  readonly windowDays: number
}

/**
 * The decayed exposure load seen from `channel`: Σ w · 2^(−daysAgo / halfLife) over touches within the
 * window, w = 1 on `channel` and `crossChannelWeight` elsewhere (all channels weigh 1 when `channel` is omitted).
 */
export const exposureLoad = (
  history: ExposureHistory,
  channel?: string,
  model: FatigueModel = DEFAULT_FATIGUE_MODEL
): number => {
  let load = 0
  const rate = Math.LN2 / model.halfLifeDays
  for (const touch of history.touches) {
    if (touch.daysAgo > model.windowDays) continue
    const weight = channel === undefined || touch.channel === channel ? 1 : model.crossChannelWeight
    load += weight * Math.exp(-rate * touch.daysAgo)
  }
  return load
}

/** Touches within the last `windowDays` (on `channel` when given). */
export const countTouches = (history: ExposureHistory, windowDays: number, channel?: string): number => {
  let count = 0
  for (const touch of history.touches) {
    if (touch.daysAgo <= windowDays && (channel === undefined || touch.channel === channel)) count++
  }
  return count
}

/** The caps a new touch on `channel` would break (a cap is broken when it is already full). */
export const capsReached = (
  history: ExposureHistory,
  channel: string,
  caps: ReadonlyArray<FrequencyCap>
): ReadonlyArray<FrequencyCap> =>
  caps.filter(
    (cap) =>
      (cap.channel === undefined || cap.channel === channel) &&
      countTouches(history, cap.windowDays, cap.channel) >= cap.maxTouches
  )

/** Load ÷ capacity: 1 means the persona is at the edge of what they tolerate. */
export const fatiguePressure = (
  history: ExposureHistory,
  channel: string | undefined,
  tolerance: number,
  model: FatigueModel = DEFAULT_FATIGUE_MODEL
): number => exposureLoad(history, channel, model) / (model.baseCapacity + model.toleranceCapacity * tolerance)

/** The level of a pressure value (see `FATIGUE_THRESHOLDS`). */
export const fatigueLevelOfPressure = (pressure: number): FatigueLevel => {
  if (pressure < FATIGUE_THRESHOLDS.none) return "none"
  if (pressure < FATIGUE_THRESHOLDS.low) return "low"
  if (pressure < FATIGUE_THRESHOLDS.medium) return "medium"
  if (pressure < FATIGUE_THRESHOLDS.high) return "high"
  return "saturated"
}

/** A persona's fatigue level before a new touch on `channel`. */
export const fatigueLevel = (
  persona: Persona,
  channel?: string,
  model: FatigueModel = DEFAULT_FATIGUE_MODEL
): FatigueLevel =>
  fatigueLevelOfPressure(fatiguePressure(persona.exposures, channel, persona.traits.fatigueTolerance, model))

/** The history after a new touch now (daysAgo 0). */
export const withTouch = (history: ExposureHistory, touch: Omit<Touch, "daysAgo">): ExposureHistory => ({
  touches: [{ ...touch, daysAgo: 0 }, ...history.touches]
})

/** The history `days` later: every touch ages, touches beyond the window are dropped. */
export const ageHistory = (
  history: ExposureHistory,
  days: number,
  model: FatigueModel = DEFAULT_FATIGUE_MODEL
): ExposureHistory => ({
  touches: history.touches
    .map((touch) => ({ ...touch, daysAgo: touch.daysAgo + days }))
    .filter((touch) => touch.daysAgo <= model.windowDays)
})
