// pymc-marketing's mmm_example (known DGP, ../shared/data/README.md): parameter recovery, ROAS and fit
// diagnostics against the truth and ../shared/reference/python/ref_extra_out.txt (M1).
import { Effect } from "effect"
import { beforeAll, expect, it } from "vitest"
import { optimizeBudget } from "../../src/mmm/budget-optimizer.ts"
import { fitMmm, type MmmFit } from "../../src/mmm/fit-mmm.ts"
import { loadMmmExample, type MmmExample, sharedDataFiles } from "../support/shared-data.ts"
import { describeWithSharedData } from "../support/shared-data-suite.ts"

describeWithSharedData("Bayesian MMM on pymc-marketing's mmm_example", sharedDataFiles.mmmExample, () => {
  let data: MmmExample
  let fit: MmmFit
  beforeAll(async () => {
    data = loadMmmExample()
    // The truth (α 0.4, λ 4, β 3 for x1) is stated for raw spend and y/1000, so fit on that scale.
    fit = await Effect.runPromise(
      fitMmm(
        {
          target: data.y,
          channels: [
            { name: "x1", spend: data.x1 },
            { name: "x2", spend: data.x2 }
          ],
          controls: [
            { name: "event_1", values: data.event1 },
            { name: "event_2", values: data.event2 }
          ],
          seasonality: { dayOfYear: data.dayOfYear, order: 2 }
        },
        { targetScale: 1000, channelScaling: "none", chains: 2, warmup: 300, draws: 300, seed: 7 }
      )
    )
  })

  it("recovers α, λ, β of x1 within two posterior standard deviations of the truth (0.4, 4, 3)", () => {
    const truth: Record<string, number> = { "x1.adstock.alpha": 0.4, "x1.saturation.lambda": 4, "x1.beta": 3 }
    for (const [name, value] of Object.entries(truth)) {
      const summary = fit.parameters.find((p) => p.name === name)
      console.log(
        `mmm_example ${name}: ${summary?.mean.toFixed(4)} ± ${summary?.sd.toFixed(4)} (truth ${value}), R-hat ${summary?.rhat.toFixed(3)}`
      )
      expect(summary).toBeDefined()
      expect(Math.abs((summary?.mean ?? 0) - value)).toBeLessThan(2 * (summary?.sd ?? 0))
      expect(summary?.rhat ?? 9).toBeLessThan(1.05)
    }
  })

  it("ROAS of x1 within 10 % of 4.968 (y/1000 per unit of spend) and x2 near 2.275", () => {
    const [x1, x2] = fit.channels
    const roas1 = (x1?.roi.mean ?? 0) / 1000
    const roas2 = (x2?.roi.mean ?? 0) / 1000
    console.log(`mmm_example ROAS x1 ${roas1.toFixed(4)} (truth 4.968), x2 ${roas2.toFixed(4)} (truth 2.275)`)
    expect(Math.abs(roas1 - 4.968) / 4.968).toBeLessThan(0.1)
    expect(Math.abs(roas2 - 2.275) / 2.275).toBeLessThan(0.15)
    // Marginal ROAS is below average ROAS under a concave curve (reference NLS: 3.53 vs 4.99 for x1).
    expect((x1?.marginalRoi.mean ?? 0) / 1000).toBeGreaterThan(3)
    expect((x1?.marginalRoi.mean ?? 9e9) / 1000).toBeLessThan(roas1)
  })

  it("fit diagnostics match the reference NLS fit (R² 0.952, NRMSE 0.0465, MAPE 0.0375, DECOMP.RSSD 0.21)", () => {
    const d = fit.diagnostics
    console.log(
      `mmm_example R² ${d.r2.toFixed(4)} NRMSE ${d.nrmse.toFixed(4)} MAPE ${d.mape.toFixed(4)} DECOMP.RSSD ${d.decompRssd.toFixed(4)} divergences ${d.divergences}`
    )
    expect(Math.abs(d.r2 - 0.9519)).toBeLessThan(0.01)
    expect(Math.abs(d.nrmse - 0.0465)).toBeLessThan(0.005)
    expect(Math.abs(d.mape - 0.0375)).toBeLessThan(0.005)
    expect(Math.abs(d.decompRssd - 0.2103)).toBeLessThan(0.03)
    expect(d.maxRhat).toBeLessThan(1.05)
    expect(d.divergences).toBeLessThan(10)
  })

  it("response curves rise with diminishing returns; the budget optimizer honours bounds and beats the historical split", () => {
    const curve = Effect.runSync(fit.responseCurve("x1", [0, 0.25, 0.5, 0.75, 1])).map((s) => s.mean)
    for (let k = 1; k < curve.length; k++) expect(curve[k] ?? 0).toBeGreaterThan(curve[k - 1] ?? 0)
    for (let k = 2; k < curve.length; k++)
      expect((curve[k] ?? 0) - (curve[k - 1] ?? 0)).toBeLessThan((curve[k - 1] ?? 0) - (curve[k - 2] ?? 0))
    const meanSpend = [data.x1, data.x2].map((x) => x.reduce((s, v) => s + v, 0) / x.length)
    const budget = (meanSpend[0] ?? 0) + (meanSpend[1] ?? 0)
    const plan = Effect.runSync(
      optimizeBudget(fit, { totalBudget: budget, bounds: [{ channel: "x2", min: 0.05, max: 0.3 }] })
    )
    const spent = plan.allocation.reduce((s, a) => s + a.spend, 0)
    expect(Math.abs(spent - budget)).toBeLessThan(1e-9)
    const x2 = plan.allocation.find((a) => a.channel === "x2")
    expect(x2?.spend ?? 0).toBeGreaterThanOrEqual(0.05 - 1e-12)
    expect(x2?.spend ?? 1).toBeLessThanOrEqual(0.3 + 1e-12)
    const historical =
      (Effect.runSync(fit.responseCurve("x1", [meanSpend[0] ?? 0]))[0]?.mean ?? 0) +
      (Effect.runSync(fit.responseCurve("x2", [meanSpend[1] ?? 0]))[0]?.mean ?? 0)
    expect(plan.totalResponse.mean).toBeGreaterThanOrEqual(historical - 1e-6)
    // A spend plan equal to the history reproduces the fitted contribution; doubling it adds less than double.
    const history = fit.planContribution("x1", data.x1)
    expect(Math.abs((history?.total.mean ?? 0) - (fit.channels[0]?.contribution.mean ?? 1))).toBeLessThan(
      1e-6 * (history?.total.mean ?? 1)
    )
    const doubled = fit.planContribution(
      "x1",
      data.x1.map((v) => 2 * v)
    )
    expect(doubled?.total.mean ?? 0).toBeGreaterThan(history?.total.mean ?? 0)
    expect(doubled?.total.mean ?? 9e9).toBeLessThan(2 * (history?.total.mean ?? 0))
    expect(fit.planContribution("unknown", [1])).toBeUndefined()
    const infeasible = Effect.runSync(
      Effect.flip(optimizeBudget(fit, { totalBudget: budget, bounds: [{ channel: "x1", min: budget * 2 }] }))
    )
    expect(infeasible.field).toBe("bounds")
  })
})
