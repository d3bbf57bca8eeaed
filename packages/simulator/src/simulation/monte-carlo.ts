// Monte Carlo over the models' own error: each run draws a campaign-wide error, one per arm and one per
// arm × segment (logit scale, sizes from the fit's backtest) and recomputes every rate, uplift and revenue
// from them. Intervals are quantiles of the runs; the point values are the models' predictions. Every
// comparison an insight makes is read from the same runs, so its confidence is the share of runs where it holds.
import { quantileSorted } from "@preflight/calibration"
import { SeededRandom } from "@preflight/numeric"
import type { ErrorModel } from "../models/error-model.ts"

/** One arm's point predictions per segment (segment order of the simulation). */
export interface ArmPoint {
  readonly conversion: Float64Array
  /** Revenue per recipient. */
  readonly revenue: Float64Array
  readonly unsubscribe: Float64Array
}

export interface CellInput extends ArmPoint {
  readonly variantId: string
  /** Index into the simulation's channels. */
  readonly channel: number
  readonly recipients: number
}

export interface EngineInput {
  readonly segments: ReadonlyArray<string>
  readonly channels: ReadonlyArray<string>
  /** Per channel, each segment's share of the reachable population (sums to 1 per channel). */
  readonly shares: ReadonlyArray<Float64Array>
  readonly cells: ReadonlyArray<CellInput>
  /** Per channel: the customers of the same population left alone. */
  readonly controls: ReadonlyArray<ArmPoint>
  readonly conversionError: ErrorModel
  readonly unsubscribeError: ErrorModel
  readonly runs: number
  readonly seed: number
}

/** Draws of one quantity: `runs` values. */
export type Draws = Float64Array

export interface CellDraws {
  readonly conversion: Draws
  readonly uplift: Draws
  readonly revenue: Draws
  readonly unsubscribe: Draws
  /** Per segment (simulation order). */
  readonly segmentConversion: ReadonlyArray<Draws>
  readonly segmentUplift: ReadonlyArray<Draws>
  readonly segmentUnsubscribe: ReadonlyArray<Draws>
}

export interface ControlDraws {
  readonly conversion: Draws
  readonly revenue: Draws
  readonly segmentConversion: ReadonlyArray<Draws>
}

export interface EngineDraws {
  readonly runs: number
  readonly cells: ReadonlyArray<CellDraws>
  readonly controls: ReadonlyArray<ControlDraws>
}

const logit = (p: number): number => {
  const clamped = Math.min(1 - 1e-9, Math.max(1e-9, p))
  return Math.log(clamped / (1 - clamped))
}
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

const draws = (runs: number): Float64Array => new Float64Array(runs)

/** Runs the Monte Carlo; same input and seed → the same draws. */
export const runMonteCarlo = (input: EngineInput): EngineDraws => {
  const { runs, segments, cells, controls } = input
  const segmentCount = segments.length
  const random = new SeededRandom(input.seed).fork("monte-carlo")
  const cellDraws: Array<CellDraws> = cells.map(() => ({
    conversion: draws(runs),
    uplift: draws(runs),
    revenue: draws(runs),
    unsubscribe: draws(runs),
    segmentConversion: segments.map(() => draws(runs)),
    segmentUplift: segments.map(() => draws(runs)),
    segmentUnsubscribe: segments.map(() => draws(runs))
  }))
  const controlDraws: Array<ControlDraws> = controls.map(() => ({
    conversion: draws(runs),
    revenue: draws(runs),
    segmentConversion: segments.map(() => draws(runs))
  }))
  const conversionError = input.conversionError
  const unsubscribeError = input.unsubscribeError
  const controlSegment = controls.map(() => new Float64Array(segmentCount))
  for (let run = 0; run < runs; run++) {
    const shared = conversionError.campaignSd * random.normal()
    const sharedUnsubscribe = unsubscribeError.campaignSd * random.normal()
    controls.forEach((control, channel) => {
      const armError = conversionError.armSd * random.normal()
      const shares = input.shares[channel] as Float64Array
      const out = controlDraws[channel] as ControlDraws
      const segmentValues = controlSegment[channel] as Float64Array
      let rate = 0
      let revenue = 0
      for (let segment = 0; segment < segmentCount; segment++) {
        const point = control.conversion[segment] as number
        const p = Number.isNaN(point)
          ? 0
          : sigmoid(logit(point) + shared + armError + conversionError.armSd * random.normal())
        segmentValues[segment] = p
        ;(out.segmentConversion[segment] as Draws)[run] = p
        const share = shares[segment] as number
        rate += share * p
        const perConversion = point > 0 ? (control.revenue[segment] as number) / point : 0
        revenue += share * p * perConversion
      }
      out.conversion[run] = rate
      out.revenue[run] = revenue
    })
    cells.forEach((cell, index) => {
      const armError = conversionError.armSd * random.normal()
      const unsubscribeArmError = unsubscribeError.armSd * random.normal()
      const shares = input.shares[cell.channel] as Float64Array
      const control = controlSegment[cell.channel] as Float64Array
      const out = cellDraws[index] as CellDraws
      let rate = 0
      let uplift = 0
      let revenue = 0
      let unsubscribe = 0
      for (let segment = 0; segment < segmentCount; segment++) {
        const point = cell.conversion[segment] as number
        const share = shares[segment] as number
        if (Number.isNaN(point)) continue
        const p = sigmoid(logit(point) + shared + armError + conversionError.armSd * random.normal())
        const unsubscribePoint = cell.unsubscribe[segment] as number
        const u =
          unsubscribePoint > 0
            ? sigmoid(
                logit(unsubscribePoint) +
                  sharedUnsubscribe +
                  unsubscribeArmError +
                  unsubscribeError.armSd * random.normal()
              )
            : 0
        const lift = p - (control[segment] as number)
        ;(out.segmentConversion[segment] as Draws)[run] = p
        ;(out.segmentUplift[segment] as Draws)[run] = lift
        ;(out.segmentUnsubscribe[segment] as Draws)[run] = u
        rate += share * p
        uplift += share * lift
        unsubscribe += share * u
        const perConversion = point > 0 ? (cell.revenue[segment] as number) / point : 0
        revenue += share * p * perConversion
      }
      out.conversion[run] = rate
      out.uplift[run] = uplift
      out.revenue[run] = revenue
      out.unsubscribe[run] = unsubscribe
    })
  }
  return { runs, cells: cellDraws, controls: controlDraws }
}

/** The [lower, upper] quantiles of `values` for a central interval of `level` (numpy's linear rule). */
export const interval = (values: Draws, level = 0.9): [number, number] => {
  if (values.length === 0) return [Number.NaN, Number.NaN]
  const sorted = Float64Array.from(values).sort()
  return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, 1 - (1 - level) / 2)]
}

/** Share of runs where `a` exceeds `b` (a probability for an insight's confidence). */
export const shareGreater = (a: Draws, b: Draws): number => {
  let count = 0
  for (let run = 0; run < a.length; run++) if ((a[run] as number) > (b[run] as number)) count++
  return a.length === 0 ? 0 : count / a.length
}
