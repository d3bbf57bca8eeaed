// Known segment priors used across tests: every family, a correlated copula, and values chosen so the
// behaviour generator in `synthetic-entities.ts` matches the trait definitions exactly.
import type { SegmentPriors } from "../../src/priors/segment-priors.ts"

export const knownPriors: SegmentPriors = {
  segmentId: "s1",
  populationSize: 200_000,
  traits: {
    age: { type: "truncated_normal", mean: 42, sd: 14, lower: 18, upper: 90 },
    tenureDays: { type: "lognormal", mu: 6, sigma: 0.8 },
    averageOrderValue: { type: "lognormal", mu: 3.8, sigma: 0.5 },
    gender: { type: "categorical", categories: ["female", "male", "non-binary"], shares: [0.52, 0.45, 0.03] },
    valueTier: { type: "categorical", categories: ["low", "medium", "high", "vip"], shares: [0.4, 0.35, 0.2, 0.05] },
    priceSensitivity: { type: "beta", alpha: 6, beta: 4 },
    urgencyResponsiveness: { type: "beta", alpha: 3, beta: 3 },
    brandLoyalty: { type: "beta", alpha: 2, beta: 5 },
    // E[(1 − f) / f] = β / (α − 1) = 1: the mean unsubscribe rate is the reference rate.
    fatigueTolerance: { type: "beta", alpha: 4, beta: 3 },
    // E[a / (1 − a)] = α / (β − 1) = 1: the mean engagement rate is the reference rate (see synthetic-entities).
    "channelAffinity.email": { type: "beta", alpha: 3, beta: 4 },
    "channelAffinity.sms": { type: "beta", alpha: 2, beta: 3 },
    contentInterests: {
      type: "categorical",
      categories: ["footwear", "outdoor", "fitness", "fashion", "electronics"],
      shares: [0.3, 0.25, 0.2, 0.15, 0.1],
      draws: { min: 1, max: 2 }
    },
    preferredContactTimes: {
      type: "dirichlet",
      categories: ["morning", "afternoon", "evening", "night"],
      concentration: [2, 1.5, 3, 0.5]
    }
  },
  correlation: {
    traits: ["age", "priceSensitivity", "brandLoyalty", "channelAffinity.email"],
    matrix: [
      [1, -0.4, 0.3, 0.2],
      [-0.4, 1, -0.2, 0],
      [0.3, -0.2, 1, 0.35],
      [0.2, 0, 0.35, 1]
    ]
  }
}
