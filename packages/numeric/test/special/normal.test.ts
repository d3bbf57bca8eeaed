// Normal distribution functions against the C library and scipy.
import { describe, expect, it } from "vitest"
import { erfc, normalCdf, normalQuantile, normalSf } from "../../src/special/normal.ts"

/** Relative closeness (for tiny tail probabilities). */
const relativelyClose = (actual: number, expected: number, tolerance: number): boolean =>
  expected === 0 ? Math.abs(actual) <= tolerance : Math.abs(actual - expected) / Math.abs(expected) <= tolerance

// Python math.erfc and scipy.special.ndtri, computed offline.
const erfcCases: Array<[number, number]> = [
  [-3, 1.9999779095030015],
  [-1, 1.842700792949715],
  [-0.3, 1.3286267594591274],
  [0, 1],
  [1e-10, 0.999999999887162],
  [0.2, 0.7772974107895215],
  [0.5, 0.4795001221869535],
  [0.7, 0.32219880616258156],
  [1.5, 0.033894853524689274],
  [3.9, 3.479224859723177e-8],
  [4.1, 6.700027654084918e-9],
  [6, 2.1519736712498916e-17],
  [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296]
]
const quantileCases: Array<[number, number]> = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798409],
  [1e-5, -4.264890793922825],
  [0.01, -2.3263478740408408],
  [0.02425, -1.972961051311885],
  [0.3, -0.5244005127080409],
  [0.8, 0.8416212335729143],
  [0.975, 1.959963984540054],
  [0.999, 3.090232306167813],
  [1 - 1e-10, 6.361340889697422]
]

describe("normal distribution", () => {
  it("erfc matches the C library to a few ulps, including the far tail", () => {
    for (const [x, expected] of erfcCases) expect(relativelyClose(erfc(x), expected, 1e-15)).toBe(true)
  })

  it("quantile inverts the CDF to full precision", () => {
    for (const [p, expected] of quantileCases) expect(relativelyClose(normalQuantile(p), expected, 1e-15)).toBe(true)
    expect(normalQuantile(0.5)).toBe(0)
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY)
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true)
  })

  it("CDF and survival function are complementary and symmetric", () => {
    for (const z of [-8, -2.5, -0.1, 0, 0.7, 3, 9]) {
      expect(normalCdf(z) + normalSf(z)).toBeCloseTo(1, 15)
      expect(normalCdf(-z)).toBe(normalSf(z))
    }
  })
})
