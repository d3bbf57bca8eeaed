// The seeded persona factory: draws a segment's population proportionally from its trait priors through a
// Gaussian copula (correlated standard normals → uniforms → each trait's inverse CDF) and gives every
// persona the weight of the customers it stands for. Unlike TinyTroupe's factory, whose demography prompt
// asks for extremes "in a larger proportion than what is truly present", it over-samples tails only when
// asked, and then corrects the weights by the likelihood ratio so weighted means stay unbiased.
import { normalCdf, SeededRandom } from "@preflight/numeric"
import { Result } from "effect"
import { normalizeLifecycleStage, normalizeValueTier } from "../entity/normalize-labels.ts"
import type { InvalidPriors } from "../errors.ts"
import { PersonaInputError } from "../errors.ts"
import { DAYPARTS, type Daypart, type Persona, type Touch } from "../persona/persona.ts"
import { type CompiledPriors, compilePriors } from "./compile-priors.ts"
import {
  categoricalDraws,
  categoricalIndex,
  continuousQuantile,
  dirichletDraw,
  type TraitDistribution
} from "./distributions.ts"

/** Over-sampling of the tails: a share of personas drawn with every latent normal scaled by `scale`. */
export interface TailOversampling {
  /** Share of draws from the widened distribution, in (0, 1). */
  readonly share: number
  /** Scale of the latent normals for those draws, > 1 (e.g. 1.5). */
  readonly scale: number
}

/** Options of one sample. */
export interface SampleOptions {
  readonly count: number
  readonly seed: number
  /** Customers the sample stands for; default `priors.populationSize`, else `count` (weight 1 each). */
  readonly populationSize?: number | undefined
  /** Off by default: proportional sampling. */
  readonly tails?: TailOversampling | undefined
  /** Messages per 30 days per channel, drawn as recent touches (Poisson counts, uniform ages); none by default. */
  readonly contactRates?: Readonly<Record<string, number>> | undefined
  /** Persona ids are `${idPrefix}${index}`; default `${segmentId}-p`. */
  readonly idPrefix?: string | undefined
}

/** A factory bound to one segment's validated priors. */
export interface PersonaFactory {
  readonly segmentId: string
  readonly compiled: CompiledPriors
  /** Draws `count` personas; persona i depends only on (seed, segment, i), not on `count`. */
  readonly sample: (options: SampleOptions) => Result.Result<ReadonlyArray<Persona>, PersonaInputError>
}

const clampUnit = (value: number): number => Math.min(1, Math.max(0, value))

const scalarValue = (distribution: TraitDistribution, u: number): number | string => {
  switch (distribution.type) {
    case "categorical":
      return distribution.categories[categoricalIndex(distribution.shares, u)] as string
    case "dirichlet":
      return Number.NaN
    default:
      return continuousQuantile(distribution, u)
  }
}

const checkOptions = (options: SampleOptions): PersonaInputError | undefined => {
  const fail = (path: string, reason: string) => new PersonaInputError({ what: "sample options", path, reason })
  if (!(Number.isInteger(options.count) && options.count >= 0))
    return fail("count", `must be a non-negative integer, got ${options.count}`)
  if (!Number.isSafeInteger(options.seed)) return fail("seed", `must be a safe integer, got ${options.seed}`)
  if (options.populationSize !== undefined && !(options.populationSize > 0))
    return fail("populationSize", "must be positive")
  if (options.tails !== undefined) {
    if (!(options.tails.share > 0 && options.tails.share < 1)) return fail("tails.share", "must be in (0, 1)")
    if (!(options.tails.scale > 1)) return fail("tails.scale", "must be above 1")
  }
  for (const [channel, rate] of Object.entries(options.contactRates ?? {})) {
    if (!(rate >= 0 && Number.isFinite(rate))) return fail(`contactRates.${channel}`, "must be a non-negative number")
  }
  return undefined
}

