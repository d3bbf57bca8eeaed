// @preflight/worlds: industry templates and seeded demo worlds with known ground truth. A world is a
// customer base, two years of campaigns with randomized holdouts, their exposures and outcomes drawn from a
// documented true response model, the five history tables as CSV, the held-out campaigns as simulate
// requests and their truth.

export { DAY_MS, seasonLogitAt } from "./calendar.ts"
export { WorldOptionsError, WorldWriteError } from "./errors.ts"
export type { Customer } from "./generate/customers.ts"
export {
  buildWorld,
  DEFAULT_HOLDOUT_SHARE,
  GENERATOR_VERSION,
  type GenerateWorldOptions,
  generateWorld,
  type ResolvedWorldOptions,
  resolveWorldOptions,
  WORLD_START_MS,
  type World,
  type WorldManifest
} from "./generate/generate-world.ts"
export type { SimulateRequestDocument } from "./generate/requests.ts"
export { MAX_MESSAGES_IN_30_DAYS, MIN_HOURS_BETWEEN_TOUCHES } from "./generate/simulate.ts"
export { SIZE_PRESETS, type SizePreset, WORLD_SIZES, type WorldSize } from "./generate/size-presets.ts"
export {
  type EntityRecord,
  type ExposureRecord,
  type InterventionRecord,
  type OutcomeRecord,
  type SegmentRecord,
  TABLE_COLUMNS,
  TABLE_ORDER,
  type WorldTableName,
  type WorldTables
} from "./generate/tables.ts"
export {
  CampaignTruth,
  RateTruth,
  SegmentTruth,
  VariantTruth,
  WorldTruth
} from "./generate/truth-schema.ts"
export { type CreativeAttributes, describeOffer, type Offer } from "./model/creative.ts"
export { logit, sigmoid } from "./model/logistic.ts"
export {
  attributedConversionProbability,
  cumulativeHazard,
  type PurchaseHazard,
  purchaseHazard,
  purchaseProbabilityWithin
} from "./model/response-timing.ts"
export {
  type CustomerTraits,
  controlConversionProbability,
  creativeAppeal,
  creativePenalty,
  effectiveDiscountDepth,
  expectedOrderValue,
  fatigueDamping,
  priceReduction,
  type ResponseContext,
  TRUE_MODEL,
  topicMultiplier,
  trueClickProbability,
  trueConversionProbability,
  trueOpenProbability,
  trueUnsubscribeProbability,
  trueUpliftLogit
} from "./model/true-model.ts"
export {
  type Copywriter,
  type PhraseBank,
  phraseBank,
  phrasesByAttribute,
  renderCreative
} from "./phrasing/render-creative.ts"
export { INDUSTRIES, isIndustry, templateFor } from "./templates/industries.ts"
export type {
  Channel,
  ChannelSpec,
  CtaStrength,
  Industry,
  IndustryTemplate,
  OfferKind,
  SeasonSpec,
  SegmentSpec,
  TextLength,
  ThemeSpec,
  TopicSpec,
  UrgencyLevel
} from "./templates/template-types.ts"
export { CHANNELS } from "./templates/template-types.ts"
export { type WrittenWorld, writeWorld } from "./write/write-world.ts"
