// Canary decisions: guard, minimum feedback, step-up, promotion and rollback by the sequential test.

import { SeededRandom } from "@preflight/numeric"
import { describe, expect, it } from "vitest"
import {
  type CanaryDecision,
  type CanaryExperiment,
  type CanaryPolicy,
  DEFAULT_CANARY_POLICY,
  decideCanary,
  ensureNoRunningExperiment,
  routeUnit,
  startCanary,
  type VersionRecord
} from "../../src/canary/canary.ts"
import { ExperimentAlreadyRunning, InvalidVersionState } from "../../src/errors.ts"
import { bernoulliArm, type SequentialTestState, sequentialTest } from "../../src/experiments/sequential-test.ts"
import { failure, ok } from "../support/result.ts"

const registry: ReadonlyArray<VersionRecord> = [
  { id: "v1", status: "deprecated", traffic: 0 },
  { id: "v2", status: "active", traffic: 1 }
]

describe("startCanary", () => {
  it("adds the candidate at the first traffic step and keeps the rest on the active version", () => {
    const started = ok(startCanary({ registry, candidateId: "v3", experimentId: "exp-7" }))
    expect(started.registry).toEqual([
      { id: "v1", status: "deprecated", traffic: 0 },
      { id: "v2", status: "active", traffic: 0.9 },
      { id: "v3", status: "candidate", traffic: 0.1 }
    ])
    expect(started.experiment).toMatchObject({ activeId: "v2", candidateId: "v3", stepIndex: 0 })
  })

  it("refuses a second experiment while one runs (the guard)", () => {
    const started = ok(startCanary({ registry, candidateId: "v3", experimentId: "exp-7" }))
    const second = failure(startCanary({ registry: started.registry, candidateId: "v4", experimentId: "exp-8" }))
    expect(second).toBeInstanceOf(ExperimentAlreadyRunning)
    expect(second).toMatchObject({ runningCandidateId: "v3" })
    expect(failure(ensureNoRunningExperiment(started.registry))).toBeInstanceOf(ExperimentAlreadyRunning)
    expect(ok(ensureNoRunningExperiment(registry))).toBeUndefined()
  })

  it("refuses a candidate that is not new, a registry without an active version, and bad policies", () => {
    expect(failure(startCanary({ registry, candidateId: "v1", experimentId: "e" }))).toBeInstanceOf(InvalidVersionState)
    expect(
      failure(
        startCanary({
          registry: [{ id: "v1", status: "deprecated", traffic: 0 }],
          candidateId: "v9",
          experimentId: "e"
        })
      )
    ).toBeInstanceOf(InvalidVersionState)
    const policy: CanaryPolicy = { ...DEFAULT_CANARY_POLICY, trafficSteps: [0.5, 0.2] }
    expect(failure(startCanary({ registry, candidateId: "v3", experimentId: "e", policy }))).toMatchObject({
      field: "policy.trafficSteps",
      index: 1
    })
  })
})

