// fitPriors: a segment's trait priors from the rows storage returns. Reference rates are pooled over every
// row given (the population); each behaviour trait's Beta is fitted by maximum marginal likelihood over the
// segment's customers (empirical Bayes: noisy individual counts do not widen it); numeric attributes become
// traits only where ATTRIBUTE_KEYS maps them (age, tenure_days, avg_order_value, purchases); correlations come
// from normal scores of the customers' values, corrected for the attenuation of shrunk estimates.
import { Result } from "effect"
import {
  contactTimeAttribute,
  interestsAttribute,
  numericAttribute,
  textAttribute
} from "../entity/entity-attributes.ts"
import type { EntityObservation } from "../entity/entity-observation.ts"
import { behaviourEvidence, DEFAULT_PERIOD_DAYS, MIN_DAYPART_EVENTS } from "../entity/estimate-traits.ts"
import { DEFAULT_GROUNDING, type GroundingBaseline } from "../entity/grounding-baseline.ts"
import { normalizeLifecycleStage, normalizeValueTier } from "../entity/normalize-labels.ts"
import { parseEntityObservation } from "../entity/persona-from-entity.ts"
import type { BaseConversion } from "../entity/trait-likelihoods.ts"
import { NoObservations, type PersonaInputError } from "../errors.ts"
import { choleskyWithPivot, nearestCorrelation, squareMatrix, toRows } from "../internal/linear-algebra.ts"
import { betaGridWeights, betaMoments, fitBetaOnGrid, gridPosterior } from "../internal/trait-grid.ts"
import { DAYPARTS } from "../persona/persona.ts"
import type { CategoricalDistribution, TraitDistribution } from "./distributions.ts"
import {
  betaFromMoments,
  dirichletFromShares,
  lognormalFromSample,
  moments,
  normalScores,
  pearson,
  truncatedNormalFromSample
} from "./fit-distributions.ts"
import type { SegmentPriors } from "./segment-priors.ts"

/** Options of fitPriors. */
export interface FitPriorsOptions {
  readonly segmentId: string
  /** Most frequent locations kept as categories; the rest become "other" (default 20). */
  readonly maxLocations?: number
  /** Entities two traits must share before their correlation is estimated (default 30; else 0). */
  readonly minCorrelationSupport?: number
  /**
   * Customers a behaviour trait's Beta is fitted on (default 5,000): beyond it every k-th customer is used
   * (deterministic; two parameters are pinned down long before that), which keeps large segments to seconds.
   */
  readonly maxFitCustomers?: number
}

interface TraitSample {
  readonly entity: number[]
  readonly mean: number[]
  readonly variance: number[]
}

const add = (samples: Map<string, TraitSample>, trait: string, entity: number, mean: number, variance = 0): void => {
  let sample = samples.get(trait)
  if (sample === undefined) {
    sample = { entity: [], mean: [], variance: [] }
    samples.set(trait, sample)
  }
  sample.entity.push(entity)
  sample.mean.push(mean)
  sample.variance.push(variance)
}

const totalsOf = (row: EntityObservation) => {
  let exposures = 0
  let unsubscribes = 0
  for (const counts of Object.values(row.behaviour?.channels ?? {})) {
    exposures += counts.exposures
    unsubscribes += counts.unsubscribes
  }
  return { exposures, unsubscribes }
}

/**
 * Pooled conversion per exposure and its Gamma shape κ across customers, by the method of moments of the
 * negative binomial: between-customer variance = Var(k/n) − m·mean(1/n) (Poisson noise removed), κ = m² / it,
 * kept in [0.1, 100] (100: customers hardly differ).
 */
const baseConversion = (
  counts: ReadonlyArray<number>,
  exposures: ReadonlyArray<number>
): BaseConversion | undefined => {
  let k = 0
  let n = 0
  let used = 0
  for (let i = 0; i < exposures.length; i++) {
    if (!((exposures[i] as number) > 0)) continue
    k += counts[i] as number
    n += exposures[i] as number
    used++
  }
  if (n === 0 || used < 2) return undefined
  const rate = (k + 0.5) / (n + 1)
  let squares = 0
  let inverse = 0
  for (let i = 0; i < exposures.length; i++) {
    const trials = exposures[i] as number
    if (!(trials > 0)) continue
    squares += ((counts[i] as number) / trials - rate) ** 2
    inverse += 1 / trials
  }
  const between = squares / (used - 1) - (rate * inverse) / used
  const shape = between > 0 ? Math.min(100, Math.max(0.1, (rate * rate) / between)) : 100
  return { rate, shape }
}

