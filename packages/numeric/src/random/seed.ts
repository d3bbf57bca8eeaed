// Seeds: one rule for every package. A seed is any safe integer (negative ones too); it is folded into
// 32 bits of material without collisions between small seeds, 2^32 and negative values, so "seed 0" and
// "seed 2^32" never give the same stream (a plain `seed | 0` makes them collide).

/** Thrown (as a RangeError) for a seed that is not a safe integer; callers validate before this in Effect code. */
export const assertSeed = (seed: number): void => {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`)
}

/** splitmix32 step (Vigna's 32-bit variant of splitmix64): spreads 32 bits of seed over a generator state. */
export const splitMix32 = (state: { value: number }): number => {
  state.value = (state.value + 0x9e3779b9) | 0
  let z = state.value
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * Folds a safe-integer seed into 32 bits: the low word, the high word and the sign each pass through a
 * mixing step, so seeds that differ anywhere give different material.
 */
export const seedMaterial = (seed: number): number => {
  assertSeed(seed)
  const magnitude = Math.abs(seed)
  const low = magnitude >>> 0
  const high = Math.floor(magnitude / 4294967296) >>> 0
  const state = { value: low | 0 }
  let material = splitMix32(state)
  state.value = (high ^ (seed < 0 ? 0x5bd1e995 : 0)) | 0
  material = (material ^ Math.imul(splitMix32(state), 0x632be5ab)) >>> 0
  return material
}
