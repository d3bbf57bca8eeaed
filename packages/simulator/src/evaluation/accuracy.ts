// How close forecasts of campaigns came to what they did (or to a world's known truth): the share of variants
// whose conversion rate is within 10% of the actual one, Kendall's tau between predicted and actual variant
// rankings within each campaign, the mean absolute error of the uplift over control, and how often the
// 90% intervals hold the actual rate.

export interface VariantComparison {
  readonly campaign: string
  readonly variant: string
  readonly predicted: number
  readonly actual: number
  readonly predictedUplift: number
  readonly actualUplift: number
  /** The forecast's interval, when it has one. */
  readonly interval?: readonly [number, number] | undefined
}

export interface AccuracyFigures {
  readonly variants: number
  readonly campaigns: number
  /** Share of variants with |predicted − actual| ≤ 10% of actual. */
  readonly within10Percent: number
  /** Kendall's tau-b over all pairs of variants of the same campaign. */
  readonly kendallTau: number
  readonly upliftMae: number
  /** Share of actual rates inside the intervals (null when the forecasts have none). */
  readonly intervalCoverage: number | null
}

const sign = (value: number): number => (value > 0 ? 1 : value < 0 ? -1 : 0)

/**
 * Kendall's tau-b pooled over within-campaign pairs: pairs of variants from different campaigns are never
 * compared, since a ranking is a choice between variants of one send. Ties (in either ranking) count as
 * tau-b counts them.
 */
export const withinCampaignTau = (rows: ReadonlyArray<VariantComparison>): number => {
  const byCampaign = new Map<string, Array<VariantComparison>>()
  for (const row of rows) byCampaign.set(row.campaign, [...(byCampaign.get(row.campaign) ?? []), row])
  let concordant = 0
  let discordant = 0
  let tiedPredicted = 0
  let tiedActual = 0
  for (const list of byCampaign.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as VariantComparison
        const b = list[j] as VariantComparison
        const predicted = sign(a.predicted - b.predicted)
        const actual = sign(a.actual - b.actual)
        if (predicted === 0 && actual === 0) continue
        if (predicted === 0) tiedPredicted++
        else if (actual === 0) tiedActual++
        else if (predicted === actual) concordant++
        else discordant++
      }
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiedPredicted) * (concordant + discordant + tiedActual))
  // A forecast that gives every variant the same rate (the naive baseline) ranks nothing: 0, not undefined.
  if (denominator === 0) return concordant + discordant + tiedPredicted + tiedActual > 0 ? 0 : Number.NaN
  return (concordant - discordant) / denominator
}

export const accuracyFigures = (rows: ReadonlyArray<VariantComparison>): AccuracyFigures => {
  const n = rows.length
  const within = rows.filter((row) => Math.abs(row.predicted - row.actual) <= 0.1 * Math.abs(row.actual)).length
  const withIntervals = rows.filter((row) => row.interval !== undefined)
  const covered = withIntervals.filter(
    (row) => row.interval !== undefined && row.actual >= row.interval[0] && row.actual <= row.interval[1]
  ).length
  return {
    variants: n,
    campaigns: new Set(rows.map((row) => row.campaign)).size,
    within10Percent: n === 0 ? Number.NaN : within / n,
    kendallTau: withinCampaignTau(rows),
    upliftMae:
      n === 0 ? Number.NaN : rows.reduce((sum, row) => sum + Math.abs(row.predictedUplift - row.actualUplift), 0) / n,
    intervalCoverage: withIntervals.length === 0 ? null : covered / withIntervals.length
  }
}
