// The one seeded generator of the workspace: xoshiro128** 1.1 (Blackman & Vigna) seeded through splitmix32,
// with the draws the packages need (uniform, integers, normal, gamma, beta, Poisson, binomial, shuffles,
// weighted choice) and named forks. Every random choice in Preflight comes from here, so the same seed
// gives the same stream on any JavaScript engine.
import { atList } from "../checked-index.ts"
import { fnv1a32 } from "./fnv-hash.ts"
import { seedMaterial, splitMix32 } from "./seed.ts"

const rotateLeft = (value: number, shift: number): number => (value << shift) | (value >>> (32 - shift))

const TWO_POW_32 = 4294967296
const TWO_POW_53 = 9007199254740992

/**
 * A deterministic generator. `new SeededRandom(42)` always yields the same stream. `fork("personas")`
 * derives an independent stream from the seed and the label only, so a phase's draws do not depend on how
 * many numbers another phase drew, nor on the order the phases run in.
 */
export class SeededRandom {
  /** The 32-bit material this generator and its forks derive from. */
  readonly material: number
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spareNormal: number | undefined = undefined

  /** @param seed any safe integer (negative seeds and seeds above 2^32 are distinct streams). */
  constructor(seed: number) {
    this.material = seedMaterial(seed)
    const state = { value: this.material | 0 }
    this.s0 = splitMix32(state)
    this.s1 = splitMix32(state)
    this.s2 = splitMix32(state)
    this.s3 = splitMix32(state)
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1
  }

  /** A generator started from an explicit 128-bit state (four uint32 words, not all zero); for known-answer tests. */
  static fromState(s0: number, s1: number, s2: number, s3: number): SeededRandom {
    const random = new SeededRandom(0)
    random.s0 = s0 | 0
    random.s1 = s1 | 0
    random.s2 = s2 | 0
    random.s3 = s3 | 0
    if ((random.s0 | random.s1 | random.s2 | random.s3) === 0) random.s0 = 1
    return random
  }

