// Seeded pseudo-random numbers (no Math.random anywhere): SplitMix32-style mixing of a seed and a counter,
// so a choice depends only on (seed, stream, index) and not on the order concurrent fibers ask for it.

/** 32-bit avalanche mix (the SplitMix32 / murmur3 finaliser). */
export const mix32 = (value: number): number => {
  let z = (value + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** A uniform number in [0, 1) determined by the seed, a stream id and an index. */
export const uniformAt = (seed: number, stream: number, index: number): number =>
  mix32(mix32(mix32(seed | 0) ^ (stream | 0)) ^ (index | 0)) / 4294967296

/** FNV-1a hash of a string to 32 bits (used to derive stream ids from names and keys). */
export const hashString32 = (text: string): number => {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** A sequential seeded generator (mulberry32) for loops that draw many numbers. */
export class SeededRandom {
  private state: number
  constructor(seed: number) {
    this.state = mix32(seed | 0)
  }

  /** Next uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound)
  }
}
