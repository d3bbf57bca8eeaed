// FNV-1a over UTF-16 code units: a tiny, stable 32-bit hash for naming random streams and cache shards.
// Not for security or for hashes that must match other languages (use murmurHash3 for those).

/** FNV-1a hash of `text` as an unsigned 32-bit integer. */
export const fnv1a32 = (text: string): number => {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
