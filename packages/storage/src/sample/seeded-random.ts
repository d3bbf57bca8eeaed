// A small seeded PRNG (sfc32, from PractRand's test suite; passes BigCrush) and the draws the
// sample generator needs. Same seed, same stream, on every platform.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number
  integer(minInclusive: number, maxInclusive: number): number
  pick<A>(items: ReadonlyArray<A>): A
  /** Index drawn with probability proportional to `weights`. */
  weighted(weights: ReadonlyArray<number>): number
  normal(mean?: number, sd?: number): number
  /** A version-4 UUID built from the stream (deterministic, not cryptographic). */
  uuid(): string
}

const hex = (value: number, digits: number) =>
  (value >>> 0)
    .toString(16)
    .padStart(8, "0")
    .slice(8 - digits)

export const seededRandom = (seed: number): SeededRandom => {
  // splitmix32 spreads a small integer seed over the four words of state.
  let s = seed >>> 0
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i += 1) nextUint32()
  const next = () => nextUint32() / 4294967296
  let spareNormal: number | undefined
  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <A>(items: ReadonlyArray<A>): A => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new RangeError("pick from an empty list")
      return item
    },
    weighted: (weights) => {
      const total = weights.reduce((sum, weight) => sum + weight, 0)
      let draw = next() * total
      for (let index = 0; index < weights.length; index += 1) {
        draw -= weights[index] ?? 0
        if (draw < 0) return index
      }
      return weights.length - 1
    },
    normal: (mean = 0, sd = 1) => {
      if (spareNormal !== undefined) {
        const value = spareNormal
        spareNormal = undefined
        return mean + sd * value
      }
      // Box–Muller; 1 - next() keeps the logarithm's argument in (0, 1].
      const radius = Math.sqrt(-2 * Math.log(1 - next()))
      const angle = 2 * Math.PI * next()
      spareNormal = radius * Math.sin(angle)
      return mean + sd * radius * Math.cos(angle)
    },
    uuid: () => {
      const w1 = nextUint32()
      const w2 = nextUint32()
      const w3 = nextUint32()
      const w4 = nextUint32()
      const version = ((w2 & 0x0fff) | 0x4000) >>> 0
      const variant = (((w3 >>> 16) & 0x3fff) | 0x8000) >>> 0
      return `${hex(w1, 8)}-${hex(w2 >>> 16, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(w3 & 0xffff, 4)}${hex(w4, 8)}`
    }
  }
}
