// Rossi recidivism (lifelines' rossi.csv): Cox PH, discrete-time hazard, Kaplan–Meier and concordance
// against ../shared/reference/python/ref_extra_out.txt (S1–S3) and the lifelines documentation.
import { Effect } from "effect"
import { beforeAll, expect, it } from "vitest"
import { concordanceIndex } from "../../src/hazard/concordance.ts"
import { fitCox } from "../../src/hazard/cox.ts"
import { expandPersonPeriod, fitDiscreteTimeHazard } from "../../src/hazard/discrete-time-hazard.ts"
import { kaplanMeier } from "../../src/hazard/kaplan-meier.ts"
import { loadRossi, type RossiData, sharedDataFiles } from "../support/shared-data.ts"
import { describeWithSharedData } from "../support/shared-data-suite.ts"

const names = ["fin", "age", "race", "wexp", "mar", "paro", "prio"]

describeWithSharedData("Rossi survival models against lifelines / statsmodels", sharedDataFiles.rossi, () => {
  let data: RossiData
  beforeAll(() => {
    data = loadRossi()
  })

  it("Cox PH with Efron ties: coefficients within 0.01 of lifelines (fin −0.379, prio 0.0915), LL −658.75", () => {
    const cox = Effect.runSync(fitCox({ x: data.x, durations: data.week, events: data.arrest }))
    const reference = [-0.3794, -0.0574, 0.3139, -0.1498, -0.4337, -0.0849, 0.0915]
    console.log(
      `Rossi Cox (Efron): ${names.map((n, j) => `${n} ${cox.coefficients[j]?.toFixed(4)}`).join(", ")}; LL ${cox.logPartialLikelihood.toFixed(3)}`
    )
    reference.forEach((value, j) => {
      expect(Math.abs((cox.coefficients[j] ?? 0) - value)).toBeLessThan(0.01)
    })
    expect(Math.abs((cox.coefficients[0] ?? 0) + 0.379)).toBeLessThan(0.01)
    expect(Math.abs((cox.coefficients[6] ?? 0) - 0.0915)).toBeLessThan(0.01)
    expect(cox.logPartialLikelihood).toBeCloseTo(-658.748, 2)
    expect(cox.nullLogPartialLikelihood).toBeCloseTo(-675.381, 2)
    expect(cox.standardErrors[0]).toBeCloseTo(0.1914, 3)
    expect(cox.standardErrors[6]).toBeCloseTo(0.0286, 3)
  })

  it("Breslow ties reproduce statsmodels (fin −0.3790, prio 0.0911, LL −659.121)", () => {
    const cox = Effect.runSync(fitCox({ x: data.x, durations: data.week, events: data.arrest }, { ties: "breslow" }))
    expect(cox.coefficients[0]).toBeCloseTo(-0.379, 3)
    expect(cox.coefficients[6]).toBeCloseTo(0.0911, 3)
    expect(cox.logPartialLikelihood).toBeCloseTo(-659.121, 2)
  })

  it("concordance 0.644 ± 0.005 and survival predictions that decrease in time and in risk", () => {
    const cox = Effect.runSync(fitCox({ x: data.x, durations: data.week, events: data.arrest }))
    const risk = cox.predictLogPartialHazard(data.x)
    const c = Effect.runSync(
      concordanceIndex(
        data.week,
        risk.map((v) => -v),
        data.arrest
      )
    )
    console.log(`Rossi concordance (lifelines convention): ${c.toFixed(4)} (reference 0.6438)`)
    expect(Math.abs(c - 0.644)).toBeLessThan(0.005)
    // The reference script's strict Harrell C (event–censoring ties not comparable) is 0.6438.
    const strict = Effect.runSync(
      concordanceIndex(
        data.week,
        risk.map((v) => -v),
        data.arrest,
        { tiedCensoring: "excluded" }
      )
    )
    expect(strict).toBeCloseTo(0.6438, 4)
    const [curve = new Float64Array(0)] = cox.predictSurvival(
      { rows: 1, cols: 7, values: data.x.values.slice(0, 7) },
      [1, 10, 30, 52]
    )
    for (let k = 1; k < curve.length; k++) expect(curve[k] ?? 1).toBeLessThan(curve[k - 1] ?? 0)
    // Breslow baseline: the average predicted S(52) tracks the Kaplan–Meier S(52) of the whole sample.
    const km = Effect.runSync(kaplanMeier(data.week, data.arrest))
    const meanS52 = cox.predictSurvival(data.x, [52]).reduce((s, row) => s + (row[0] ?? 0), 0) / data.x.rows
    expect(Math.abs(meanS52 - km.survivalAt(52))).toBeLessThan(0.01)
  })

  it("discrete-time hazard on person-weeks (13 four-week bins): cloglog fin within 0.01 of −0.380, logit −0.3816", () => {
    const personWeeks = Effect.runSync(expandPersonPeriod({ x: data.x, durations: data.week, events: data.arrest }))
    expect(personWeeks.x.rows).toBe(19809)
    expect(personWeeks.y.reduce((s, v) => s + v, 0)).toBe(114)
    const cloglog = Effect.runSync(fitDiscreteTimeHazard(personWeeks, { link: "cloglog", binWidth: 4 }))
    const logit = Effect.runSync(fitDiscreteTimeHazard(personWeeks, { link: "logit", binWidth: 4 }))
    console.log(
      `Rossi discrete-time: cloglog fin ${cloglog.coefficients[0]?.toFixed(4)} prio ${cloglog.coefficients[6]?.toFixed(4)} LL ${cloglog.logLikelihood.toFixed(3)}; logit fin ${logit.coefficients[0]?.toFixed(4)}`
    )
    expect(cloglog.baseline.length).toBe(13)
    expect(Math.abs((cloglog.coefficients[0] ?? 0) + 0.38)).toBeLessThan(0.01)
    expect(cloglog.coefficients[0]).toBeCloseTo(-0.3801, 3)
    expect(cloglog.coefficients[6]).toBeCloseTo(0.0918, 3)
    expect(cloglog.logLikelihood).toBeCloseTo(-678.198, 2)
    expect(cloglog.standardErrors[0]).toBeCloseTo(0.1914, 2)
    expect(logit.coefficients[0]).toBeCloseTo(-0.3816, 3)
    expect(logit.logLikelihood).toBeCloseTo(-678.208, 2)
  })

  it("Kaplan–Meier S(52) by arm: 0.6944 (fin = 0) and 0.7778 (fin = 1)", () => {
    for (const [fin, expected] of [
      [0, 0.6944],
      [1, 0.7778]
    ] as const) {
      const rows = Array.from({ length: data.x.rows }, (_, i) => i).filter((i) => data.x.values[i * 7] === fin)
      const km = Effect.runSync(
        kaplanMeier(
          rows.map((i) => data.week[i] ?? 0),
          rows.map((i) => data.arrest[i] ?? 0)
        )
      )
      expect(km.survivalAt(52)).toBeCloseTo(expected, 4)
    }
  })
})
