// Meta-learners on simulated data with a known effect, several treatments, ATE intervals and input validation.

import { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { boostedTreesLearner } from "../../src/learners/boosting/gradient-boosting.ts"
import type { Learner } from "../../src/learners/learner.ts"
import { linearRegressionLearner, logisticLearner, ridgeLearner } from "../../src/learners/linear-learners.ts"
import type { Matrix } from "../../src/matrix.ts"
import { estimateAte } from "../../src/meta/ate.ts"
import { drLearner } from "../../src/meta/dr-learner.ts"
import { fitUplift, type MetaLearner, type OutcomeKind } from "../../src/meta/meta-learner.ts"
import { rLearner } from "../../src/meta/r-learner.ts"
import { sLearner } from "../../src/meta/s-learner.ts"
import { tLearner } from "../../src/meta/t-learner.ts"
import { xLearner } from "../../src/meta/x-learner.ts"

/** Confounded continuous data with τ(x) = 1 + x₀ and P(treated | x) = σ(0.8·x₁). */
const confounded = (n: number, seed: number) => {
  const rng = new SeededRandom(seed)
  const values = new Float64Array(n * 3)
  const treatment = new Float64Array(n)
  const outcome = new Float64Array(n)
  const tau = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const a = rng.normal()
    const b = rng.normal()
    const c = rng.normal()
    values.set([a, b, c], i * 3)
    const w = rng.next() < 1 / (1 + Math.exp(-0.8 * b)) ? 1 : 0
    tau[i] = 1 + a
    treatment[i] = w
    outcome[i] = 2 + b + 0.5 * c + w * (tau[i] ?? 0) + 0.5 * rng.normal()
  }
  return { x: { rows: n, cols: 3, values } as Matrix, treatment, outcome, tau }
}

const rmse = (a: Float64Array, b: Float64Array) =>
  Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] ?? 0)) ** 2, 0) / a.length)

describe("meta-learners recover a known heterogeneous effect", () => {
  const data = confounded(3000, 1)
  const linear = linearRegressionLearner()
  const learners: Record<string, MetaLearner> = {
    S: sLearner({ learner: boostedTreesLearner({ nEstimators: 150, numLeaves: 15 }) }),
    T: tLearner({ learner: linear }),
    X: xLearner({ outcomeLearner: linear, effectLearner: linear }),
    DR: drLearner({ outcomeLearner: linear, effectLearner: linear }),
    R: rLearner({ outcomeLearner: ridgeLearner({ alpha: 0 }), effectLearner: linear })
  }
  for (const [name, learner] of Object.entries(learners)) {
    it(`${name}-learner: CATE RMSE < 0.35 and ATE within 0.1 of the truth (1.0)`, () => {
      const model = Effect.runSync(fitUplift(learner, data, { seed: 3 }))
      expect(model.outcomeKind).toBe("continuous")
      const [cate = new Float64Array(0)] = Effect.runSync(model.predictCate(data.x))
      expect(rmse(cate, data.tau)).toBeLessThan(0.35)
      const ate = cate.reduce((s, v) => s + v, 0) / cate.length
      const trueAte = data.tau.reduce((s, v) => s + v, 0) / data.tau.length
      expect(Math.abs(ate - trueAte)).toBeLessThan(0.1)
    })
  }

  it("the naive difference in means is biased here, so the test above is not trivial", () => {
    let yT = 0
    let nT = 0
    let yC = 0
    data.treatment.forEach((w, i) => {
      if (w === 1) {
        yT += data.outcome[i] ?? 0
        nT++
      } else yC += data.outcome[i] ?? 0
    })
    expect(yT / nT - yC / (data.treatment.length - nT) - 1).toBeGreaterThan(0.3)
  })
})

