// Segment trait priors (zod): one distribution per trait, an optional Gaussian-copula correlation between
// scalar traits, how many entities each estimate rests on, and the grounding baseline (the segment's rate
// priors) that `personaFromEntity` shrinks individual estimates toward.
import { z } from "zod"
import { GroundingBaseline } from "../entity/grounding-baseline.ts"
import { TraitDistribution } from "./distributions.ts"

/** Correlations of the copula: `matrix[i][j]` between `traits[i]` and `traits[j]` (normal-scores scale). */
export const TraitCorrelation = z.object({
  traits: z.array(z.string()),
  matrix: z.array(z.array(z.number()))
})
export type TraitCorrelation = z.infer<typeof TraitCorrelation>

export const SegmentPriors = z.object({
  segmentId: z.string().min(1),
  /** Customers in the segment; persona weights sum to it (default: the sample size, weight 1 each). */
  populationSize: z.number().positive().optional(),
  traits: z.record(z.string(), TraitDistribution),
  correlation: TraitCorrelation.optional(),
  /** Entities each trait's estimate rests on (fitPriors fills it). */
  support: z.record(z.string(), z.number().int().min(0)).optional(),
  grounding: GroundingBaseline.optional()
})
export type SegmentPriors = z.infer<typeof SegmentPriors>
