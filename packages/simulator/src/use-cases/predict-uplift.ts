// The `predictUplift` use case: the causal models alone (no personas), per variant × channel and segment, the
// conversion rate with and without the message and the difference (the treated rate with its 90% interval).
import type { Database } from "@preflight/storage"
import { Effect } from "effect"
import type { CreativeReader } from "../features/creative-reader.ts"
import { assembleResponse } from "../simulation/assemble-response.ts"
import { type PlanRequestError, planRequest } from "./plan-request.ts"
import { UNCALIBRATED } from "./simulate.ts"

export interface SegmentUplift {
  readonly segment: string
  readonly recipients: number
  readonly treated: number
  readonly control: number
  readonly uplift: number
  /** The 90% interval of the treated rate. */
  readonly treatedInterval: readonly [number, number]
}

export interface VariantUplift {
  readonly variantId: string
  readonly channel: string
  readonly uplift: number
  readonly segments: ReadonlyArray<SegmentUplift>
}

export const predictUplift = (
  input: unknown,
  options: { readonly reader: CreativeReader }
): Effect.Effect<ReadonlyArray<VariantUplift>, PlanRequestError, Database> =>
  Effect.gen(function* () {
    const { fit, plan } = yield* planRequest(input, options.reader)
    const response = assembleResponse(plan, fit, undefined, UNCALIBRATED)
    const controls = new Map(
      response.predictions.control.segments.map((segment) => [segment.segment, segment.conversion_rate.value])
    )
    return response.predictions.variant_breakdown.map((variant) => ({
      variantId: variant.variant_id,
      channel: variant.channel,
      uplift: variant.conversion_rate.uplift_vs_control,
      segments: variant.segments.map((segment) => ({
        segment: segment.segment,
        recipients: segment.recipients,
        treated: segment.conversion_rate.value,
        control: controls.get(segment.segment) ?? Number.NaN,
        uplift: segment.conversion_rate.uplift_vs_control,
        treatedInterval: segment.conversion_rate.confidence_interval
      }))
    }))
  }).pipe(Effect.withSpan("Simulator.predictUplift"))
