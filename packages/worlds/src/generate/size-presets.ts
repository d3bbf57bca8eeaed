// The two world sizes. `standard` is the accuracy benchmark (about 50 campaigns over 24 months, so holding out
// the last 20% leaves ~10 campaigns and ~30 variants); `demo` is small enough for `preflight demo` to import,
// fit and simulate in about a minute on PGlite (~150k exposure rows at ~12k rows/s).

export const WORLD_SIZES = ["demo", "standard"] as const
export type WorldSize = (typeof WORLD_SIZES)[number]

export interface SizePreset {
  readonly customers: number
  readonly campaigns: number
  readonly months: number
  /** Recipients per campaign (holdout included), before the eligible pool limits them. */
  readonly minRecipients: number
  readonly maxRecipients: number
  /** Share of the eligible customers a campaign samples, drawn uniformly in this range. */
  readonly audienceShare: readonly [number, number]
}

export const SIZE_PRESETS: Readonly<Record<WorldSize, SizePreset>> = {
  demo: {
    customers: 10_000,
    campaigns: 40,
    months: 24,
    minRecipients: 1_000,
    maxRecipients: 8_000,
    audienceShare: [0.8, 1]
  },
  standard: {
    customers: 30_000,
    campaigns: 50,
    months: 24,
    minRecipients: 2_000,
    maxRecipients: 20_000,
    audienceShare: [0.6, 1]
  }
}
