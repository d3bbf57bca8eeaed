// Public API of @preflight/numeric: the numeric base the other packages share (no dependencies).

export { fnv1a32 } from "./random/fnv-hash.ts"
export { murmurHash3 } from "./random/murmur-hash.ts"
export { assertSeed, seedMaterial, splitMix32 } from "./random/seed.ts"
export { SeededRandom } from "./random/seeded-random.ts"
