// fitMmm's option checks, typed errors of the response functions and the MAPE convention, on a small
// simulated series (one chain, short warm-up: these tests check behaviour, not recovery).

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { applyAdstock } from "../../src/mmm/adstock.ts"
import { optimizeBudget } from "../../src/mmm/budget-optimizer.ts"
import { fitMmm, type MmmFit, type MmmInput, type MmmOptions } from "../../src/mmm/fit-mmm.ts"
import { applySaturation } from "../../src/mmm/saturation.ts"

const rng = new SeededRandom(31)
const n = 60
const spend = Float64Array.from({ length: n }, () => rng.next())
const effect = applySaturation(
  applyAdstock(spend, { kind: "geometric", lMax: 8, normalize: true }, [0.4]),
  "logistic",
  [3]
)
// The first period's target is exactly 0: its percentage error is undefined.
const target = Float64Array.from({ length: n }, (_, t) => (t === 0 ? 0 : 1 + (effect[t] ?? 0) + 0.05 * rng.normal()))
const input: MmmInput = {
  target,
  channels: [{ name: "tv", spend }],
  seasonality: { dayOfYear: Float64Array.from({ length: n }, (_, t) => (7 * t) % 365) },
  trend: false
}
const quick: MmmOptions = { chains: 1, warmup: 100, draws: 100, seed: 2, channelScaling: "none", targetScale: 1 }

describe("fitMmm validation, response errors and MAPE", () => {
  it("rejects out-of-range warmup, intervalMass, seasonality order and period, and sampler options", () => {
    const field = (options: MmmOptions, override: Partial<MmmInput> = {}) =>
      Effect.runSync(Effect.flip(fitMmm({ ...input, ...override }, options))).field
    expect(field({ ...quick, warmup: -1 })).toBe("warmup")
    expect(field({ ...quick, warmup: 10.5 })).toBe("warmup")
    expect(field({ ...quick, intervalMass: 0 })).toBe("intervalMass")
    expect(field({ ...quick, intervalMass: 1.2 })).toBe("intervalMass")
    expect(field({ ...quick, maxTreeDepth: 0 })).toBe("maxTreeDepth")
    expect(field({ ...quick, targetAccept: 1 })).toBe("targetAccept")
    expect(field({ ...quick, targetScale: Number.POSITIVE_INFINITY })).toBe("targetScale")
    const dayOfYear = input.seasonality?.dayOfYear ?? []
    expect(field(quick, { seasonality: { dayOfYear, order: 0 } })).toBe("seasonality.order")
    expect(field(quick, { seasonality: { dayOfYear, order: 1.5 } })).toBe("seasonality.order")
    expect(field(quick, { seasonality: { dayOfYear, period: 0 } })).toBe("seasonality.period")
  })

  let fit: MmmFit
  beforeAll(async () => {
    fit = await Effect.runPromise(fitMmm(input, quick))
  })

  it("MAPE skips the zero target instead of becoming Infinity", () => {
    let sum = 0
    for (let t = 1; t < n; t++) sum += Math.abs(((target[t] ?? 0) - (fit.fitted[t] ?? 0)) / (target[t] ?? 1))
    expect(Number.isFinite(fit.diagnostics.mape)).toBe(true)
    expect(fit.diagnostics.mape).toBeCloseTo(sum / (n - 1), 12)
  })

  it("responseCurve and responseDraws fail with a typed error for an unknown channel or a bad spend", () => {
    const unknown = Effect.runSync(Effect.flip(fit.responseCurve("radio", [1])))
    expect(unknown.field).toBe("channel")
    expect(unknown.message).toContain("radio")
    expect(Effect.runSync(Effect.flip(fit.responseDraws("radio"))).field).toBe("channel")
    expect(Effect.runSync(Effect.flip(fit.responseCurve("tv", [0.5, -1]))).row).toBe(1)
    expect(Effect.runSync(Effect.flip(fit.responseCurve("tv", [Number.NaN]))).field).toBe("spendPerPeriod")
    const [half, full] = Effect.runSync(fit.responseCurve("tv", [0.5, 1]))
    const draws = Effect.runSync(fit.responseDraws("tv"))
    let mean = 0
    for (let i = 0; i < fit.drawCount; i++) mean += draws(1, i) / fit.drawCount
    expect(full?.mean).toBeCloseTo(mean, 12)
    expect(full?.mean ?? 0).toBeGreaterThan(half?.mean ?? 0)
    const plan = Effect.runSync(optimizeBudget(fit, { totalBudget: 0.5 }))
    expect(plan.allocation[0]?.spend).toBeCloseTo(0.5, 12)
  })
})