describe("X-learner orientation (causalml: τ̂ = ê·τ̂₀ + (1 − ê)·τ̂₁)", () => {
  it("weights the control-side effect model by ê: 0.4 with ê = 0.8, where the swapped weights give 1.6", () => {
    // Noise-free arms y₀ = 1 + 0.5x, y₁ = 1 + 1.5x, so τ(x) = x and OLS imputes d = x exactly; the effect
    // learner is a constant (the mean of its target), so τ̂₁ = mean treated x = 2 and τ̂₀ = mean control x = 0.
    const treatedX = [0.5, 1, 1.5, 2, 2, 2.5, 3, 3.5]
    const controlX = [-1, 1]
    const xs = [...treatedX, ...controlX]
    const treatment = xs.map((_, i) => (i < treatedX.length ? 1 : 0))
    const outcome = xs.map((v, i) => (i < treatedX.length ? 1 + 1.5 * v : 1 + 0.5 * v))
    const meanLearner: Learner = {
      name: "mean",
      tasks: ["regression"],
      fit: ({ y }) => {
        const m = y.reduce((s, v) => s + v, 0) / y.length
        return { predict: (x) => new Float64Array(x.rows).fill(m) }
      }
    }
    const learner = xLearner({
      outcomeLearner: linearRegressionLearner(),
      effectLearner: meanLearner,
      propensity: { kind: "constant" }
    })
    const x: Matrix = { rows: xs.length, cols: 1, values: Float64Array.from(xs) }
    const model = Effect.runSync(fitUplift(learner, { x, treatment, outcome }))
    const [cate = new Float64Array(0)] = Effect.runSync(model.predictCate(x))
    for (const value of cate) expect(value).toBeCloseTo(0.8 * 0 + 0.2 * 2, 10)
  })
})

describe("DR- and R-learners on a binary outcome", () => {
  // Confounded binary data: P(w = 1 | x) = σ(0.8·x₁), P(y = 1 | x, w) = σ(−1 + x₀ + 0.3·x₁ + 0.8·w).
  const rng = new SeededRandom(23)
  const n = 6000
  const values = new Float64Array(n * 2)
  const treatment = new Float64Array(n)
  const outcome = new Float64Array(n)
  const tau = new Float64Array(n)
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))
  for (let i = 0; i < n; i++) {
    const a = rng.normal()
    const b = rng.normal()
    values.set([a, b], i * 2)
    const w = rng.next() < sigmoid(0.8 * b) ? 1 : 0
    const base = -1 + a + 0.3 * b
    tau[i] = sigmoid(base + 0.8) - sigmoid(base)
    treatment[i] = w
    outcome[i] = rng.next() < sigmoid(base + 0.8 * w) ? 1 : 0
  }
  const data = { x: { rows: n, cols: 2, values } as Matrix, treatment, outcome }
  const trueAte = tau.reduce((s, v) => s + v, 0) / n
  const learners: Record<string, MetaLearner> = {
    DR: drLearner({ outcomeLearner: logisticLearner(), effectLearner: ridgeLearner() }),
    R: rLearner({ outcomeLearner: logisticLearner(), effectLearner: ridgeLearner() })
  }
  for (const [name, learner] of Object.entries(learners)) {
    it(`${name}-learner: classifies the outcome, ATE within 0.02 of the truth, CATE RMSE < 0.05 (probability points)`, () => {
      const model = Effect.runSync(fitUplift(learner, data, { seed: 9 }))
      expect(model.outcomeKind).toBe("binary")
      const [cate = new Float64Array(0)] = Effect.runSync(model.predictCate(data.x))
      const ate = cate.reduce((s, v) => s + v, 0) / n
      console.log(
        `${name}-learner binary: ATE ${ate.toFixed(4)} (truth ${trueAte.toFixed(4)}), RMSE ${rmse(cate, tau).toFixed(4)}`
      )
      expect(Math.abs(ate - trueAte)).toBeLessThan(0.02)
      expect(rmse(cate, tau)).toBeLessThan(0.05)
    })
  }
})

describe("several treatments against one control", () => {
  it("fits one CATE per group, in label order, with per-group effects", () => {
    const rng = new SeededRandom(5)
    const n = 3000
    const values = new Float64Array(n * 2)
    const treatment: Array<string> = []
    const outcome = new Float64Array(n)
    const effects: Record<string, number> = { control: 0, email: 0.5, sms: -0.3 }
    for (let i = 0; i < n; i++) {
      const a = rng.normal()
      const b = rng.normal()
      values.set([a, b], i * 2)
      const label = ["control", "email", "sms"][rng.int(3)] ?? "control"
      treatment.push(label)
      outcome[i] = a + (effects[label] ?? 0) + 0.2 * rng.normal()
    }
    const model = Effect.runSync(
      fitUplift(
        tLearner({ learner: linearRegressionLearner() }),
        { x: { rows: n, cols: 2, values }, treatment, outcome },
        { control: "control" }
      )
    )
    expect(model.groups).toEqual(["email", "sms"])
    const [email = new Float64Array(0), sms = new Float64Array(0)] = Effect.runSync(
      model.predictCate({ rows: n, cols: 2, values })
    )
    expect(email.reduce((s, v) => s + v, 0) / n).toBeCloseTo(0.5, 1)
    expect(sms.reduce((s, v) => s + v, 0) / n).toBeCloseTo(-0.3, 1)
  })
})