/** Makes a factory for a segment, or `InvalidPriors` naming the trait at fault. */
export const makePersonaFactory = (priors: unknown): Result.Result<PersonaFactory, InvalidPriors> => {
  const compiledResult = compilePriors(priors)
  if (Result.isFailure(compiledResult)) return Result.fail(compiledResult.failure)
  const compiled = compiledResult.success
  const { scalarTraits, copulaSize, lower, vectorTraits } = compiled
  const traits = compiled.priors.traits
  const segmentId = compiled.priors.segmentId
  const d = scalarTraits.length

  const sample = (options: SampleOptions): Result.Result<ReadonlyArray<Persona>, PersonaInputError> => {
    const problem = checkOptions(options)
    if (problem !== undefined) return Result.fail(problem)
    const root = new SeededRandom(options.seed).fork(`personas:${segmentId}`)
    const latent = new Float64Array(d)
    const correlated = new Float64Array(d)
    const rawWeights = new Float64Array(options.count)
    const personas: Persona[] = []
    const prefix = options.idPrefix ?? `${segmentId}-p`
    for (let index = 0; index < options.count; index++) {
      const random = root.fork(index)
      random.fillNormal(latent)
      let weight = 1
      const tails = options.tails
      if (tails !== undefined) {
        const widened = random.next() < tails.share
        let squared = 0
        for (let k = 0; k < d; k++) {
          if (widened) latent[k] = (latent[k] as number) * tails.scale
          squared += (latent[k] as number) ** 2
        }
        // Importance weight: the target density over the mixture's density at the latent vector drawn,
        // 1 / ((1 − q) + q · s^−d · exp(−½|w|²(1/s² − 1))).
        const ratio = tails.scale ** -d * Math.exp(-0.5 * squared * (1 / (tails.scale * tails.scale) - 1))
        weight = 1 / (1 - tails.share + tails.share * ratio)
      }
      rawWeights[index] = weight
      for (let i = 0; i < d; i++) {
        if (i < copulaSize) {
          let sum = 0
          for (let k = 0; k <= i; k++) sum += (lower[i * copulaSize + k] as number) * (latent[k] as number)
          correlated[i] = sum
        } else {
          correlated[i] = latent[i] as number
        }
      }
      const values = new Map<string, number | string>()
      for (let i = 0; i < d; i++) {
        const trait = scalarTraits[i] as string
        const u = Math.min(1 - 1e-12, Math.max(1e-12, normalCdf(correlated[i] as number)))
        values.set(trait, scalarValue(traits[trait] as TraitDistribution, u))
      }
      personas.push(
        buildPersona(`${prefix}${index}`, segmentId, values, vectorTraits, traits, random, options.contactRates)
      )
    }
    const population = options.populationSize ?? compiled.priors.populationSize ?? options.count
    let total = 0
    for (const weight of rawWeights) total += weight
    return Result.succeed(
      personas.map((persona, index) => ({ ...persona, weight: ((rawWeights[index] as number) / total) * population }))
    )
  }
  return Result.succeed({ segmentId, compiled, sample })
}