describe("decideCanary", () => {
  const started = ok(startCanary({ registry, candidateId: "v3", experimentId: "exp-7" }))
  const decide = (
    active: [number, number],
    candidate: [number, number],
    experiment: CanaryExperiment = started.experiment,
    policy?: CanaryPolicy
  ) =>
    ok(
      decideCanary({
        registry: started.registry,
        experiment,
        feedback: {
          active: ok(bernoulliArm(active[0], active[1])),
          candidate: ok(bernoulliArm(candidate[0], candidate[1]))
        },
        ...(policy === undefined ? {} : { policy })
      })
    )

  it("holds until both arms have the minimum feedback", () => {
    const decision = decide([90, 900], [12, 60])
    expect(decision.action).toBe("hold")
    expect(decision.reasons).toEqual(["candidate arm has 60 feedback, needs 100"])
    expect(decision.test).toBeUndefined()
  })

  it("does not promote on a higher mean alone (Bindu would have): the sequential test decides", () => {
    // Candidate 11 % vs active 10 %: higher, far from significant.
    const decision = decide([100, 1000], [11, 100])
    expect(decision.action).not.toBe("promote")
    expect(decision.test?.rejectNull).toBe(false)
    expect(decide([100, 1000], [11, 100], { ...started.experiment, candidateFeedbackAtStepStart: 50 }).action).toBe(
      "hold"
    )
  })

  it("steps traffic up when nothing is wrong after enough candidate feedback at a step", () => {
    const decision = decide([1000, 10000], [105, 1000])
    expect(decision.action).toBe("step_up")
    expect(decision.registry.find((v) => v.id === "v3")?.traffic).toBe(0.25)
    expect(decision.registry.find((v) => v.id === "v2")?.traffic).toBe(0.75)
    expect(decision.experiment?.stepIndex).toBe(1)
    expect(decision.experiment?.candidateFeedbackAtStepStart).toBe(1000)
  })

  it("promotes a significantly better candidate and deprecates the old active version", () => {
    const decision = decide([1000, 10000], [180, 1000])
    expect(decision.action).toBe("promote")
    expect(decision.registry).toEqual([
      { id: "v1", status: "deprecated", traffic: 0 },
      { id: "v2", status: "deprecated", traffic: 0 },
      { id: "v3", status: "active", traffic: 1 }
    ])
    expect(decision.experiment).toBeUndefined()
  })

  it("rolls back a significantly worse candidate", () => {
    const decision = decide([1000, 10000], [40, 1000])
    expect(decision.action).toBe("rollback")
    expect(decision.registry.find((v) => v.id === "v3")).toEqual({ id: "v3", status: "rolled_back", traffic: 0 })
    expect(decision.registry.find((v) => v.id === "v2")?.traffic).toBe(1)
  })

  it("reads 'lower is better' metrics the right way round", () => {
    const policy: CanaryPolicy = { ...DEFAULT_CANARY_POLICY, higherIsBetter: false }
    expect(decide([1000, 10000], [40, 1000], started.experiment, policy).action).toBe("promote")
  })

  it("rolls back an inconclusive candidate at the horizon", () => {
    const policy: CanaryPolicy = { ...DEFAULT_CANARY_POLICY, maxFeedbackPerArm: 2000 }
    const decision = decide([200, 2000], [205, 2000], { ...started.experiment, stepIndex: 2 }, policy)
    expect(decision.action).toBe("rollback")
    expect(decision.reasons[0]).toMatch(/^inconclusive after 2000 feedback per arm/)
  })

  it("retires an inconclusive candidate by default after 10,000 feedback per arm, and only then", () => {
    expect(DEFAULT_CANARY_POLICY.maxFeedbackPerArm).toBe(10_000)
    const atHalf = { ...started.experiment, stepIndex: 2 }
    const before = decide([1000, 9999], [1004, 9999], atHalf)
    expect(before.action).toBe("hold")
    const at = decide([1000, 10_000], [1004, 10_000], atHalf)
    expect(at.action).toBe("rollback")
    expect(at.reasons[0]).toMatch(/^inconclusive after 10000 feedback per arm/)
    expect(at.registry.find((v) => v.id === "v3")).toEqual({ id: "v3", status: "rolled_back", traffic: 0 })
    expect(at.registry.find((v) => v.id === "v2")).toEqual({ id: "v2", status: "active", traffic: 1 })
    expect(at.experiment).toBeUndefined()
    // Infinity turns the horizon off.
    const open = decide([1000, 10_000], [1004, 10_000], atHalf, {
      ...DEFAULT_CANARY_POLICY,
      maxFeedbackPerArm: Number.POSITIVE_INFINITY
    })
    expect(open.action).toBe("hold")
  })

  it("leaves the default test room to find a 10 % → 12 % lift before the default horizon (> 80 % of runs)", () => {
    const random = new SeededRandom(12)
    const horizon = DEFAULT_CANARY_POLICY.maxFeedbackPerArm ?? Number.POSITIVE_INFINITY
    const runs = 200
    let found = 0
    for (let run = 0; run < runs; run++) {
      let state: SequentialTestState | undefined
      let control = 0
      let candidate = 0
      for (let n = 100; n <= horizon; n += 100) {
        for (let i = 0; i < 100; i++) {
          if (random.next() < 0.1) control++
          if (random.next() < 0.12) candidate++
        }
        const look = ok(
          sequentialTest(state, ok(bernoulliArm(control, n)), ok(bernoulliArm(candidate, n)), {
            alpha: DEFAULT_CANARY_POLICY.alpha,
            mixtureStandardDeviation: DEFAULT_CANARY_POLICY.mixtureStandardDeviation
          })
        )
        state = look.state
        if (look.verdict === "treatment-better") {
          found++
          break
        }
      }
    }
    expect(found / runs).toBeGreaterThan(0.8)
  })
})