describe("ATE intervals", () => {
  const rng = new SeededRandom(11)
  const n = 2000
  const values = new Float64Array(n)
  const treatment = new Float64Array(n)
  const outcome = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    values[i] = rng.normal()
    treatment[i] = rng.next() < 0.5 ? 1 : 0
    outcome[i] = rng.next() < 0.2 + 0.1 * (treatment[i] ?? 0) ? 1 : 0
  }
  const data = { x: { rows: n, cols: 1, values }, treatment, outcome }

  it("T-learner analytic interval: normal, centred, ≈ two-proportion standard error", () => {
    const [estimate] = Effect.runSync(estimateAte(tLearner({ learner: logisticLearner() }), data))
    expect(estimate?.method).toBe("analytic")
    // sqrt(p1(1−p1)/n1 + p0(1−p0)/n0) with p ≈ 0.3 / 0.2, n ≈ 1000 each ≈ 0.0193.
    expect(Math.abs((estimate?.standardError ?? 0) - 0.0193)).toBeLessThan(0.003)
    expect(((estimate?.upper ?? 0) + (estimate?.lower ?? 0)) / 2).toBeCloseTo(estimate?.ate ?? 1, 12)
    expect((estimate?.lower ?? 1) < 0.1 && (estimate?.upper ?? 0) > 0.1).toBe(true)
  })

  it("percentile bootstrap for the X-learner agrees with the analytic width and is seed-deterministic", () => {
    const learner = xLearner({
      outcomeLearner: logisticLearner(),
      effectLearner: ridgeLearner(),
      propensity: { kind: "constant" }
    })
    const run = () => Effect.runSync(estimateAte(learner, data, { bootstrap: { samples: 60 }, seed: 2 }))
    const [first] = run()
    const [second] = run()
    expect(first?.method).toBe("bootstrap")
    expect(first?.lower).toBe(second?.lower)
    expect(Math.abs((first?.standardError ?? 0) - 0.0193)).toBeLessThan(0.006)
    expect((first?.lower ?? 1) < (first?.ate ?? 0) && (first?.ate ?? 1) < (first?.upper ?? 0)).toBe(true)
  })

  const bootstrapLearners: Record<string, MetaLearner> = {
    S: sLearner({ learner: logisticLearner() }),
    T: tLearner({ learner: logisticLearner() }),
    DR: drLearner({
      outcomeLearner: logisticLearner(),
      effectLearner: ridgeLearner(),
      propensity: { kind: "constant" }
    }),
    R: rLearner({ outcomeLearner: logisticLearner(), effectLearner: ridgeLearner(), propensity: { kind: "constant" } })
  }
  for (const [name, learner] of Object.entries(bootstrapLearners)) {
    it(`percentile bootstrap for the ${name}-learner: every replicate used, ≈ two-proportion SE, covers 0.1`, () => {
      const [estimate] = Effect.runSync(
        estimateAte(learner, data, { interval: "bootstrap", bootstrap: { samples: 40 }, seed: 4 })
      )
      expect(estimate?.method).toBe("bootstrap")
      expect(estimate?.replicates).toBe(40)
      expect(estimate?.failedReplicates).toBe(0)
      expect(Math.abs((estimate?.standardError ?? 0) - 0.0193)).toBeLessThan(0.006)
      expect((estimate?.lower ?? 1) < 0.1 && 0.1 < (estimate?.upper ?? 0)).toBe(true)
      expect((estimate?.lower ?? 1) < (estimate?.ate ?? 0) && (estimate?.ate ?? 1) < (estimate?.upper ?? 0)).toBe(true)
    })
  }

  /** A meta-learner whose CATE is a constant: the running count of fits, NaN on every 5th fit. */
  const countingLearner = (kinds: Array<OutcomeKind> = []): MetaLearner => {
    let fits = 0
    return {
      name: "counting",
      roles: [],
      fitBinary: (input) => {
        fits += 1
        kinds.push(input.outcomeKind)
        const value = fits % 5 === 0 ? Number.NaN : fits
        return { cate: (x) => new Float64Array(x.rows).fill(value) }
      }
    }
  }

  it("bootstrap replicates keep the outcome kind of the full data (a mostly-0/1 outcome stays continuous)", () => {
    const mostlyBinary = Float64Array.from(outcome)
    mostlyBinary[17] = 0.5
    const kinds: Array<OutcomeKind> = []
    const learner = countingLearner(kinds)
    const run = estimateAte(
      learner,
      { ...data, outcome: mostlyBinary },
      { bootstrap: { samples: 30, maxFailedShare: 0.5 }, seed: 3 }
    )
    Effect.runSync(run)
    // Row 17 is missing from ~37 % of the resamples, which are then all 0/1.
    expect(kinds).toHaveLength(31)
    expect(kinds.every((kind) => kind === "continuous")).toBe(true)
  })

  it("failed replicates are dropped from the percentiles (not counted as 0) and reported", () => {
    // Fit 1 is the point estimate; replicates are fits 2…21, of which 5, 10, 15 and 20 give NaN.
    const [estimate] = Effect.runSync(
      estimateAte(countingLearner(), data, { bootstrap: { samples: 20, maxFailedShare: 0.25 } })
    )
    expect(estimate?.ate).toBe(1)
    expect(estimate?.replicates).toBe(16)
    expect(estimate?.failedReplicates).toBe(4)
    // numpy's linear percentiles of [2, 3, 4, 6, …, 19, 21] (16 values): positions 0.375 and 14.625.
    expect(estimate?.lower).toBeCloseTo(2.375, 12)
    expect(estimate?.upper).toBeCloseTo(20.25, 12)
  })

  it("fails with a bootstrap error when more than maxFailedShare of the replicates fail", () => {
    const failure = Effect.runSync(Effect.flip(estimateAte(countingLearner(), data, { bootstrap: { samples: 20 } })))
    expect(failure.field).toBe("bootstrap")
    expect(failure.message).toContain("4 of 20")
    const badShare = estimateAte(countingLearner(), data, { bootstrap: { maxFailedShare: 1.5 } })
    expect(Effect.runSync(Effect.flip(badShare)).field).toBe("bootstrap.maxFailedShare")
  })

  it("refuses an analytic interval for learners without outcome models", () => {
    const learner = xLearner({ outcomeLearner: logisticLearner(), effectLearner: ridgeLearner() })
    const failure = Effect.runSync(Effect.flip(estimateAte(learner, data, { interval: "analytic" })))
    expect(failure.field).toBe("interval")
  })
})