  /** An independent generator for `label` (a name, or a number such as a replicate index). */
  fork(label: string | number): SeededRandom {
    const labelHash = typeof label === "number" ? seedMaterial(label) : fnv1a32(label)
    const state = { value: (this.material ^ Math.imul(labelHash, 0x9e3779b1)) | 0 }
    const child = splitMix32(state) ^ labelHash
    return new SeededRandom(child >>> 0)
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.s1, 5), 7), 9) >>> 0
    const shifted = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= shifted
    this.s3 = rotateLeft(this.s3, 11)
    return result
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5
    const low = this.nextUint32() >>> 6
    return (high * 67108864 + low) / TWO_POW_53
  }

  /** Uniform double in the open interval (0, 1); safe for logarithms and quantile functions. */
  nextOpen(): number {
    let value = this.next()
    while (value === 0) value = this.next()
    return value
  }

  /** Uniform double in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next()
  }

  /** Uniform integer in [0, bound) without modulo bias (rejection sampling); bound in [1, 2^32]. */
  int(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > TWO_POW_32) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`)
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % bound)
    let draw = this.nextUint32()
    while (draw >= limit) draw = this.nextUint32()
    return draw % bound
  }

  /** Uniform integer in [low, high], both included (Python's `random.randint`). */
  intBetween(low: number, high: number): number {
    if (high < low) throw new RangeError(`empty range [${low}, ${high}]`)
    return low + this.int(high - low + 1)
  }

  /** Bernoulli(probability) draw. */
  bernoulli(probability: number): boolean {
    return this.next() < probability
  }

  /** Standard normal draw by Marsaglia's polar method (exact, no tables). */
  normal(): number {
    const spare = this.spareNormal
    if (spare !== undefined) {
      this.spareNormal = undefined
      return spare
    }
    let u = 0
    let v = 0
    let s = 0
    do {
      u = 2 * this.next() - 1
      v = 2 * this.next() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const factor = Math.sqrt((-2 * Math.log(s)) / s)
    this.spareNormal = v * factor
    return u * factor
  }

  /** Gamma(shape, 1) draw by Marsaglia & Tsang (2000); shape < 1 through the Ahrens–Dieter boost. */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`)
    if (shape < 1) return this.gamma(shape + 1) * this.nextOpen() ** (1 / shape)
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      let x = 0
      let v = 0
      do {
        x = this.normal()
        v = 1 + c * x
      } while (v <= 0)
      v = v * v * v
      const u = this.nextOpen()
      if (u < 1 - 0.0331 * x * x * x * x) return d * v
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
    }
  }

  /** Beta(alpha, beta) draw as X / (X + Y) of two gamma draws. */
  beta(alpha: number, beta: number): number {
    const x = this.gamma(alpha)
    const y = this.gamma(beta)
    return x / (x + y)
  }

  /** Poisson(λ) draw: Knuth's multiplication for λ ≤ 30, a rounded normal approximation above. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()))
    const limit = Math.exp(-lambda)
    let count = 0
    let product = this.next()
    while (product > limit) {
      count++
      product *= this.next()
    }
    return count
  }

  /**
   * Binomial(trials, probability) draw. Exact by geometric waiting times while the expected count of the
   * rarer outcome is below 30; above that a rounded normal approximation, clamped to [0, trials], whose
   * error (under 1% of a standard deviation there) is far below what Monte Carlo intervals resolve.
   */
  binomial(trials: number, probability: number): number {
    if (!(trials > 0) || !(probability > 0)) return 0
    if (probability >= 1) return trials
    const flipped = probability > 0.5
    const p = flipped ? 1 - probability : probability
    const mean = trials * p
    let count = 0
    if (mean < 30) {
      const logQ = Math.log1p(-p)
      let position = 0
      for (;;) {
        position += Math.floor(Math.log(this.nextOpen()) / logQ) + 1
        if (position > trials) break
        count++
      }
    } else {
      const sd = Math.sqrt(mean * (1 - p))
      count = Math.min(trials, Math.max(0, Math.round(mean + sd * this.normal())))
    }
    return flipped ? trials - count : count
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: ReadonlyArray<T>): T[] {
    const copy = [...items]
    for (let index = copy.length - 1; index > 0; index--) {
      const other = this.int(index + 1)
      const held = copy[index] as T
      copy[index] = copy[other] as T
      copy[other] = held
    }
    return copy
  }

  /** `count` distinct items in random order (Python's `random.sample`); all of them when there are fewer. */
  sample<T>(items: ReadonlyArray<T>, count: number): T[] {
    const pool = [...items]
    const take = Math.max(0, Math.min(count, pool.length))
    for (let index = 0; index < take; index++) {
      const other = index + this.int(pool.length - index)
      const held = pool[index] as T
      pool[index] = pool[other] as T
      pool[other] = held
    }
    return pool.slice(0, take)
  }

  /** One item chosen uniformly. */
  choice<T>(items: ReadonlyArray<T>): T {
    if (items.length === 0) throw new RangeError("cannot choose from an empty list")
    return items[this.int(items.length)] as T
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero: else uniform). */
  weightedIndex(weights: ArrayLike<number>): number {
    let total = 0
    for (let index = 0; index < weights.length; index++) total += Math.max(0, atList(weights, index))
    if (!(total > 0)) return this.int(weights.length)
    let target = this.next() * total
    for (let index = 0; index < weights.length; index++) {
      target -= Math.max(0, atList(weights, index))
      if (target < 0) return index
    }
    return weights.length - 1
  }

  /** Fills `target` with standard normal draws. */
  fillNormal(target: Float64Array): Float64Array {
    for (let i = 0; i < target.length; i++) target[i] = this.normal()
    return target
  }

  /** Fills `target` with uniform (0, 1) draws. */
  fillUniform(target: Float64Array): Float64Array {
    for (let i = 0; i < target.length; i++) target[i] = this.nextOpen()
    return target
  }
}
