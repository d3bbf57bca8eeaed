// The canary's evidence: how well each arm's simulations predicted what then happened. A simulation served
// during the experiment is judged by the campaign results reported against it (`POST /api/v1/outcomes` with its
// simulation id) or, failing those, by people's ratings of it. Feedback units are routing units (campaigns):
// assignment is sticky per unit, so a unit's simulations are one arm's and count once, as their mean reward.
import type { ArmSummary } from "@preflight/calibration"
import { Database } from "@preflight/storage"
import { Effect } from "effect"
import type { SimulateResponse } from "../contract/simulate-response.ts"
import { routingUnitOf } from "./routing-unit.ts"

/** Half a conversion keeps the logit of an observed 0 or n finite. */
const smoothedLogit = (conversions: number, recipients: number): number => {
  const p = (conversions + 0.5) / (recipients + 1)
  return Math.log(p / (1 - p))
}

const logit = (p: number): number => {
  const clamped = Math.min(1 - 1e-6, Math.max(1e-6, p))
  return Math.log(clamped / (1 - clamped))
}

export interface ReportedArm {
  readonly variantId: string
  readonly channel: string
  readonly recipients: number
  readonly conversions: number
}

/**
 * A simulation's accuracy in [0, 1] against the results reported for it. With two or more arms reported, it
 * judges what differs between them (each arm's logit centred on the simulation's mean, predicted against
 * realised): what the persona program adds, since the level comes from the causal fit both canary arms share.
 * With one arm it judges the level: exp(−|logit error|). Arms the simulation did not predict are ignored;
 * undefined when none match.
 */
export const outcomeReward = (response: SimulateResponse, arms: ReadonlyArray<ReportedArm>): number | undefined => {
  const pairs = arms.flatMap((arm) => {
    const predicted = response.predictions.variant_breakdown.find(
      (variant) => variant.variant_id === arm.variantId && variant.channel === arm.channel
    )
    if (predicted === undefined || arm.recipients <= 0) return []
    return [
      { predicted: logit(predicted.conversion_rate.value), realised: smoothedLogit(arm.conversions, arm.recipients) }
    ]
  })
  if (pairs.length === 0) return undefined
  if (pairs.length === 1) {
    const only = pairs[0] as (typeof pairs)[number]
    return Math.exp(-Math.abs(only.predicted - only.realised))
  }
  const meanPredicted = pairs.reduce((sum, pair) => sum + pair.predicted, 0) / pairs.length
  const meanRealised = pairs.reduce((sum, pair) => sum + pair.realised, 0) / pairs.length
  const error =
    pairs.reduce((sum, pair) => sum + Math.abs(pair.predicted - meanPredicted - (pair.realised - meanRealised)), 0) /
    pairs.length
  return Math.max(0, 1 - error)
}

/** A 1–5 rating on [0, 1]. */
export const ratingReward = (rating: number): number => (rating - 1) / 4

/** Count, mean and sample variance (ddof 1; 0 for fewer than two values). */
export const armSummary = (values: ReadonlyArray<number>): ArmSummary => {
  const count = values.length
  if (count === 0) return { count: 0, mean: 0, variance: 0 }
  const mean = values.reduce((sum, value) => sum + value, 0) / count
  const variance = count < 2 ? 0 : values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1)
  return { count, mean, variance }
}

export interface ArmFeedback {
  readonly active: ArmSummary
  readonly candidate: ArmSummary
  /** Simulations of the experiment with neither results nor ratings yet. */
  readonly awaiting: number
}

const json = <A>(value: unknown): A => (typeof value === "string" ? JSON.parse(value) : value) as A

