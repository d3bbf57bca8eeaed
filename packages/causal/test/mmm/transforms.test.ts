// Adstock and saturation transforms: reference shapes and analytic gradients against finite differences.
import { describe, expect, it } from "vitest"
import { type AdstockSpec, adstockWeights, applyAdstock } from "../../src/mmm/adstock.ts"
import { type SaturationKind, saturationAt } from "../../src/mmm/saturation.ts"

const finiteDifference = (f: (v: number) => number, v: number, h = 1e-6) => (f(v + h) - f(v - h)) / (2 * h)

describe("adstock", () => {
  it("geometric normalised over l_max matches the reference recipe (ref_extra.py geo_adstock)", () => {
    const x = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    const out = applyAdstock(x, { kind: "geometric", lMax: 8 }, [0.4])
    const total = (1 - 0.4 ** 8) / (1 - 0.4)
    for (let l = 0; l < 8; l++) expect(out[l]).toBeCloseTo(0.4 ** l / total, 15)
    expect(out[8]).toBe(0)
    expect(Array.from(applyAdstock([2, 3], { kind: "geometric", lMax: 8, normalize: false }, [0.5]))).toEqual([2, 4])
  })

  it("delayed adstock peaks at θ; Weibull CDF starts at 1 and decays; Weibull PDF is min–max scaled", () => {
    const delayed = adstockWeights({ kind: "delayed", lMax: 8, normalize: false }, [0.5, 3]).weights
    expect(delayed[3]).toBe(1)
    expect(delayed[2] ?? 9).toBeLessThan(1)
    const cdf = adstockWeights({ kind: "weibull-cdf", lMax: 6, normalize: false }, [2, 1.5]).weights
    expect(cdf[0]).toBe(1)
    expect(cdf[1]).toBeCloseTo(Math.exp(-((1 / 2) ** 1.5)), 15)
    for (let l = 1; l < 6; l++) expect(cdf[l] ?? 9).toBeLessThan(cdf[l - 1] ?? 0)
    const pdf = adstockWeights({ kind: "weibull-pdf", lMax: 8, normalize: false }, [3, 2]).weights
    expect(Math.max(...pdf)).toBeCloseTo(1, 15)
    expect(Math.min(...pdf)).toBeCloseTo(0, 15)
  })

  const specs: ReadonlyArray<readonly [AdstockSpec, ReadonlyArray<number>]> = [
    [{ kind: "geometric", lMax: 8 }, [0.35]],
    [{ kind: "delayed", lMax: 10 }, [0.6, 2.3]],
    [{ kind: "weibull-cdf", lMax: 10 }, [3, 1.4]],
    [{ kind: "weibull-pdf", lMax: 10, normalize: false }, [3.5, 2.2]]
  ]
  for (const [spec, params] of specs) {
    it(`${spec.kind}: analytic weight gradients equal finite differences`, () => {
      const { gradients } = adstockWeights(spec, params)
      params.forEach((_, p) => {
        for (let l = 0; l < (spec.lMax ?? 8); l++) {
          const numeric = finiteDifference((v) => {
            const shifted = [...params]
            shifted[p] = v
            return adstockWeights(spec, shifted).weights[l] ?? 0
          }, params[p] ?? 0)
          expect(Math.abs((gradients[p]?.[l] ?? 0) - numeric)).toBeLessThan(1e-6)
        }
      })
    })
  }
})

describe("saturation", () => {
  it("logistic equals (1 − e^{−λx})/(1 + e^{−λx}); Hill is ½ at κ; Michaelis–Menten is ½ at λ", () => {
    expect(saturationAt("logistic", 0.3, [4]).value).toBeCloseTo((1 - Math.exp(-1.2)) / (1 + Math.exp(-1.2)), 15)
    expect(saturationAt("hill", 2, [2, 3]).value).toBeCloseTo(0.5, 15)
    expect(saturationAt("michaelis-menten", 5, [5]).value).toBeCloseTo(0.5, 15)
  })
  const cases: ReadonlyArray<readonly [SaturationKind, ReadonlyArray<number>]> = [
    ["logistic", [3.2]],
    ["hill", [0.7, 1.8]],
    ["michaelis-menten", [0.9]]
  ]
  for (const [kind, params] of cases) {
    it(`${kind}: slope and parameter gradients equal finite differences`, () => {
      for (const x of [0.05, 0.4, 1.3]) {
        const s = saturationAt(kind, x, params)
        expect(Math.abs(s.slope - finiteDifference((v) => saturationAt(kind, v, params).value, x))).toBeLessThan(1e-7)
        params.forEach((_, p) => {
          const numeric = finiteDifference((v) => {
            const shifted = [...params]
            shifted[p] = v
            return saturationAt(kind, x, shifted).value
          }, params[p] ?? 0)
          expect(Math.abs((s.gradients[p] ?? 0) - numeric)).toBeLessThan(1e-7)
        })
      }
    })
  }
})
