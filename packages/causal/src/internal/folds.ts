// Seeded K-fold split for cross-fitting (sklearn KFold(shuffle=True) semantics: near-equal folds).
import { SeededRandom } from "@preflight/numeric"

/** `k` disjoint folds of [0, n), sizes differing by at most one, rows sorted within each fold. */
export const kFolds = (n: number, k: number, seed: number): Array<Int32Array> => {
  const order = Int32Array.from(new SeededRandom(seed).shuffle(Array.from({ length: n }, (_, i) => i)))
  const folds: Array<Int32Array> = []
  let start = 0
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0)
    folds.push(order.slice(start, start + size).sort())
    start += size
  }
  return folds
}

/** Rows of [0, n) not in `fold`. */
export const complement = (n: number, fold: Int32Array): Int32Array => {
  const inFold = new Uint8Array(n)
  for (const r of fold) inFold[r] = 1
  const out: Array<number> = []
  for (let i = 0; i < n; i++) if (inFold[i] === 0) out.push(i)
  return Int32Array.from(out)
}
