// The deterministic creative reader in the shape the simulator's causal layer consumes: a version that
// changes whenever the features would, the feature names, a reading per (text, channel) and the terms of a
// customer's attribute value for matching.
import { contentTerms } from "./content-terms.ts"
import { extractCreativeFeatures } from "./creative-features.ts"
import { CREATIVE_FEATURE_NAMES, CREATIVE_FEATURE_VERSION, creativeFeatureVector } from "./feature-vector.ts"

export interface CreativeReading {
  /** One value per `featureNames` entry. */
  readonly features: Float64Array
  /** Lower-cased content words, their singulars and topic ids. */
  readonly terms: ReadonlySet<string>
}

export interface DeterministicCreativeReader {
  readonly version: string
  readonly featureNames: ReadonlyArray<string>
  /** The channel is accepted for the interface; the extractor reads text the same on every channel. */
  readonly read: (text: string, channel: string) => CreativeReading
  readonly termsOf: (value: string) => ReadonlySet<string>
}

/** extractCreativeFeatures + creativeFeatureVector + contentTerms behind one object. */
export const deterministicCreativeReader: DeterministicCreativeReader = {
  version: CREATIVE_FEATURE_VERSION,
  featureNames: CREATIVE_FEATURE_NAMES,
  read: (text) => ({
    features: creativeFeatureVector(extractCreativeFeatures(text)).values,
    terms: contentTerms(text)
  }),
  termsOf: contentTerms
}
