// End-to-end recovery on simulated data for the adstock and saturation kinds the example does not use:
// Weibull-CDF adstock with Hill saturation, delayed adstock with Michaelis–Menten saturation.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { applyAdstock } from "../../src/mmm/adstock.ts"
import { fitMmm } from "../../src/mmm/fit-mmm.ts"
import { applySaturation } from "../../src/mmm/saturation.ts"

describe("Bayesian MMM on simulated data with known parameters", () => {
  it("recovers Weibull-CDF + Hill and delayed + Michaelis–Menten parameters within three posterior SDs", async () => {
    const rng = new SeededRandom(11)
    const n = 200
    const tv = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? rng.next() : 0))
    const search = Float64Array.from({ length: n }, () => 0.3 + 0.7 * rng.next())
    const tvEffect = applySaturation(applyAdstock(tv, { kind: "weibull-cdf", lMax: 8 }, [2.5, 1.5]), "hill", [0.3, 1.5])
    const searchEffect = applySaturation(
      applyAdstock(search, { kind: "delayed", lMax: 8 }, [0.5, 1.5]),
      "michaelis-menten",
      [0.6]
    )
    const y = Float64Array.from(
      { length: n },
      (_, t) => 1 + 2 * (tvEffect[t] ?? 0) + 1.5 * (searchEffect[t] ?? 0) + 0.1 * rng.normal()
    )
    const fit = await Effect.runPromise(
      fitMmm(
        {
          target: y,
          channels: [
            { name: "tv", spend: tv, adstock: { kind: "weibull-cdf", lMax: 8 }, saturation: "hill" },
            { name: "search", spend: search, adstock: { kind: "delayed", lMax: 8 }, saturation: "michaelis-menten" }
          ],
          trend: false
        },
        { targetScale: 1, channelScaling: "none", chains: 2, warmup: 200, draws: 200, seed: 5 }
      )
    )
    const truth: Record<string, number> = {
      intercept: 1,
      "tv.beta": 2,
      "tv.adstock.lambda": 2.5,
      "tv.adstock.k": 1.5,
      "tv.saturation.kappa": 0.3,
      "tv.saturation.slope": 1.5,
      "search.beta": 1.5,
      "search.adstock.alpha": 0.5,
      "search.adstock.theta": 1.5,
      "search.saturation.lambda": 0.6,
      sigma: 0.1
    }
    for (const [name, value] of Object.entries(truth)) {
      const p = fit.parameters.find((entry) => entry.name === name)
      expect(p, name).toBeDefined()
      expect(Math.abs((p?.mean ?? 0) - value), name).toBeLessThan(3 * (p?.sd ?? 0))
      expect(p?.rhat ?? 9, name).toBeLessThan(1.1)
    }
    expect(fit.diagnostics.r2).toBeGreaterThan(0.9)
  })
})
