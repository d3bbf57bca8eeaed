// How the models see a creative: a fixed list of numeric features read from its text, and the words and
// topics it is about (matched against what each customer is interested in). The default reader is the
// persona package's deterministic extractor; a configured language model can read instead (ReadCreative).

export interface CreativeReading {
  /** One value per `CreativeReader.featureNames` entry. */
  readonly features: Float64Array
  /** Lower-cased content words and topic labels. */
  readonly terms: ReadonlySet<string>
}

export interface CreativeReader {
  /** A name that changes whenever the features would (saved with a fit; a fit only runs with its reader). */
  readonly version: string
  readonly featureNames: ReadonlyArray<string>
  readonly read: (text: string, channel: string) => CreativeReading
  /** The words and topics of a short customer attribute value ("running shoes" → shoes, footwear, …). */
  readonly termsOf: (value: string) => ReadonlySet<string>
}

/** Memoizes a reader's answers per (channel, text): a fit reads each creative once per exposure row. */
export const cachedReader = (reader: CreativeReader): CreativeReader => {
  const readings = new Map<string, CreativeReading>()
  const terms = new Map<string, ReadonlySet<string>>()
  return {
    version: reader.version,
    featureNames: reader.featureNames,
    read: (text, channel) => {
      const key = `${channel}\u0000${text}`
      const known = readings.get(key)
      if (known !== undefined) return known
      const reading = reader.read(text, channel)
      readings.set(key, reading)
      return reading
    },
    termsOf: (value) => {
      const known = terms.get(value)
      if (known !== undefined) return known
      const found = reader.termsOf(value)
      terms.set(value, found)
      return found
    }
  }
}

/** Whether a customer's attribute value and a creative share a word or topic. */
export const sharesTerm = (customer: ReadonlySet<string>, creative: ReadonlySet<string>): boolean => {
  for (const term of customer) if (creative.has(term)) return true
  return false
}
