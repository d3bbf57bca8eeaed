// Checks segment priors and prepares them for sampling: every trait known and of a fitting family, every
// parameter valid, categorical shares summing to 1, the correlation matrix symmetric with a unit diagonal and
// positive definite (its Cholesky factor is kept). Each failure is an InvalidPriors naming the trait.
import { Result } from "effect"
import { InvalidPriors } from "../errors.ts"
import { choleskyWithPivot, squareMatrix } from "../internal/linear-algebra.ts"
import { isScalarDistribution, type TraitDistribution } from "./distributions.ts"
import { SegmentPriors } from "./segment-priors.ts"
import { traitSpec } from "./trait-names.ts"

/** Priors ready for sampling. */
export interface CompiledPriors {
  readonly priors: SegmentPriors
  /** Scalar traits: the copula's first (in the correlation's order), then the independent ones. */
  readonly scalarTraits: ReadonlyArray<string>
  readonly copulaSize: number
  /** Lower Cholesky factor of the copula correlation (copulaSize², row-major). */
  readonly lower: Float64Array
  /** Multi-draw categorical and Dirichlet traits, sampled outside the copula. */
  readonly vectorTraits: ReadonlyArray<string>
}

/** Tolerance on categorical shares summing to 1 (shares written to 3 decimals pass). */
export const SHARE_TOLERANCE = 1e-3

const finite = (value: number): boolean => Number.isFinite(value)

const checkDistribution = (
  segmentId: string,
  trait: string,
  distribution: TraitDistribution
): InvalidPriors | undefined => {
  const fail = (reason: string) => new InvalidPriors({ segmentId, trait, reason })
  const spec = traitSpec(trait)
  if (spec === undefined) {
    return fail(
      "unknown trait (known: age, gender, location, occupation, incomeBand, valueTier, lifecycleStage, tenureDays, priceSensitivity, urgencyResponsiveness, brandLoyalty, fatigueTolerance, contentInterests, preferredContactTimes, purchases, averageOrderValue, daysSinceLastPurchase, channelAffinity.<channel>, bigFive.<dimension>)"
    )
  }
  switch (distribution.type) {
    case "beta":
      if (!(finite(distribution.alpha) && distribution.alpha > 0))
        return fail(`beta alpha must be positive, got ${distribution.alpha}`)
      if (!(finite(distribution.beta) && distribution.beta > 0))
        return fail(`beta beta must be positive, got ${distribution.beta}`)
      if (spec.kind !== "unit" && spec.kind !== "positive" && spec.kind !== "real")
        return fail(`a ${spec.kind} trait cannot follow a beta`)
      return undefined
    case "truncated_normal": {
      const { mean, sd, lower, upper } = distribution
      if (!(finite(mean) && finite(lower) && finite(upper))) return fail("truncated normal parameters must be finite")
      if (!(sd > 0 && finite(sd))) return fail(`truncated normal sd must be positive, got ${sd}`)
      if (!(lower < upper)) return fail(`truncated normal lower (${lower}) must be below upper (${upper})`)
      if (spec.kind === "unit" && (lower < 0 || upper > 1))
        return fail("a trait in [0, 1] needs lower ≥ 0 and upper ≤ 1")
      if (spec.kind === "positive" && lower < 0) return fail("a positive trait needs lower ≥ 0")
      if (spec.kind !== "unit" && spec.kind !== "positive" && spec.kind !== "real")
        return fail(`a ${spec.kind} trait cannot follow a truncated normal`)
      return undefined
    }
    case "lognormal":
      if (!finite(distribution.mu)) return fail(`lognormal mu must be finite, got ${distribution.mu}`)
      if (!(distribution.sigma > 0 && finite(distribution.sigma)))
        return fail(`lognormal sigma must be positive, got ${distribution.sigma}`)
      if (spec.kind !== "positive" && spec.kind !== "real")
        return fail(`a ${spec.kind} trait cannot follow a lognormal`)
      return undefined
    case "categorical": {
      const { categories, shares, draws } = distribution
      if (spec.kind !== "label" && spec.kind !== "labels" && spec.kind !== "shares")
        return fail(`a ${spec.kind} trait cannot be categorical`)
      if (categories.length === 0) return fail("a categorical needs at least one category")
      if (shares.length !== categories.length)
        return fail(`${categories.length} categories but ${shares.length} shares`)
      if (new Set(categories).size !== categories.length) return fail("categories must be distinct")
      const negative = shares.findIndex((share) => !(share >= 0 && finite(share)))
      if (negative >= 0)
        return fail(`the share of "${categories[negative]}" must be a non-negative number, got ${shares[negative]}`)
      const total = shares.reduce((sum, share) => sum + share, 0)
      if (Math.abs(total - 1) > SHARE_TOLERANCE)
        return fail(`shares must sum to 1, they sum to ${Number(total.toFixed(6))}`)
      if (spec.labels !== undefined) {
        const unknown = categories.find((category) => !spec.labels?.includes(category))
        if (unknown !== undefined) return fail(`"${unknown}" is not one of ${spec.labels.join(", ")}`)
      }
      if (draws !== undefined) {
        if (spec.kind !== "labels") return fail("only contentInterests may draw several categories")
        if (draws.min < 0 || draws.max < draws.min)
          return fail(`draws must satisfy 0 ≤ min ≤ max, got ${draws.min}..${draws.max}`)
      }
      return undefined
    }
    case "dirichlet": {
      if (spec.kind !== "shares") return fail("only preferredContactTimes may follow a Dirichlet")
      const { categories, concentration } = distribution
      if (categories.length < 2) return fail("a Dirichlet needs at least two categories")
      if (concentration.length !== categories.length)
        return fail(`${categories.length} categories but ${concentration.length} concentrations`)
      const bad = concentration.findIndex((value) => !(value > 0 && finite(value)))
      if (bad >= 0) return fail(`the concentration of "${categories[bad]}" must be positive, got ${concentration[bad]}`)
      if (spec.labels !== undefined) {
        const unknown = categories.find((category) => !spec.labels?.includes(category))
        if (unknown !== undefined) return fail(`"${unknown}" is not one of ${spec.labels.join(", ")}`)
      }
      return undefined
    }
  }
}

