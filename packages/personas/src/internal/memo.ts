// Bounded memos for the pure readers the persona programs call many times per panel with the same text (a
// creative is read once per persona and program step; a profile once per step). Cleared when full: a panel's
// working set is far smaller than the bound.
import { contentTerms } from "../creative/content-terms.ts"
import { type CreativeFeatures, extractCreativeFeatures } from "../creative/creative-features.ts"
import { type ProfileReading, readPersonaProfile } from "../persona/read-persona-profile.ts"

/** A memo of `compute` holding at most `limit` entries. */
export const boundedMemo = <V>(limit: number, compute: (key: string) => V): ((key: string) => V) => {
  const cache = new Map<string, V>()
  return (key) => {
    const known = cache.get(key)
    if (known !== undefined) return known
    const value = compute(key)
    if (cache.size >= limit) cache.clear()
    cache.set(key, value)
    return value
  }
}

export const memoProfile: (profile: string) => ProfileReading = boundedMemo(20_000, readPersonaProfile)
export const memoCreative: (text: string) => CreativeFeatures = boundedMemo(5_000, extractCreativeFeatures)
export const memoTerms: (text: string) => ReadonlySet<string> = boundedMemo(5_000, contentTerms)
