// Public API of @preflight/personas: personas, their priors and factory, grounded personas from real customers,
// the creative feature extractor, the persona programs, the offline persona model and the panel runner.

// Entities: grounded personas
export { ATTRIBUTE_KEYS } from "./entity/entity-attributes.ts"
export {
  BehaviourSummary,
  ChannelBehaviour,
  CreativeResponse,
  EntityObservation,
  FrequencyResponse,
  HIGH_FREQUENCY_THRESHOLD,
  RecentExposure
} from "./entity/entity-observation.ts"
export {
  type BehaviourTraitEstimates,
  DEFAULT_TRAIT_PRIOR,
  estimateBehaviourTraits,
  type TraitEstimate,
  type TraitPrior
} from "./entity/estimate-traits.ts"
export { DEFAULT_GROUNDING, GroundingBaseline } from "./entity/grounding-baseline.ts"
export { normalizeLifecycleStage, normalizeValueTier } from "./entity/normalize-labels.ts"
export {
  type PersonaFromEntityOptions,
  parseEntityObservation,
  personaFromEntity,
  traitPriorOf
} from "./entity/persona-from-entity.ts"
// Errors
export { EmbeddingError, InvalidPriors, NoObservations, PersonaInputError } from "./errors.ts"
// Personas
export {
  ageHistory,
  capsReached,
  countTouches,
  DEFAULT_FATIGUE_MODEL,
  exposureLoad,
  FATIGUE_THRESHOLDS,
  type FatigueModel,
  type FrequencyCap,
  fatigueLevel,
  fatigueLevelOfPressure,
  fatiguePressure,
  withTouch
} from "./persona/exposure-fatigue.ts"
export {
  BigFive,
  ChannelName,
  DAYPARTS,
  Daypart,
  Demographics,
  ExposureHistory,
  FATIGUE_LEVELS,
  FatigueLevel,
  KNOWN_CHANNELS,
  LIFECYCLE_STAGES,
  LifecycleStage,
  MarketingTraits,
  Persona,
  PurchaseHistorySummary,
  Touch,
  VALUE_TIERS,
  ValueTier
} from "./persona/persona.ts"
export { type ProfileReading, readPersonaProfile } from "./persona/read-persona-profile.ts"
export { personaProfileJson, renderPersonaJson, renderPersonaText } from "./persona/render-persona.ts"
// Priors and the factory
export { type CompiledPriors, compilePriors } from "./priors/compile-priors.ts"
export {
  BetaDistribution,
  CategoricalDistribution,
  continuousCdf,
  continuousMean,
  continuousQuantile,
  DirichletDistribution,
  LognormalDistribution,
  TraitDistribution,
  TruncatedNormalDistribution
} from "./priors/distributions.ts"
export { type FitPriorsOptions, fitGroundingBaseline, fitPriors } from "./priors/fit-priors.ts"
export {
  makePersonaFactory,
  type PersonaFactory,
  type SampleOptions,
  samplePersonas,
  type TailOversampling
} from "./priors/persona-factory.ts"
export { SegmentPriors, TraitCorrelation } from "./priors/segment-priors.ts"
export { FIXED_TRAIT_NAMES, type TraitKind, traitSpec } from "./priors/trait-names.ts"