describe("a canary run end to end (simulated feedback, sticky routing)", () => {
  const run = (activeRate: number, candidateRate: number, seed: number) => {
    const random = new SeededRandom(seed)
    const started = ok(startCanary({ registry, candidateId: "v3", experimentId: `exp-${seed}` }))
    let versions = started.registry
    let experiment: CanaryExperiment | undefined = started.experiment
    const counts = { active: [0, 0], candidate: [0, 0] }
    let unit = 0
    const actions: Array<string> = []
    let reasons: ReadonlyArray<string> = []
    while (experiment !== undefined && unit < 200_000) {
      // An hourly batch of 500 requests, each from a new customer, then one decision (Bindu's fast path).
      for (let i = 0; i < 500; i++) {
        const version = routeUnit(versions, experiment, `c${unit++}`)
        const arm = version === experiment.candidateId ? counts.candidate : counts.active
        arm[1] = (arm[1] ?? 0) + 1
        if (random.next() < (version === experiment.candidateId ? candidateRate : activeRate))
          arm[0] = (arm[0] ?? 0) + 1
      }
      const decision: CanaryDecision = ok(
        decideCanary({
          registry: versions,
          experiment,
          feedback: {
            active: ok(bernoulliArm(counts.active[0] ?? 0, Math.max(1, counts.active[1] ?? 0))),
            candidate: ok(bernoulliArm(counts.candidate[0] ?? 0, Math.max(1, counts.candidate[1] ?? 0)))
          }
        })
      )
      if (decision.action !== "hold") actions.push(decision.action)
      reasons = decision.reasons
      versions = decision.registry
      experiment = decision.experiment
    }
    return { actions, reasons, registry: versions, experiment, units: unit }
  }

  it("promotes a better candidate after ramping its traffic", () => {
    const result = run(0.1, 0.14, 1)
    expect(result.actions).toContain("step_up")
    expect(result.actions.at(-1)).toBe("promote")
    expect(result.registry.find((v) => v.status === "active")?.id).toBe("v3")
  })

  it("retires an equally good candidate at the default horizon instead of holding 50 % forever", () => {
    const result = run(0.1, 0.1, 3)
    expect(result.experiment).toBeUndefined()
    expect(result.actions).toEqual(["step_up", "step_up", "rollback"])
    expect(result.reasons[0]).toMatch(/^inconclusive after 10000 feedback per arm/)
    expect(result.registry.find((v) => v.id === "v3")?.status).toBe("rolled_back")
    expect(result.registry.find((v) => v.id === "v2")).toEqual({ id: "v2", status: "active", traffic: 1 })
  })

  it("rolls back a worse candidate", () => {
    const result = run(0.1, 0.06, 2)
    expect(result.actions.at(-1)).toBe("rollback")
    expect(result.registry.find((v) => v.status === "active")?.id).toBe("v2")
  })
})
