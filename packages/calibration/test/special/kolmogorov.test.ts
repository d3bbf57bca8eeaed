// Kolmogorov–Smirnov distributions against scipy in every method branch.
import { describe, expect, it } from "vitest"
import { kolmogorovSf, smirnovSf } from "../../src/special/kolmogorov.ts"
import { relativelyClose } from "../support/result.ts"

// scipy 1.17.1 stats.kstwo.sf(x, n) and special.smirnov(n, x), computed offline. The cases visit every
// branch of Simard & L'Ecuyer's selection: Ruben–Gambino ends, Durbin matrix, Pomeranz, Pelz–Good, 2·Smirnov.
const kolmogorovCases: Array<[number, number, number]> = [
  [5, 0.05, 1],
  [5, 0.15, 0.9988],
  [5, 0.3, 0.664],
  [5, 0.6, 0.03008000000000001],
  [5, 0.9, 1.9999999999999978e-5],
  [20, 0.1, 0.976255094592155],
  [20, 0.2, 0.352720173623415],
  [20, 0.35, 0.01075496344438931],
  [20, 0.55, 3.2861970662280095e-6],
  [100, 0.05, 0.9532159710635725],
  [100, 0.12, 0.1033037490181987],
  [100, 0.3, 1.7719869892662917e-8],
  [140, 0.02, 0.9999999774822331],
  [141, 0.06, 0.6677160791348915],
  [500, 0.03, 0.7473166700457021],
  [500, 0.08, 0.0031305058199356268],
  [2000, 0.02, 0.3953133626892045],
  [2000, 0.04, 0.0032305680961256145],
  [10673, 0.00867, 0.39645708253754686],
  [20000, 0.005, 0.6974088406327613],
  [20000, 0.02, 2.2181270070049744e-7],
  [150000, 0.003, 0.1341018124495077],
  [16000, 0.25, 0],
  [1000, 0.0012, 1]
]
const smirnovCases: Array<[number, number, number]> = [
  [5, 0.3, 0.34282],
  [10, 0.05, 0.9224335892010742],
  [10, 0.5, 0.003888705],
  [50, 0.2, 0.01571942744940561],
  [300, 0.1, 0.0022978368284863105],
  [2000, 0.04, 0.0016152840480628072],
  [40000, 0.01, 0.00033318915320169673],
  [3, 0.9, 0.0009999999999999994]
]

describe("Kolmogorov–Smirnov distributions", () => {
  it("two-sided survival function matches scipy's kstwo.sf", () => {
    for (const [n, x, expected] of kolmogorovCases) {
      const actual = kolmogorovSf(n, x)
      expect({ n, x, ok: relativelyClose(actual, expected, 1e-9) || Math.abs(actual - expected) < 1e-15 }).toEqual({
        n,
        x,
        ok: true
      })
    }
  })

  it("one-sided Smirnov survival function matches scipy", () => {
    for (const [n, x, expected] of smirnovCases) {
      expect({ n, x, ok: relativelyClose(smirnovSf(n, x), expected, 1e-9) }).toEqual({ n, x, ok: true })
    }
  })
})
