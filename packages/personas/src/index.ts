// Public API of @preflight/personas: personas, their priors and factory, grounded personas from real customers,
// the creative feature extractor, the persona programs, the offline persona model and the panel runner.

// Creative features
export { contentTerms, interestMatch } from "./creative/content-terms.ts"
export { type CreativeFeatures, extractCreativeFeatures } from "./creative/creative-features.ts"
export {
  type CreativeReading,
  type DeterministicCreativeReader,
  deterministicCreativeReader
} from "./creative/creative-reader.ts"
export { CREATIVE_FEATURE_NAMES, CREATIVE_FEATURE_VERSION, creativeFeatureVector } from "./creative/feature-vector.ts"
export type { CallToActionLevel } from "./creative/read-appeals.ts"
export {
  type CreativeReadingOutputs,
  mergeCreativeReading,
  ReadCreative,
  readCreative
} from "./creative/read-creative.ts"
export type { DiscountKind } from "./creative/read-offer.ts"
export type { UrgencyLevel } from "./creative/read-urgency.ts"
export { TOPIC_PRESENT, TOPICS, type Topic } from "./creative/topics.ts"
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
// The offline persona model
export {
  BEHAVIOURAL_WEIGHTS,
  type BehaviouralReaction,
  behaviouralReaction,
  CHANNEL_LENGTH,
  type Contribution
} from "./offline/behavioural-model.ts"
export { BANDWIDTH, NEIGHBOURS } from "./offline/in-context.ts"
export {
  OFFLINE_MODEL_NAME,
  OFFLINE_PROVIDER,
  OfflinePersonaModel,
  type OfflinePersonaOptions,
  offlineAnswer
} from "./offline/offline-persona-model.ts"
export { type DefaultLanguageModelOptions, defaultLanguageModelLayer } from "./offline/select-language-model.ts"
// Panels
export {
  aggregatePanel,
  aggregateSegment,
  type PanelReaction,
  type SegmentSummary,
  weightedQuantile
} from "./panel/aggregate-segment.ts"
export {
  ARCHETYPE_TRAITS,
  type Archetype,
  type ArchetypeTrait,
  archetypesFor,
  DEFAULT_ARCHETYPE_TRAITS,
  type DedupOptions
} from "./panel/archetypes.ts"
export {
  type PanelCreative,
  type PanelResult,
  type PersonaProgram,
  type ReactPanelOptions,
  reactPanel
} from "./panel/react-panel.ts"
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
// Programs
export {
  type PersonaInputOptions,
  type PersonaResponseInputs,
  personaResponseInputs,
  recentExposureList
} from "./programs/persona-inputs.ts"
export {
  type Elicitation,
  PersonaResponseModule,
  type PersonaResponseOptions
} from "./programs/persona-response-module.ts"
export {
  CurrentPurchaseInputs,
  checkBudget,
  compareOptions,
  PURCHASE_MAX_ITERATIONS,
  PURCHASE_TOOLS,
  PurchaseDecisionModule,
  recallExposures
} from "./programs/purchase-decision.ts"
export { type PurchaseInputs, purchaseFacts } from "./programs/purchase-facts.ts"
export {
  ACTIONS,
  type ActionThresholds,
  actionOf,
  DEFAULT_ACTION_THRESHOLDS,
  type PersonaAction,
  PersonaReaction
} from "./programs/reaction.ts"
export {
  AssessChannelPreference,
  EMOTIONS,
  type Emotion,
  EvaluateCreative,
  EvaluateCreativeFreeText,
  PURCHASE_DECISIONS,
  type PurchaseDecision,
  SimulatePurchaseDecision
} from "./programs/signatures.ts"
// Semantic-similarity elicitation
export { cosine, Embedder, type EmbedderShape, hashingEmbedding, type OpenAiEmbedderOptions } from "./ssr/embedder.ts"
export {
  anchorDistribution,
  DEFAULT_INTENT_ANCHORS,
  type IntentAnchor,
  rateBySimilarity,
  type SimilarityRating
} from "./ssr/semantic-similarity.ts"
