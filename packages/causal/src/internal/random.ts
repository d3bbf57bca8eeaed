// Selection sampling over the workspace's one seeded generator (`SeededRandom` from @preflight/numeric): every
// random choice in this package draws from it, so the same seed gives the same fit bit for bit.
import type { SeededRandom } from "@preflight/numeric"

const TWO_POW_32 = 4294967296

/**
 * `count` distinct indices of [0, n) in increasing order (Knuth's selection sampling, Algorithm S). One
 * 32-bit draw per row: this runs once per boosting round over every training row.
 */
export const sampleSortedIndices = (n: number, count: number, random: SeededRandom): Int32Array => {
  const out = new Int32Array(count)
  let chosen = 0
  for (let i = 0; i < n && chosen < count; i++) {
    if ((n - i) * (random.nextUint32() / TWO_POW_32) < count - chosen) out[chosen++] = i
  }
  return out
}