/** The population's reference rates, pooled over every row (all segments). */
export const fitGroundingBaseline = (population: ReadonlyArray<EntityObservation>): GroundingBaseline => {
  const engaged = new Map<string, { k: number; n: number }>()
  let unsubscribes = 0
  let exposures = 0
  let purchases = 0
  let months = 0
  let entities = 0
  const off = { discount: { k: [] as number[], n: [] as number[] }, urgency: { k: [] as number[], n: [] as number[] } }
  for (const row of population) {
    const behaviour = row.behaviour
    if (behaviour === undefined) continue
    entities++
    let attributed = 0
    let all = 0
    for (const counts of Object.values(behaviour.channels)) {
      attributed += counts.purchases
      all += counts.exposures
    }
    for (const [kind, pooled] of [
      [behaviour.discounted, off.discount],
      [behaviour.urgent, off.urgency]
    ] as const) {
      if (kind === undefined) continue
      pooled.n.push(Math.max(0, all - kind.exposures))
      pooled.k.push(Math.max(0, attributed - kind.purchases))
    }
    for (const [channel, counts] of Object.entries(behaviour.channels)) {
      const pooled = engaged.get(channel) ?? { k: 0, n: 0 }
      pooled.k += Math.min(counts.exposures, Math.max(counts.clicks, counts.purchases))
      pooled.n += counts.exposures
      engaged.set(channel, pooled)
    }
    const totals = totalsOf(row)
    unsubscribes += totals.unsubscribes
    exposures += totals.exposures
    purchases += behaviour.purchases
    months += (behaviour.periodDays ?? DEFAULT_PERIOD_DAYS) / 30
  }
  const channelReference: Record<string, number> = {}
  for (const [channel, pooled] of [...engaged].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Half an event on each side keeps a channel nobody engaged with (or everyone did) inside (0, 1).
    if (pooled.n > 0) channelReference[channel] = (pooled.k + 0.5) / (pooled.n + 1)
  }
  return {
    channelReference,
    unsubscribeReference:
      exposures > 0 ? (unsubscribes + 0.5) / (exposures + 1) : DEFAULT_GROUNDING.unsubscribeReference,
    undiscountedConversion: baseConversion(off.discount.k, off.discount.n) ?? DEFAULT_GROUNDING.undiscountedConversion,
    nonUrgentConversion: baseConversion(off.urgency.k, off.urgency.n) ?? DEFAULT_GROUNDING.nonUrgentConversion,
    purchaseReference: months > 0 && purchases > 0 ? purchases / months : DEFAULT_GROUNDING.purchaseReference,
    entities
  }
}

const categorical = (counts: ReadonlyMap<string, number>, keep: number): CategoricalDistribution => {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const kept = sorted.slice(0, keep)
  const rest = sorted.slice(keep).reduce((sum, [, count]) => sum + count, 0)
  if (rest > 0) kept.push(["other", rest])
  const total = kept.reduce((sum, [, count]) => sum + count, 0)
  return {
    type: "categorical",
    categories: kept.map(([label]) => label),
    shares: kept.map(([, count]) => count / total)
  }
}

const countLabel = (counts: Map<string, Map<string, number>>, trait: string, label: string | undefined): void => {
  if (label === undefined || label === "") return
  let map = counts.get(trait)
  if (map === undefined) {
    map = new Map()
    counts.set(trait, map)
  }
  map.set(label, (map.get(label) ?? 0) + 1)
}

/** Evidence (likelihood vectors) of one behaviour trait across a segment's customers. */
interface TraitEvidenceColumn {
  readonly entity: number[]
  readonly likelihood: Float64Array[]
}

// Identical data give identical likelihood vectors: fit on the distinct ones with their counts.
const distinctLikelihoods = (column: TraitEvidenceColumn): { vectors: Float64Array[]; counts: number[] } => {
  const index = new Map<string, number>()
  const vectors: Float64Array[] = []
  const counts: number[] = []
  for (const likelihood of column.likelihood) {
    // Ten grid points at full precision tell distinct count data apart (their curves differ everywhere).
    let key = ""
    for (let g = 5; g < likelihood.length; g += 10) key += `${likelihood[g]},`
    const known = index.get(key)
    if (known === undefined) {
      index.set(key, vectors.length)
      vectors.push(likelihood)
      counts.push(1)
    } else {
      counts[known] = (counts[known] as number) + 1
    }
  }
  return { vectors, counts }
}

const thin = (column: TraitEvidenceColumn, limit: number): TraitEvidenceColumn => {
  if (column.likelihood.length <= limit) return column
  const stride = Math.ceil(column.likelihood.length / limit)
  return {
    entity: column.entity.filter((_, index) => index % stride === 0),
    likelihood: column.likelihood.filter((_, index) => index % stride === 0)
  }
}

/**
 * Fits the priors of `options.segmentId` from entity observations (all segments may be passed: rows of
 * other segments only inform the population reference rates). Every row is validated first; the first bad
 * row is reported by index and entity id.
 */
