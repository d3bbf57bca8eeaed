// The creative reader fits and simulations use unless told otherwise: the persona package's deterministic
// extractor (offer, urgency, appeals, topics; no model call), seen through the coarsened model view.
import { deterministicCreativeReader } from "@preflight/personas"
import { modelViewReader } from "./creative-model-view.ts"
import type { CreativeReader } from "./creative-reader.ts"

/** The extractor as a CreativeReader; attribute values are read with underscores as spaces ("running_shoes"). */
export const extractorReader: CreativeReader = {
  version: deterministicCreativeReader.version,
  featureNames: deterministicCreativeReader.featureNames,
  read: (text, channel) => deterministicCreativeReader.read(text, channel),
  termsOf: (value) => deterministicCreativeReader.termsOf(value.replaceAll("_", " "))
}

/** The default reader: the extractor's features coarsened to the levels the response models pool over. */
export const defaultCreativeReader: CreativeReader = modelViewReader(extractorReader)