const buildPersona = (
  id: string,
  segmentId: string,
  values: ReadonlyMap<string, number | string>,
  vectorTraits: ReadonlyArray<string>,
  traits: Readonly<Record<string, TraitDistribution>>,
  random: SeededRandom,
  contactRates: Readonly<Record<string, number>> | undefined
): Persona => {
  const num = (trait: string): number | undefined => {
    const value = values.get(trait)
    return typeof value === "number" && Number.isFinite(value) ? value : undefined
  }
  const label = (trait: string): string | undefined => {
    const value = values.get(trait)
    return typeof value === "string" ? value : undefined
  }
  const unit = (trait: string): number => clampUnit(num(trait) ?? 0.5)

  const channelAffinity: Record<string, number> = {}
  for (const [trait] of values) if (trait.startsWith("channelAffinity.")) channelAffinity[trait.slice(16)] = unit(trait)

  let contentInterests: ReadonlyArray<string> = []
  let preferredContactTimes: Daypart[] = []
  for (const trait of vectorTraits) {
    const distribution = traits[trait] as TraitDistribution
    if (trait === "contentInterests" && distribution.type === "categorical") {
      contentInterests = categoricalDraws(distribution, random.nextOpen(), random)
    } else if (trait === "preferredContactTimes" && distribution.type === "dirichlet") {
      const shares = dirichletDraw(distribution, random)
      const ranked = distribution.categories
        .map((category, index) => ({ category, share: shares[index] as number }))
        .sort((a, b) => b.share - a.share)
      preferredContactTimes = ranked
        .filter((entry, index) => index === 0 || entry.share >= 0.25)
        .map((entry) => entry.category)
        .filter((category): category is Daypart => (DAYPARTS as ReadonlyArray<string>).includes(category))
    }
  }
  const singleInterest = label("contentInterests")
  if (singleInterest !== undefined) contentInterests = [singleInterest]
  const singleTime = label("preferredContactTimes")
  if (singleTime !== undefined && (DAYPARTS as ReadonlyArray<string>).includes(singleTime))
    preferredContactTimes = [singleTime as Daypart]

  const demographics: Record<string, string | number> = {}
  const age = num("age")
  if (age !== undefined) demographics.age = Math.min(120, Math.max(0, Math.round(age)))
  for (const fact of ["gender", "location", "occupation", "incomeBand"] as const) {
    const value = label(fact)
    if (value !== undefined) demographics[fact] = value
  }

  // `purchases` is a lognormal of purchases + 1 (a count with zeros); see README "Trait priors".
  const purchasesDraw = num("purchases")
  const purchases = purchasesDraw === undefined ? 0 : Math.max(0, Math.round(purchasesDraw - 1))
  const averageOrderValue = num("averageOrderValue")
  const daysSinceLastPurchase = num("daysSinceLastPurchase")

  const touches: Touch[] = []
  for (const [channel, rate] of Object.entries(contactRates ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const count = random.poisson(rate)
    for (let k = 0; k < count; k++) touches.push({ channel, daysAgo: Math.round(random.uniform(0, 30) * 10) / 10 })
  }

  const bigFiveNames = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"] as const
  const hasBigFive = bigFiveNames.every((name) => values.has(`bigFive.${name}`))
  return {
    id,
    segmentId,
    weight: 1,
    source: "sampled",
    demographics,
    valueTier: normalizeValueTier(label("valueTier")) ?? "medium",
    lifecycleStage: normalizeLifecycleStage(label("lifecycleStage")) ?? "active",
    ...(num("tenureDays") === undefined ? {} : { tenureDays: Math.max(0, Math.round(num("tenureDays") as number)) }),
    traits: {
      priceSensitivity: unit("priceSensitivity"),
      urgencyResponsiveness: unit("urgencyResponsiveness"),
      brandLoyalty: unit("brandLoyalty"),
      channelAffinity,
      contentInterests: [...contentInterests],
      fatigueTolerance: unit("fatigueTolerance"),
      preferredContactTimes
    },
    ...(hasBigFive
      ? {
          bigFive: {
            openness: unit("bigFive.openness"),
            conscientiousness: unit("bigFive.conscientiousness"),
            extraversion: unit("bigFive.extraversion"),
            agreeableness: unit("bigFive.agreeableness"),
            neuroticism: unit("bigFive.neuroticism")
          }
        }
      : {}),
    purchaseHistory: {
      purchases,
      revenue: averageOrderValue === undefined ? 0 : Math.round(purchases * averageOrderValue * 100) / 100,
      ...(averageOrderValue === undefined ? {} : { averageOrderValue: Math.round(averageOrderValue * 100) / 100 }),
      ...(daysSinceLastPurchase === undefined || purchases === 0
        ? {}
        : { daysSinceLastPurchase: Math.round(daysSinceLastPurchase) })
    },
    exposures: { touches }
  }
}

/** One-shot sampling: validates the priors and draws `options.count` personas. */
export const samplePersonas = (
  priors: unknown,
  options: SampleOptions
): Result.Result<ReadonlyArray<Persona>, InvalidPriors | PersonaInputError> => {
  const factory = makePersonaFactory(priors)
  if (Result.isFailure(factory)) return Result.fail(factory.failure)
  return factory.success.sample(options)
}