/** What was reported for these simulations: their campaigns' results per arm, and their mean ratings. */
export const reportedFeedback = Effect.fn("Simulator.reportedFeedback")(function* (
  simulationIds: ReadonlyArray<string>
) {
  const database = yield* Database
  const ids = JSON.stringify(simulationIds)
  const results = yield* database.query<{
    simulation_id: string
    variant_id: string
    channel: string
    recipients: number
    conversions: number
  }>(
    `SELECT simulation_id, variant_id, channel, recipients, conversions FROM campaign_results
     WHERE simulation_id IN (SELECT jsonb_array_elements_text($1::text::jsonb))
     ORDER BY simulation_id, variant_id, channel`,
    [ids]
  )
  const ratings = yield* database.query<{ simulation_id: string; rating: number }>(
    `SELECT simulation_id, avg(rating)::float8 AS rating FROM simulation_feedback
     WHERE simulation_id IN (SELECT jsonb_array_elements_text($1::text::jsonb)) GROUP BY simulation_id`,
    [ids]
  )
  const armsBySimulation = new Map<string, Array<ReportedArm>>()
  for (const row of results) {
    const arms = armsBySimulation.get(row.simulation_id) ?? []
    arms.push({
      variantId: row.variant_id,
      channel: row.channel,
      recipients: Number(row.recipients),
      conversions: Number(row.conversions)
    })
    armsBySimulation.set(row.simulation_id, arms)
  }
  const ratingOf = new Map(ratings.map((row) => [row.simulation_id, Number(row.rating)]))
  return { armsBySimulation, ratingOf }
})

/**
 * Rewards per routing unit of each arm of an experiment, from everything reported so far. The experiment's
 * simulations are the ones completed since it started by either arm's version: the synchronous path records
 * its routing unit, an asynchronous one (API, worker) is routed by the same rule from its stored request.
 */
export const armFeedback = Effect.fn("Simulator.armFeedback")(function* (experiment: {
  readonly startedAt: string
  readonly activeVersion: number
  readonly candidateVersion: number
}) {
  const database = yield* Database
  const stored = yield* database.query<{
    simulation_id: string
    routing_unit: string | null
    program_version: number
    request: unknown
    response: unknown
  }>(
    `SELECT simulation_id, routing_unit, program_version, request, response FROM simulations
     WHERE status = 'completed' AND response IS NOT NULL AND created_at >= $1::timestamptz
       AND program_version IN ($2, $3)
     ORDER BY simulation_id`,
    [experiment.startedAt, experiment.activeVersion, experiment.candidateVersion]
  )
  const simulations = stored.map((row) => ({
    simulation_id: row.simulation_id,
    routing_unit: row.routing_unit ?? routingUnitOf(json(row.request)),
    version: Number(row.program_version),
    response: row.response
  }))
  const ids = simulations.map((simulation) => simulation.simulation_id)
  const { armsBySimulation, ratingOf } = yield* reportedFeedback(ids)
  // Reported results are ground truth and outrank opinions: a rating counts only for a simulation without results.
  const unitRewards = new Map<string, { version: number; rewards: Array<number> }>()
  let awaiting = 0
  for (const simulation of simulations) {
    const arms = armsBySimulation.get(simulation.simulation_id)
    const rating = ratingOf.get(simulation.simulation_id)
    const reward =
      arms !== undefined
        ? outcomeReward(json<SimulateResponse>(simulation.response), arms)
        : rating !== undefined
          ? ratingReward(rating)
          : undefined
    if (reward === undefined) {
      awaiting++
      continue
    }
    // A step up moves some units from the active arm to the candidate: a unit counts once per arm it saw.
    const key = `${simulation.version}\u0000${simulation.routing_unit}`
    const unit = unitRewards.get(key) ?? { version: simulation.version, rewards: [] }
    unit.rewards.push(reward)
    unitRewards.set(key, unit)
  }
  const rewardsOf = (version: number) =>
    [...unitRewards.values()]
      .filter((unit) => unit.version === version)
      .map((unit) => unit.rewards.reduce((sum, reward) => sum + reward, 0) / unit.rewards.length)
  const feedback: ArmFeedback = {
    active: armSummary(rewardsOf(experiment.activeVersion)),
    candidate: armSummary(rewardsOf(experiment.candidateVersion)),
    awaiting
  }
  return feedback
})
