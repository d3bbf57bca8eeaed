// MurmurHash3 x86 32-bit (Austin Appleby, public domain algorithm) over UTF-8 bytes: the stable hash behind
// sticky assignment, chosen because every language has it (scikit-learn's murmurhash3_32 gives the same values).
import { atList } from "../checked-index.ts"

const encoder = new TextEncoder()

/** MurmurHash3_x86_32 of the UTF-8 encoding of `text`, as an unsigned 32-bit integer. */
export const murmurHash3 = (text: string, seed = 0): number => {
  const bytes = encoder.encode(text)
  const blockCount = bytes.length >>> 2
  const c1 = 0xcc9e2d51
  const c2 = 0x1b873593
  let hash = seed >>> 0
  for (let block = 0; block < blockCount; block++) {
    const offset = block << 2
    let k =
      atList(bytes, offset) |
      (atList(bytes, offset + 1) << 8) |
      (atList(bytes, offset + 2) << 16) |
      (atList(bytes, offset + 3) << 24)
    k = Math.imul(k, c1)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, c2)
    hash ^= k
    hash = (hash << 13) | (hash >>> 19)
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0
  }
  const tailStart = blockCount << 2
  const tailLength = bytes.length & 3
  let k1 = 0
  if (tailLength >= 3) k1 ^= atList(bytes, tailStart + 2) << 16
  if (tailLength >= 2) k1 ^= atList(bytes, tailStart + 1) << 8
  if (tailLength >= 1) {
    k1 ^= atList(bytes, tailStart)
    k1 = Math.imul(k1, c1)
    k1 = (k1 << 15) | (k1 >>> 17)
    k1 = Math.imul(k1, c2)
    hash ^= k1
  }
  hash ^= bytes.length
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return hash >>> 0
}
