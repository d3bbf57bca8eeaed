// Seeded pseudo-random numbers for every choice an optimizer makes (never Math.random): sfc32 seeded through
// splitmix32, with the draws DSPy's optimizers use (shuffle, sample, choice, weighted choice, Poisson) and named
// forks, so each phase of a run draws from its own stream whatever order the phases run in.

/** splitmix32 step: spreads a 32-bit seed over the generator state (Vigna's 32-bit splitmix variant). */
const splitMix32 = (state: { value: number }): number => {
  state.value = (state.value + 0x9e3779b9) | 0
  let z = state.value
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** FNV-1a hash of a string to an unsigned 32-bit integer (stable stream ids from names). */
export const hashText = (text: string): number => {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

const mixSeed = (seed: number): number => {
  // Fold the two 32-bit halves so seeds above 2^32 (and negative seeds) still differ.
  const low = seed >>> 0
  const high = Math.floor(Math.abs(seed) / 4294967296) >>> 0
  return (low ^ Math.imul(high, 0x632be5ab) ^ (seed < 0 ? 0x5bd1e995 : 0)) >>> 0
}

/**
 * A deterministic generator (sfc32, Chris Doty-Humphrey's small fast counter). `new SeededRandom(9)` always
 * yields the same stream; `fork("bootstrap")` derives an independent stream from the seed and the label only,
 * so it does not depend on how many numbers this generator has drawn.
 */
export class SeededRandom {
  /** The 32-bit material forks are derived from. */
  readonly material: number
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`)
    this.material = mixSeed(Math.trunc(seed))
    const state = { value: this.material | 0 }
    this.a = splitMix32(state)
    this.b = splitMix32(state)
    this.c = splitMix32(state)
    this.d = 1
    // sfc32 recommends discarding the first outputs so weak seeds are mixed.
    for (let index = 0; index < 12; index++) this.nextUint32()
  }

  /** An independent generator for `label`, derived from this generator's seed (not its current state). */
  fork(label: string | number): SeededRandom {
    const labelHash = typeof label === "number" ? mixSeed(label) : hashText(label)
    const state = { value: (this.material ^ Math.imul(labelHash, 0x9e3779b1)) | 0 }
    return new SeededRandom(splitMix32(state) ^ labelHash)
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5
    const low = this.nextUint32() >>> 6
    return (high * 67108864 + low) / 9007199254740992
  }

  /** Uniform integer in [0, bound) without modulo bias. */
  int(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > 4294967296) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`)
    }
    const limit = 4294967296 - (4294967296 % bound)
    let draw = this.nextUint32()
    while (draw >= limit) draw = this.nextUint32()
    return draw % bound
  }

  /** Uniform integer in [low, high], both included (Python's `random.randint`). */
  intBetween(low: number, high: number): number {
    if (high < low) throw new RangeError(`empty range [${low}, ${high}]`)
    return low + this.int(high - low + 1)
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

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weightedIndex(weights: ArrayLike<number>): number {
    let total = 0
    for (let index = 0; index < weights.length; index++) total += Math.max(0, weights[index] ?? 0)
    if (!(total > 0)) return this.int(weights.length)
    let target = this.next() * total
    for (let index = 0; index < weights.length; index++) {
      target -= Math.max(0, weights[index] ?? 0)
      if (target < 0) return index
    }
    return weights.length - 1
  }

  /** A Poisson(λ) draw (Knuth's multiplication method; SIMBA uses λ ≤ a few). */
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

  /** Standard normal draw (Box–Muller). */
  normal(): number {
    let u = this.next()
    while (u === 0) u = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }
}
