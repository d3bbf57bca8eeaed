// The fitted models applied to a population: each member's probability of converting, the revenue of a
// conversion and the unsubscribe risk, with a given message or with none (the control arm), and their
// means per segment.
import type { CreativeReader, CreativeReading } from "../features/creative-reader.ts"
import { type CustomerStates, writePredictionRow } from "../features/customer-states.ts"
import type { DesignLayout } from "../features/design-matrix.ts"
import type { Population } from "./population.ts"
import { predictRows, type ResponseModels, type RowPredictions } from "./response-models.ts"
import { blendedUplift, type UpliftBlend } from "./uplift-blend.ts"

/** A message to predict: its text on a channel. */
export interface ArmMessage {
  readonly channel: string
  readonly text: string
  /** What `inputs.reader` reads of the text on the channel, when the caller has already read it. */
  readonly reading?: CreativeReading | undefined
}

export interface PredictionInputs {
  readonly models: ResponseModels
  readonly layout: DesignLayout
  readonly states: CustomerStates
  readonly terms: ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>
  readonly reader: CreativeReader
  /** The attribution window the models were fitted on, in days: forecasts cover all of it. */
  readonly windowDays: number
  /** How the uplift model is pooled with the history's average uplift (default: the model alone). */
  readonly upliftBlend?: UpliftBlend | undefined
}

/**
 * Per-member predictions for `message` sent at `sendAtMs` (undefined: nobody is contacted, the control arm),
 * over the whole attribution window (`inputs.windowDays`).
 */
export const predictPopulation = (
  inputs: PredictionInputs,
  population: Population,
  sendAtMs: number,
  message: ArmMessage | undefined,
  /** The population's baseline log-odds at `sendAtMs`, when another arm already computed them. */
  knownBaseline?: Float64Array
): RowPredictions => {
  const { layout } = inputs
  const count = population.members.length
  const x = new Float64Array(count * layout.cols)
  const described =
    message === undefined
      ? undefined
      : {
          channel: layout.channels.indexOf(message.channel),
          reading: message.reading ?? inputs.reader.read(message.text, message.channel)
        }
  for (let index = 0; index < count; index++) {
    writePredictionRow(
      layout,
      inputs.states,
      inputs.terms,
      population.members[index] as number,
      sendAtMs,
      inputs.windowDays,
      described,
      x,
      index
    )
  }
  const predictions = predictRows(inputs.models, layout, x, knownBaseline)
  const blend = inputs.upliftBlend
  if (message === undefined || blend === undefined || blend.weight === 1) return predictions
  const { conversion, upliftLogit, baselineLogit } = predictions
  for (let index = 0; index < count; index++) {
    const segment = population.segments[population.segment[index] as number] as string
    const uplift = blendedUplift(blend, message.channel, segment, upliftLogit[index] as number)
    upliftLogit[index] = uplift
    conversion[index] = 1 / (1 + Math.exp(-((baselineLogit[index] as number) + uplift)))
  }
  return predictions
}

/** Means per segment of a population's predictions (NaN for a segment without members). */
export interface SegmentMeans {
  readonly members: Int32Array
  readonly conversion: Float64Array
  /** Revenue per recipient. */
  readonly revenue: Float64Array
  readonly unsubscribe: Float64Array
}

export const segmentMeans = (population: Population, predictions: RowPredictions): SegmentMeans => {
  const segments = population.segments.length
  const members = new Int32Array(segments)
  const conversion = new Float64Array(segments)
  const revenue = new Float64Array(segments)
  const unsubscribe = new Float64Array(segments)
  for (let index = 0; index < population.members.length; index++) {
    const segment = population.segment[index] as number
    const p = predictions.conversion[index] as number
    members[segment] = (members[segment] as number) + 1
    conversion[segment] = (conversion[segment] as number) + p
    revenue[segment] = (revenue[segment] as number) + p * (predictions.revenuePerConversion[index] as number)
    unsubscribe[segment] = (unsubscribe[segment] as number) + (predictions.unsubscribe[index] as number)
  }
  for (let segment = 0; segment < segments; segment++) {
    const n = members[segment] as number
    conversion[segment] = n === 0 ? Number.NaN : (conversion[segment] as number) / n
    revenue[segment] = n === 0 ? Number.NaN : (revenue[segment] as number) / n
    unsubscribe[segment] = n === 0 ? Number.NaN : (unsubscribe[segment] as number) / n
  }
  return { members, conversion, revenue, unsubscribe }
}