/**
 * Validates priors and prepares the copula.
 * @returns the compiled priors, or `InvalidPriors` naming the first trait at fault.
 */
export const compilePriors = (raw: unknown): Result.Result<CompiledPriors, InvalidPriors> => {
  const parsed = SegmentPriors.safeParse(raw)
  const rawSegment =
    raw !== null && typeof raw === "object" && "segmentId" in raw && typeof raw.segmentId === "string"
      ? raw.segmentId
      : "?"
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path ?? []
    const trait = path[0] === "traits" && path[1] !== undefined ? String(path[1]) : path.map(String).join(".")
    return Result.fail(new InvalidPriors({ segmentId: rawSegment, trait, reason: issue?.message ?? "invalid priors" }))
  }
  const priors = parsed.data
  const segmentId = priors.segmentId
  for (const [trait, distribution] of Object.entries(priors.traits)) {
    const problem = checkDistribution(segmentId, trait, distribution)
    if (problem !== undefined) return Result.fail(problem)
  }
  const copulaTraits = priors.correlation?.traits ?? []
  const matrix = priors.correlation?.matrix ?? []
  const seen = new Set<string>()
  for (const trait of copulaTraits) {
    const distribution = priors.traits[trait]
    if (distribution === undefined) {
      return Result.fail(
        new InvalidPriors({ segmentId, trait, reason: "the correlation names a trait that has no distribution" })
      )
    }
    if (!isScalarDistribution(distribution)) {
      return Result.fail(
        new InvalidPriors({
          segmentId,
          trait,
          reason: "only single-valued traits can be correlated (not Dirichlet or multi-draw)"
        })
      )
    }
    if (seen.has(trait))
      return Result.fail(new InvalidPriors({ segmentId, trait, reason: "listed twice in the correlation" }))
    seen.add(trait)
  }
  const n = copulaTraits.length
  if (matrix.length !== n || matrix.some((row) => row.length !== n)) {
    return Result.fail(
      new InvalidPriors({ segmentId, trait: "correlation", reason: `the matrix must be ${n} × ${n} for ${n} traits` })
    )
  }
  for (let i = 0; i < n; i++) {
    const name = copulaTraits[i] as string
    const row = matrix[i] as ReadonlyArray<number>
    if (Math.abs((row[i] as number) - 1) > 1e-9) {
      return Result.fail(new InvalidPriors({ segmentId, trait: name, reason: `the diagonal must be 1, got ${row[i]}` }))
    }
    for (let j = 0; j < n; j++) {
      const value = row[j] as number
      const other = copulaTraits[j] as string
      if (!(finite(value) && value >= -1 && value <= 1)) {
        return Result.fail(
          new InvalidPriors({
            segmentId,
            trait: name,
            reason: `correlation with ${other} must be in [-1, 1], got ${value}`
          })
        )
      }
      if (Math.abs(value - ((matrix[j] as ReadonlyArray<number>)[i] as number)) > 1e-9) {
        return Result.fail(
          new InvalidPriors({ segmentId, trait: name, reason: `the matrix is not symmetric (${name} × ${other})` })
        )
      }
    }
  }
  const factor = choleskyWithPivot(squareMatrix(matrix))
  if (!factor.ok) {
    return Result.fail(
      new InvalidPriors({
        segmentId,
        trait: copulaTraits[factor.index] as string,
        reason:
          "the correlation matrix is not positive definite (this trait's correlations contradict the earlier ones)"
      })
    )
  }
  const independent = Object.entries(priors.traits)
    .filter(([trait, distribution]) => !seen.has(trait) && isScalarDistribution(distribution))
    .map(([trait]) => trait)
    .sort()
  const vectorTraits = Object.entries(priors.traits)
    .filter(([, distribution]) => !isScalarDistribution(distribution))
    .map(([trait]) => trait)
    .sort()
  return Result.succeed({
    priors,
    scalarTraits: [...copulaTraits, ...independent],
    copulaSize: n,
    lower: factor.lower,
    vectorTraits
  })
}
