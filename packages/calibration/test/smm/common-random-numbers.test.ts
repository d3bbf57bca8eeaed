// Common random numbers: reproducible, stable across S, right law.
import { describe, expect, it } from "vitest"
import { commonRandomNumbers, drawsOf } from "../../src/smm/common-random-numbers.ts"

describe("commonRandomNumbers", () => {
  it("is reproducible, keeps earlier simulations when more are added, and has the requested law", () => {
    const small = commonRandomNumbers({ simulations: 3, drawsPerSimulation: 1000, distribution: "normal", seed: 5 })
    const large = commonRandomNumbers({ simulations: 6, drawsPerSimulation: 1000, distribution: "normal", seed: 5 })
    expect(Array.from(drawsOf(large, 2))).toEqual(Array.from(drawsOf(small, 2)))
    expect(drawsOf(large, 3)[0]).not.toBe(drawsOf(large, 2)[0])
    const uniform = commonRandomNumbers({
      simulations: 2,
      drawsPerSimulation: 50_000,
      distribution: "uniform",
      seed: 1
    })
    let mean = 0
    for (const u of uniform.draws) {
      expect(u > 0 && u < 1).toBe(true)
      mean += u / uniform.draws.length
    }
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005)
  })
})
