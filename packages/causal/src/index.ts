// @preflight/causal: uplift / CATE meta-learners and their metrics, base learners, propensity, a Bayesian
// marketing-mix model, hazard models and the intent → probability mapping. Arrays in, models out.

export { CausalInputError } from "./errors.ts"
export { concordanceIndex } from "./hazard/concordance.ts"
// Hazard and survival
export { type CoxModel, type CoxOptions, fitCox, type SurvivalData } from "./hazard/cox.ts"
export {
  type DiscreteHazardModel,
  type DiscreteHazardOptions,
  expandPersonPeriod,
  fitDiscreteTimeHazard,
  type PersonPeriodData,
  type PersonPeriodInput
} from "./hazard/discrete-time-hazard.ts"
export { type KaplanMeierCurve, kaplanMeier } from "./hazard/kaplan-meier.ts"
// Intent → probability
export {
  DEFAULT_INTENT_MAPPING,
  type IntentMapping,
  intentsToProbabilities,
  intentToProbability,
  intentToProbabilityKernel,
  probabilityToIntentKernel
} from "./intent-to-probability.ts"
export {
  type BinomialGlmFit,
  type BinomialGlmOptions,
  type BinomialLink,
  fitBinomialGlm,
  predictBinomialGlm
} from "./learners/binomial-glm.ts"
export {
  type BoostedTrees,
  boostedTreesLearner,
  fitBoostedTrees,
  type GradientBoostingOptions,
  predictBoostedTrees
} from "./learners/boosting/gradient-boosting.ts"
export { fitIsotonic, type IsotonicFit, predictIsotonic } from "./learners/isotonic.ts"
// Base learners
export type { FitInput, Learner, LearnerTask, Predictor } from "./learners/learner.ts"
export {
  fitRidge,
  type LinearFit,
  type LogisticLearnerOptions,
  linearRegressionLearner,
  logisticLearner,
  type RidgeLearnerOptions,
  ridgeLearner
} from "./learners/linear-learners.ts"
export { type Matrix, matrixFromRows, matrixFromValues } from "./matrix.ts"
export { type AteEstimate, type AteOptions, estimateAte } from "./meta/ate.ts"
export { type DrLearnerOptions, drLearner } from "./meta/dr-learner.ts"
export {
  type BinaryFitInput,
  type BinaryUpliftFit,
  fitUplift,
  type LearnerRole,
  type MetaLearner,
  type OutcomeKind,
  type TreatmentLabel,
  type UpliftData,
  type UpliftModel,
  type UpliftOptions
} from "./meta/meta-learner.ts"
export { type RLearnerOptions, rLearner } from "./meta/r-learner.ts"
export { type SLearnerOptions, sLearner } from "./meta/s-learner.ts"
export { type TLearnerOptions, tLearner } from "./meta/t-learner.ts"
export { type XLearnerOptions, xLearner } from "./meta/x-learner.ts"
export {
  auucScore,
  auucScoreKernel,
  type CausalmlCurveOptions,
  getCumgain,
  getQini,
  qiniScore,
  qiniScoreKernel
} from "./metrics/causalml-curves.ts"
// Uplift metrics (scikit-uplift and causalml conventions)
export {
  type Curve,
  qiniAucScore,
  qiniAucScoreKernel,
  qiniCurve,
  type UpliftAtKSize,
  type UpliftAtKStrategy,
  upliftAtK,
  upliftAtKKernel,
  upliftAucScore,
  upliftAucScoreKernel,
  upliftCurve
} from "./metrics/sklift-curves.ts"
// Marketing-mix model
export { type AdstockKind, type AdstockSpec, adstockWeights, applyAdstock } from "./mmm/adstock.ts"
export { type BudgetAllocation, type BudgetBounds, type BudgetOptions, optimizeBudget } from "./mmm/budget-optimizer.ts"
export {
  type ChannelResult,
  fitMmm,
  type MmmChannelInput,
  type MmmControlInput,
  type MmmDiagnostics,
  type MmmFit,
  type MmmInput,
  type MmmOptions,
  type ParameterSummary,
  type PosteriorSummary
} from "./mmm/fit-mmm.ts"
export { fitMmmInWorker } from "./mmm/fit-mmm-in-worker.ts"
export { effectiveSampleSize, splitRhat } from "./mmm/mcmc-diagnostics.ts"
export type { Prior } from "./mmm/priors.ts"
export { applySaturation, type SaturationKind, saturationAt } from "./mmm/saturation.ts"
// Propensity and meta-learners
export { DEFAULT_PROPENSITY_CLIP, fitPropensity, type PropensityModel, type PropensitySpec } from "./propensity.ts"