export const fitPriors = (
  observations: ReadonlyArray<unknown>,
  options: FitPriorsOptions
): Result.Result<SegmentPriors, PersonaInputError | NoObservations> => {
  const rows: EntityObservation[] = []
  for (let index = 0; index < observations.length; index++) {
    const parsed = parseEntityObservation(observations[index], index)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    rows.push(parsed.success)
  }
  const segment = rows.filter((row) => row.segmentId === options.segmentId)
  if (segment.length === 0) return Result.fail(new NoObservations({ segmentId: options.segmentId }))
  const baseline = fitGroundingBaseline(rows)

  const samples = new Map<string, TraitSample>()
  const evidence = new Map<string, TraitEvidenceColumn>()
  const labels = new Map<string, Map<string, number>>()
  const interestCounts = new Map<string, number>()
  const interestsPerEntity: number[] = []
  const daypartShares: Float64Array[] = []
  segment.forEach((row, entity) => {
    const attributes = row.attributes
    const age = numericAttribute(attributes, "age")
    if (age !== undefined && age >= 0 && age <= 120) add(samples, "age", entity, age)
    const tenure = numericAttribute(attributes, "tenureDays")
    if (tenure !== undefined && tenure >= 0) add(samples, "tenureDays", entity, Math.max(0.5, tenure))
    const behaviour = row.behaviour
    const purchases = behaviour?.purchases ?? numericAttribute(attributes, "purchases")
    if (purchases !== undefined && purchases >= 0) add(samples, "purchases", entity, purchases + 1)
    const aov =
      numericAttribute(attributes, "averageOrderValue") ??
      (behaviour !== undefined && behaviour.purchases > 0 ? behaviour.revenue / behaviour.purchases : undefined)
    if (aov !== undefined && aov > 0) add(samples, "averageOrderValue", entity, aov)
    if (behaviour?.daysSinceLastPurchase !== undefined && behaviour.purchases > 0) {
      add(samples, "daysSinceLastPurchase", entity, Math.max(0.5, behaviour.daysSinceLastPurchase))
    }
    for (const fact of ["gender", "occupation", "incomeBand", "location"] as const) {
      countLabel(labels, fact, textAttribute(attributes, fact)?.toLowerCase())
    }
    countLabel(labels, "valueTier", normalizeValueTier(row.valueTier ?? textAttribute(attributes, "valueTier")))
    const stage = normalizeLifecycleStage(row.lifecycleStage ?? textAttribute(attributes, "lifecycleStage"))
    countLabel(labels, "lifecycleStage", stage)
    const interests = interestsAttribute(attributes)
    interestsPerEntity.push(interests.length)
    for (const interest of interests) interestCounts.set(interest, (interestCounts.get(interest) ?? 0) + 1)
    const byDaypart = behaviour?.engagementByDaypart
    let usedDayparts = false
    if (byDaypart !== undefined) {
      const total = DAYPARTS.reduce((sum, part) => sum + (byDaypart[part] ?? 0), 0)
      if (total >= MIN_DAYPART_EVENTS) {
        daypartShares.push(Float64Array.from(DAYPARTS, (part) => (byDaypart[part] ?? 0) / total))
        usedDayparts = true
      }
    }
    if (!usedDayparts) countLabel(labels, "preferredContactTimes", contactTimeAttribute(attributes))
    if (behaviour !== undefined) {
      const found = behaviourEvidence(behaviour, baseline)
      const collect = (trait: string, likelihood: Float64Array | undefined) => {
        if (likelihood === undefined) return
        let column = evidence.get(trait)
        if (column === undefined) {
          column = { entity: [], likelihood: [] }
          evidence.set(trait, column)
        }
        column.entity.push(entity)
        column.likelihood.push(likelihood)
      }
      for (const [channel, likelihood] of Object.entries(found.channelAffinity))
        collect(`channelAffinity.${channel}`, likelihood)
      collect("priceSensitivity", found.priceSensitivity)
      collect("urgencyResponsiveness", found.urgencyResponsiveness)
      collect("split:priceSensitivity", found.splits.priceSensitivity)
      collect("split:urgencyResponsiveness", found.splits.urgencyResponsiveness)
      collect("fatigueTolerance", found.fatigueTolerance)
      collect("brandLoyalty", found.brandLoyalty)
    }
  })

  const traits: Record<string, TraitDistribution> = {}
  const support: Record<string, number> = {}
  const reliability = new Map<string, number>()
  for (const [trait, sample] of [...samples].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (sample.mean.length < 2) continue
    support[trait] = sample.mean.length
    if (trait === "age") {
      const lower = Math.floor(Math.min(...sample.mean))
      const upper = Math.ceil(Math.max(...sample.mean))
      traits[trait] = truncatedNormalFromSample(sample.mean, lower, Math.max(upper, lower + 1))
    } else if (
      trait === "tenureDays" ||
      trait === "purchases" ||
      trait === "averageOrderValue" ||
      trait === "daysSinceLastPurchase"
    ) {
      traits[trait] = lognormalFromSample(sample.mean)
    } else {
      traits[trait] = betaFromMoments(moments(sample.mean).mean, moments(sample.mean).variance)
    }
  }
  // Behaviour traits: the segment's Beta by maximum marginal likelihood over every customer's evidence, then
  // each customer's posterior mean (for the correlations) and the reliability Var(posterior means) / Var(prior).
  for (const [trait, column] of [...evidence].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (column.likelihood.length < 2 || trait.startsWith("split:")) continue
    const { vectors, counts } = distinctLikelihoods(thin(column, options.maxFitCustomers ?? 5000))
    const { alpha, beta } = fitBetaOnGrid(vectors, counts)
    traits[trait] = { type: "beta", alpha, beta }
    support[trait] = column.likelihood.length
    const weights = betaGridWeights(alpha, beta)
    // Price sensitivity and urgency correlate through the split of purchases only: their full posteriors also
    // use the purchase count, which would tie them to purchase frequency mechanically.
    const forCorrelation = evidence.get(`split:${trait}`) ?? column
    forCorrelation.likelihood.forEach((likelihood, index) => {
      const posterior = gridPosterior(likelihood, weights)
      add(samples, trait, forCorrelation.entity[index] as number, posterior.mean, posterior.variance)
    })
    const spread = moments((samples.get(trait) as TraitSample).mean).variance
    reliability.set(trait, Math.min(1, spread / betaMoments(alpha, beta).variance))
  }
  for (const [trait, counts] of [...labels].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0)
    support[trait] = total
    traits[trait] = categorical(counts, trait === "location" ? (options.maxLocations ?? 20) : 50)
  }
  if (interestCounts.size > 0) {
    const distribution = categorical(interestCounts, 30)
    const sorted = [...interestsPerEntity].sort((a, b) => a - b)
    const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
    const min = quantile(0.1)
    traits.contentInterests = { ...distribution, draws: { min, max: Math.max(min, quantile(0.9), 1) } }
    support.contentInterests = interestsPerEntity.filter((count) => count > 0).length
  }
  if (daypartShares.length >= 2) {
    traits.preferredContactTimes = dirichletFromShares(DAYPARTS, daypartShares)
    support.preferredContactTimes = daypartShares.length
  }

  // Copula correlations between the continuous traits, from normal scores over the entities both have.
  const minSupport = options.minCorrelationSupport ?? 30
  const correlated = Object.keys(traits).filter(
    (trait) =>
      traits[trait]?.type !== "categorical" &&
      traits[trait]?.type !== "dirichlet" &&
      (support[trait] ?? 0) >= minSupport
  )
  let correlation: SegmentPriors["correlation"]
  if (correlated.length >= 2) {
    const n = correlated.length
    const matrix: number[][] = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))
    )
    // Each trait's values over the segment (NaN where missing) and, when complete, its normal scores once.
    const columns = correlated.map((trait) => {
      const values = new Float64Array(segment.length).fill(Number.NaN)
      const sample = samples.get(trait) as TraitSample
      sample.entity.forEach((entity, index) => {
        values[entity] = sample.mean[index] as number
      })
      const complete = sample.entity.length === segment.length
      return { values, scores: complete ? normalScores(values) : undefined }
    })
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = columns[i] as (typeof columns)[number]
        const b = columns[j] as (typeof columns)[number]
        let raw: number
        if (a.scores !== undefined && b.scores !== undefined) {
          raw = pearson(a.scores, b.scores)
        } else {
          const x: number[] = []
          const y: number[] = []
          for (let e = 0; e < segment.length; e++) {
            const u = a.values[e] as number
            const v = b.values[e] as number
            if (!Number.isNaN(u) && !Number.isNaN(v)) {
              x.push(u)
              y.push(v)
            }
          }
          if (x.length < minSupport) continue
          raw = pearson(normalScores(x), normalScores(y))
        }
        const attenuation = Math.sqrt(
          (reliability.get(correlated[i] as string) ?? 1) * (reliability.get(correlated[j] as string) ?? 1)
        )
        const value = Math.max(-0.99, Math.min(0.99, attenuation > 0 ? raw / attenuation : raw))
        ;(matrix[i] as number[])[j] = value
        ;(matrix[j] as number[])[i] = value
      }
    }
    const square = squareMatrix(matrix)
    const valid = choleskyWithPivot(square).ok ? square : nearestCorrelation(square)
    correlation = { traits: correlated, matrix: toRows(valid) }
  }

  return Result.succeed({
    segmentId: options.segmentId,
    populationSize: segment.length,
    traits,
    ...(correlation === undefined ? {} : { correlation }),
    support,
    grounding: baseline
  })
}
