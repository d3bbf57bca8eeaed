// What the persona layer hands to the numbers: per arm and segment a shift on the logit scale (the calibrated
// mapping of the panel's intent deltas, centred across the request's variants: personas move effects, never
// levels), and per segment what the panel said, for the report.

export interface SegmentPanelSummary {
  readonly personas: number
  readonly meanIntentDelta: number
  readonly actionShares: { readonly engage: number; readonly ignore: number; readonly unsubscribe: number }
  readonly dominantEmotion: string
  readonly sampleRationales: ReadonlyArray<string>
}

export interface PersonaPanelResult {
  /** `[cell][segment]` logit shifts, cells in (channel, variant) order of the simulation. */
  readonly shifts: ReadonlyArray<Float64Array>
  /** Per segment of the simulation. */
  readonly summaries: ReadonlyArray<SegmentPanelSummary>
  readonly requested: number
  readonly sampled: number
  readonly program: string
  readonly languageModel: string
  readonly programCalls: number
  readonly callsSaved: number
  readonly programVersion: number | null
}
