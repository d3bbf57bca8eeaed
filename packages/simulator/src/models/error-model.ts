// How wrong the fitted models are on campaigns they have not seen, measured by a backtest inside the fit and
// turned into the spread of the Monte Carlo draws behind every interval. Errors are on the logit scale and
// split into a part shared by all arms of a campaign (a misjudged audience or season) and a part of each arm
// (a misread creative); the binomial noise of the realised rates is removed by the method of moments, so the
// intervals describe the expected rate, which is what the response reports.

export interface ArmResidual {
  readonly campaign: number
  /** Predicted expected rate. */
  readonly predicted: number
  readonly conversions: number
  readonly recipients: number
}

export interface ErrorModel {
  /** Mean logit error (realised − predicted) on the backtest; reported, not subtracted. */
  readonly bias: number
  /** Standard deviation of the campaign-wide logit error. */
  readonly campaignSd: number
  /** Standard deviation of the per-arm logit error. */
  readonly armSd: number
  /** Arms and campaigns the estimate rests on (0: the defaults below were used). */
  readonly arms: number
  readonly campaigns: number
}

/** Used when the history is too short for a backtest: wide enough to be honest about not knowing. */
export const DEFAULT_ERROR_MODEL: ErrorModel = { bias: 0, campaignSd: 0.2, armSd: 0.15, arms: 0, campaigns: 0 }
/** No model is assumed better than this (an 8% relative error on each part). */
const MIN_SD = 0.08
/**
 * A backtest holds a handful of campaigns, and the method of moments on so few can return a variance near
 * zero by chance (then every interval is too narrow). The estimates are pooled with the default model as a
 * prior worth this many campaigns (the shared part) and arms (the per-arm part).
 */
const PRIOR_CAMPAIGNS = 4
const PRIOR_ARMS = 8

const logit = (p: number): number => Math.log(p / (1 - p))

/**
 * Estimates the error model from backtest arms (variants and controls of held-out campaigns). Each arm's
 * residual d = logit(r̃) − logit(p̂) with r̃ = (conversions + ½) / (recipients + 1) has sampling variance
 * ≈ 1 / ((n + 1)·r̃·(1 − r̃)); subtracting it from the observed spread leaves the model's own error.
 */
export const fitErrorModel = (arms: ReadonlyArray<ArmResidual>): ErrorModel => {
  const usable = arms.filter((arm) => arm.recipients >= 50 && arm.predicted > 0 && arm.predicted < 1)
  const byCampaign = new Map<number, Array<{ residual: number; noise: number }>>()
  let residualSum = 0
  for (const arm of usable) {
    const rate = (arm.conversions + 0.5) / (arm.recipients + 1)
    const residual = logit(rate) - logit(arm.predicted)
    const noise = 1 / ((arm.recipients + 1) * rate * (1 - rate))
    residualSum += residual
    const list = byCampaign.get(arm.campaign) ?? []
    list.push({ residual, noise })
    byCampaign.set(arm.campaign, list)
  }
  const campaigns = [...byCampaign.values()].filter((list) => list.length >= 2)
  if (usable.length < 6 || campaigns.length < 3) return DEFAULT_ERROR_MODEL
  const bias = residualSum / usable.length
  // Within-campaign spread → arm error; spread of campaign means → campaign error.
  let withinSquares = 0
  let withinDegrees = 0
  let withinNoise = 0
  let withinArms = 0
  const campaignMeans: Array<{ mean: number; noise: number }> = []
  for (const list of campaigns) {
    const mean = list.reduce((sum, arm) => sum + arm.residual, 0) / list.length
    const noise = list.reduce((sum, arm) => sum + arm.noise, 0) / list.length
    for (const arm of list) {
      withinSquares += (arm.residual - mean) ** 2
      withinNoise += arm.noise
      withinArms += 1
    }
    withinDegrees += list.length - 1
    campaignMeans.push({ mean, noise: noise / list.length })
  }
  const armVariance = Math.max(0, withinSquares / withinDegrees - withinNoise / withinArms)
  const meanOfMeans = campaignMeans.reduce((sum, campaign) => sum + campaign.mean, 0) / campaignMeans.length
  const betweenSquares = campaignMeans.reduce((sum, campaign) => sum + (campaign.mean - meanOfMeans) ** 2, 0)
  const averageArms = withinArms / campaigns.length
  // The spread of campaign means holds the shared error, a share of the arm error, the sampling noise, and
  // the bias is part of the error a user experiences: count it in the shared part.
  const campaignVariance = Math.max(
    0,
    betweenSquares / (campaignMeans.length - 1) -
      campaignMeans.reduce((sum, campaign) => sum + campaign.noise, 0) / campaignMeans.length -
      armVariance / averageArms
  )
  const pooled = (estimate: number, count: number, prior: number, priorCount: number) =>
    (estimate * count + prior * prior * priorCount) / (count + priorCount)
  return {
    bias,
    campaignSd: Math.max(
      MIN_SD,
      Math.sqrt(
        pooled(campaignVariance + bias * bias, campaigns.length, DEFAULT_ERROR_MODEL.campaignSd, PRIOR_CAMPAIGNS)
      )
    ),
    armSd: Math.max(MIN_SD, Math.sqrt(pooled(armVariance, withinDegrees, DEFAULT_ERROR_MODEL.armSd, PRIOR_ARMS))),
    arms: usable.length,
    campaigns: campaigns.length
  }
}