describe("input validation names the field and row", () => {
  const x: Matrix = { rows: 4, cols: 1, values: Float64Array.of(1, 2, 3, 4) }
  const learner = tLearner({ learner: linearRegressionLearner() })
  it("rejects mismatched lengths, missing control, non-finite values and wrong column counts", () => {
    const lengths = Effect.runSync(Effect.flip(fitUplift(learner, { x, treatment: [0, 1, 0], outcome: [1, 2, 3, 4] })))
    expect(lengths.field).toBe("treatment")
    const noControl = Effect.runSync(
      Effect.flip(fitUplift(learner, { x, treatment: [1, 1, 2, 2], outcome: [1, 2, 3, 4] }))
    )
    expect(noControl.message).toContain("control")
    const nan = Effect.runSync(
      Effect.flip(fitUplift(learner, { x, treatment: [0, 1, 0, 1], outcome: [1, Number.NaN, 3, 4] }))
    )
    expect(nan.field).toBe("outcome")
    expect(nan.row).toBe(1)
    const badX = Effect.runSync(
      Effect.flip(
        fitUplift(learner, {
          x: { rows: 4, cols: 1, values: Float64Array.of(1, 2, Number.POSITIVE_INFINITY, 4) },
          treatment: [0, 1, 0, 1],
          outcome: [1, 2, 3, 4]
        })
      )
    )
    expect(badX.field).toBe("x")
    expect(badX.row).toBe(2)
    const model = Effect.runSync(fitUplift(learner, { x, treatment: [0, 1, 0, 1], outcome: [1, 2, 3, 4] }))
    expect(
      Effect.runSync(Effect.flip(model.predictCate({ rows: 1, cols: 2, values: Float64Array.of(1, 2) }))).field
    ).toBe("x")
    const binary = Effect.runSync(
      Effect.flip(
        fitUplift(learner, { x, treatment: [0, 1, 0, 1], outcome: [0, 1, 0.5, 1] }, { outcomeKind: "binary" })
      )
    )
    expect(binary.row).toBe(2)
    const wrongTask = Effect.runSync(
      Effect.flip(
        fitUplift(xLearner({ outcomeLearner: linearRegressionLearner(), effectLearner: logisticLearner() }), {
          x,
          treatment: [0, 1, 0, 1],
          outcome: [1, 2, 3, 4]
        })
      )
    )
    expect(wrongTask.field).toBe("learner.effect")
  })
})
