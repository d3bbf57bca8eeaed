// Seeded pseudo-random numbers: xoshiro128** 1.1 (Blackman & Vigna) seeded through splitmix32, so every
// random choice in the package is reproducible from one integer seed on any JavaScript engine.

const rotateLeft = (value: number, shift: number): number => (value << shift) | (value >>> (32 - shift))

/** splitmix32 step (Vigna's 32-bit variant of splitmix64), used only to spread a seed over the state. */
const splitMix32 = (state: { value: number }): number => {
  state.value = (state.value + 0x9e3779b9) | 0
  let z = state.value
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * A deterministic generator. `new SeededRandom(42)` always yields the same stream; `fork(k)` derives an
 * independent stream (for example one per simulation) without disturbing this one.
 */
export class SeededRandom {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spareNormal: number | undefined = undefined

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`)
    // Fold the seed's two 32-bit halves so seeds above 2^32 still differ.
    const low = seed >>> 0
    const high = Math.floor(Math.abs(seed) / 4294967296) >>> 0
    const state = { value: (low ^ Math.imul(high, 0x632be5ab)) | 0 }
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
    random.spareNormal = undefined
    return random
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
  nextFloat(): number {
    const high = this.nextUint32() >>> 5
    const low = this.nextUint32() >>> 6
    return (high * 67108864 + low) / 9007199254740992
  }

  /** Uniform double in the open interval (0, 1); safe for logarithms and quantile functions. */
  nextOpenFloat(): number {
    let value = this.nextFloat()
    while (value === 0) value = this.nextFloat()
    return value
  }

  /** Uniform integer in [0, bound) without modulo bias (rejection sampling). */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > 4294967296) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`)
    }
    const limit = 4294967296 - (4294967296 % bound)
    let draw = this.nextUint32()
    while (draw >= limit) draw = this.nextUint32()
    return draw % bound
  }

  /** Standard normal draw by Marsaglia's polar method (exact, no tables). */
  nextNormal(): number {
    const spare = this.spareNormal
    if (spare !== undefined) {
      this.spareNormal = undefined
      return spare
    }
    let u = 0
    let v = 0
    let s = 0
    do {
      u = 2 * this.nextFloat() - 1
      v = 2 * this.nextFloat() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const factor = Math.sqrt((-2 * Math.log(s)) / s)
    this.spareNormal = v * factor
    return u * factor
  }

  /** Bernoulli(probability) draw. */
  nextBernoulli(probability: number): boolean {
    return this.nextFloat() < probability
  }

  /** An independent generator for sub-stream `stream`, derived from this generator's current state. */
  fork(stream: number): SeededRandom {
    const mixed = { value: (this.s0 ^ Math.imul(stream | 0, 0x9e3779b9) ^ rotateLeft(this.s2, 13)) | 0 }
    const child = SeededRandom.fromState(splitMix32(mixed), splitMix32(mixed), splitMix32(mixed), splitMix32(mixed))
    return child
  }

  /** Fills `target` with standard normal draws. */
  fillNormal(target: Float64Array): Float64Array {
    for (let i = 0; i < target.length; i++) target[i] = this.nextNormal()
    return target
  }

  /** Fills `target` with uniform (0, 1) draws. */
  fillUniform(target: Float64Array): Float64Array {
    for (let i = 0; i < target.length; i++) target[i] = this.nextOpenFloat()
    return target
  }
}
