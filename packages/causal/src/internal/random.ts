// Seeded pseudo-random numbers (xoshiro128** seeded through splitmix32): every random choice in this
// package comes from here, so the same seed gives the same fit bit for bit. Never Math.random.

/** A seeded generator; `uniform()` is in [0, 1) with 53 random bits. */
export interface Rng {
  readonly uniform: () => number
  /** Uniform in [0, 1) with 32 random bits: cheaper, enough for sampling decisions. */
  readonly uniform32: () => number
  /** Integer in [0, n). */
  readonly integer: (n: number) => number
  readonly normal: () => number
}

const splitmix32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/**
 * xoshiro128** (Blackman & Vigna 2018). The seed may be any finite number; it is folded to 32 bits and
 * expanded by splitmix32 so that nearby seeds give unrelated streams.
 */
export const createRng = (seed: number): Rng => {
  const folded = (Math.floor(Math.abs(seed)) % 4294967296) ^ (seed < 0 ? 0x5bd1e995 : 0)
  const init = splitmix32(folded)
  let s0 = init()
  let s1 = init()
  let s2 = init()
  let s3 = init()
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 11)
    return result
  }
  const uniform = (): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992
  let spare: number | undefined
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare
      spare = undefined
      return value
    }
    // Marsaglia polar method: two independent standard normals per accepted pair.
    for (;;) {
      const u = 2 * uniform() - 1
      const v = 2 * uniform() - 1
      const s = u * u + v * v
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * Math.log(s)) / s)
        spare = v * factor
        return u * factor
      }
    }
  }
  return { uniform, uniform32: () => next() / 4294967296, integer: (n) => Math.floor(uniform() * n), normal }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0

/** A seed derived from a parent seed and a stream index, for independent sub-streams. */
export const deriveSeed = (seed: number, stream: number): number => {
  const mix = splitmix32((Math.floor(Math.abs(seed)) ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0)
  return mix()
}

/** In-place Fisher–Yates shuffle. */
export const shuffle = (values: Int32Array, rng: Rng): Int32Array => {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.integer(i + 1)
    const tmp = values[i] ?? 0
    values[i] = values[j] ?? 0
    values[j] = tmp
  }
  return values
}

/** `count` distinct indices of [0, n) in increasing order (Knuth's selection sampling, Algorithm S). */
export const sampleSortedIndices = (n: number, count: number, rng: Rng): Int32Array => {
  const out = new Int32Array(count)
  // A local xorshift32 stream seeded from `rng` keeps the per-row draw in registers (this runs once per
  // boosting round over every training row); the result stays a deterministic function of the seed.
  let state = (Math.floor(rng.uniform() * 4294967295) | 1) >>> 0
  let chosen = 0
  for (let i = 0; i < n && chosen < count; i++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    if ((n - i) * (state / 4294967296) < count - chosen) out[chosen++] = i
  }
  return out
}
