// MurmurHash3 x86_32 against scikit-learn's murmurhash3_32.
import { describe, expect, it } from "vitest"
import { murmurHash3 } from "../../src/random/murmur-hash.ts"

describe("murmurHash3", () => {
  it("matches scikit-learn's murmurhash3_32(positive=True) on ASCII and multi-byte UTF-8", () => {
    const cases: Array<[string, number, number]> = [
      ["", 0, 142593372],
      ["hello", 613153351, 3806057185],
      ["The quick brown fox jumps over the lazy dog", 776992547, 880582914],
      ["exp-1\u0000user-42", 2403468451, 3945094477],
      ["é€😀", 693797956, 1910149313],
      ["abc", 3017643002, 1313807976],
      ["abcd", 1139631978, 3898664396],
      ["abcde", 3902511862, 2933533680]
    ]
    for (const [text, seed0, seed42] of cases) {
      expect(murmurHash3(text)).toBe(seed0)
      expect(murmurHash3(text, 42)).toBe(seed42)
    }
  })
})
