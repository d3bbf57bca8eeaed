// Canary release of a new program version as pure functions over a version registry: Bindu's state machine
// (active | candidate | deprecated | rolled_back, one of each live at most, a guard against a second
// experiment; reference/persona.md §2) with what it lacked — sticky assignment, a minimum feedback count per
// arm, and promotion or rollback decided by an always-valid sequential test instead of two means.
import { Result } from "effect"
import { ExperimentAlreadyRunning, type InvalidInput, InvalidVersionState } from "../errors.ts"
import {
  type ArmSummary,
  type SequentialDecision,
  type SequentialTestState,
  sequentialTest
} from "../experiments/sequential-test.ts"
import { invalid } from "../internal/validate.ts"
import { assignArm } from "./sticky-assignment.ts"

export type VersionStatus = "active" | "candidate" | "deprecated" | "rolled_back"

export interface VersionRecord {
  readonly id: string
  readonly status: VersionStatus
  /** Share of traffic in [0, 1]. */
  readonly traffic: number
}

export interface CanaryPolicy {
  /** Candidate traffic shares, increasing, each in (0, 1) (default [0.1, 0.25, 0.5]). */
  readonly trafficSteps: ReadonlyArray<number>
  /** Feedback needed in each arm before any decision, and in the candidate arm at a step before stepping up (default 100). */
  readonly minFeedbackPerArm: number
  /** Error rate of the sequential test under continuous monitoring (default 0.05). */
  readonly alpha: number
  /** τ of the mSPRT mixture, on the reward's scale (default 0.05 for rewards in [0, 1]). */
  readonly mixtureStandardDeviation: number
  /** Whether a larger reward is better (false for e.g. unsubscribe rate). */
  readonly higherIsBetter: boolean
  /**
   * Feedback per arm after which a still-inconclusive candidate is retired: rolled back with the reason
   * "inconclusive", so it does not hold its traffic share forever (default 10,000; Infinity for no horizon).
   */
  readonly maxFeedbackPerArm?: number
}

export const DEFAULT_CANARY_POLICY: CanaryPolicy = {
  trafficSteps: [0.1, 0.25, 0.5],
  minFeedbackPerArm: 100,
  alpha: 0.05,
  mixtureStandardDeviation: 0.05,
  higherIsBetter: true,
  // By 10,000 feedback per arm the default mSPRT (α 0.05, τ 0.05) finds a 10 % → 12 % lift about 9 times in
  // 10 (README); a candidate still inconclusive there is at best marginally better, and a rollback is the
  // state machine's way back to one version at 100 % (a deprecated version is a former active one).
  maxFeedbackPerArm: 10_000
}

export interface CanaryExperiment {
  readonly experimentId: string
  readonly activeId: string
  readonly candidateId: string
  /** Index into policy.trafficSteps. */
  readonly stepIndex: number
  /** Candidate feedback count when the current step began. */
  readonly candidateFeedbackAtStepStart: number
  readonly test: SequentialTestState | undefined
}

export type CanaryAction = "hold" | "step_up" | "promote" | "rollback"

export interface CanaryDecision {
  readonly action: CanaryAction
  readonly reasons: ReadonlyArray<string>
  readonly registry: ReadonlyArray<VersionRecord>
  /** The experiment after this decision; undefined once it has ended (promoted or rolled back). */
  readonly experiment: CanaryExperiment | undefined
  /** The sequential test at this look (absent while feedback is below the minimum). */
  readonly test: SequentialDecision | undefined
}

const checkPolicy = (policy: CanaryPolicy): Result.Result<CanaryPolicy, InvalidInput> => {
  const steps = policy.trafficSteps
  if (steps.length === 0) return invalid("policy.trafficSteps", "needs at least one step")
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as number
    if (!(step > 0 && step < 1)) return invalid("policy.trafficSteps", `must be in (0, 1), got ${step}`, i)
    if (i > 0 && !(step > (steps[i - 1] as number))) return invalid("policy.trafficSteps", "must increase", i)
  }
  if (!Number.isInteger(policy.minFeedbackPerArm) || policy.minFeedbackPerArm < 2) {
    return invalid("policy.minFeedbackPerArm", `must be an integer >= 2, got ${policy.minFeedbackPerArm}`)
  }
  if (policy.maxFeedbackPerArm !== undefined && !(policy.maxFeedbackPerArm >= policy.minFeedbackPerArm)) {
    return invalid("policy.maxFeedbackPerArm", `must be at least minFeedbackPerArm, got ${policy.maxFeedbackPerArm}`)
  }
  return Result.succeed(policy)
}

const checkRegistry = (
  registry: ReadonlyArray<VersionRecord>
): Result.Result<ReadonlyArray<VersionRecord>, InvalidInput> => {
  const seen = new Set<string>()
  let active = 0
  let candidate = 0
  for (const [index, version] of registry.entries()) {
    if (seen.has(version.id)) return invalid("registry", `duplicate version id "${version.id}"`, index)
    seen.add(version.id)
    if (!(version.traffic >= 0 && version.traffic <= 1))
      return invalid("registry", `traffic of ${version.id} must be in [0, 1], got ${version.traffic}`, index)
    if (version.status === "active") active++
    if (version.status === "candidate") candidate++
  }
  if (active > 1) return invalid("registry", "has more than one active version")
  if (candidate > 1) return invalid("registry", "has more than one candidate version")
  return Result.succeed(registry)
}

/** Fails with ExperimentAlreadyRunning while a candidate exists (run before training a new candidate). */
export const ensureNoRunningExperiment = (
  registry: ReadonlyArray<VersionRecord>
): Result.Result<void, ExperimentAlreadyRunning> => {
  const running = registry.find((version) => version.status === "candidate")
  return running === undefined
    ? Result.succeed(undefined)
    : Result.fail(new ExperimentAlreadyRunning({ runningCandidateId: running.id }))
}

/**
 * Starts a canary: the new version becomes the candidate at the first traffic step, the active version keeps
 * the rest. Refuses while another experiment runs.
 */
export const startCanary = (input: {
  readonly registry: ReadonlyArray<VersionRecord>
  readonly candidateId: string
  readonly experimentId: string
  readonly policy?: CanaryPolicy
}): Result.Result<
  { readonly registry: ReadonlyArray<VersionRecord>; readonly experiment: CanaryExperiment },
  InvalidInput | ExperimentAlreadyRunning | InvalidVersionState
> =>
  Result.gen(function* () {
    const policy = yield* checkPolicy(input.policy ?? DEFAULT_CANARY_POLICY)
    const registry = yield* checkRegistry(input.registry)
    yield* ensureNoRunningExperiment(registry)
    if (input.experimentId.length === 0) return yield* invalid("experimentId", "must be non-empty")
    const active = registry.find((version) => version.status === "active")
    if (active === undefined)
      return yield* Result.fail(
        new InvalidVersionState({ versionId: input.candidateId, reason: "no active version to compare against" })
      )
    if (registry.some((version) => version.id === input.candidateId)) {
      return yield* Result.fail(
        new InvalidVersionState({
          versionId: input.candidateId,
          reason: "already in the registry; a candidate must be a new version"
        })
      )
    }
    const share = policy.trafficSteps[0] as number
    const next: Array<VersionRecord> = registry.map((version) =>
      version.id === active.id ? { ...version, traffic: 1 - share } : { ...version, traffic: 0 }
    )
    next.push({ id: input.candidateId, status: "candidate", traffic: share })
    return {
      registry: next,
      experiment: {
        experimentId: input.experimentId,
        activeId: active.id,
        candidateId: input.candidateId,
        stepIndex: 0,
        candidateFeedbackAtStepStart: 0,
        test: undefined
      }
    }
  })

/** The version a unit is served: sticky per (unit, experiment) while a canary runs, the active one otherwise. */
export const routeUnit = (
  registry: ReadonlyArray<VersionRecord>,
  experiment: CanaryExperiment | undefined,
  unitId: string
): string | undefined => {
  if (experiment === undefined) return registry.find((version) => version.status === "active")?.id
  const candidate = registry.find((version) => version.id === experiment.candidateId)
  const share = candidate?.traffic ?? 0
  return assignArm(unitId, experiment.experimentId, share) === "candidate"
    ? experiment.candidateId
    : experiment.activeId
}

const withTraffic = (
  registry: ReadonlyArray<VersionRecord>,
  changes: Readonly<Record<string, { readonly status?: VersionStatus; readonly traffic: number }>>
): ReadonlyArray<VersionRecord> =>
  registry.map((version) => {
    const change = changes[version.id]
    return change === undefined
      ? version
      : { ...version, status: change.status ?? version.status, traffic: change.traffic }
  })

/**
 * One canary decision from the feedback collected so far in each arm.
 *
 * @example decideCanary({ registry, experiment, feedback: { active: bernoulliArm(...), candidate: ... } })
 */
export const decideCanary = (input: {
  readonly registry: ReadonlyArray<VersionRecord>
  readonly experiment: CanaryExperiment
  readonly feedback: { readonly active: ArmSummary; readonly candidate: ArmSummary }
  readonly policy?: CanaryPolicy
}): Result.Result<CanaryDecision, InvalidInput | InvalidVersionState> =>
  Result.gen(function* () {
    const policy = yield* checkPolicy(input.policy ?? DEFAULT_CANARY_POLICY)
    const registry = yield* checkRegistry(input.registry)
    const { experiment, feedback } = input
    const active = registry.find((version) => version.id === experiment.activeId)
    const candidate = registry.find((version) => version.id === experiment.candidateId)
    if (active?.status !== "active") {
      return yield* Result.fail(
        new InvalidVersionState({ versionId: experiment.activeId, reason: "is not the active version of the registry" })
      )
    }
    if (candidate?.status !== "candidate") {
      return yield* Result.fail(
        new InvalidVersionState({
          versionId: experiment.candidateId,
          reason: "is not the candidate version of the registry"
        })
      )
    }
    const stepIndex = experiment.stepIndex
    if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= policy.trafficSteps.length) {
      return yield* invalid("experiment.stepIndex", `must index policy.trafficSteps, got ${stepIndex}`)
    }
    const minimum = policy.minFeedbackPerArm
    if (feedback.active.count < minimum || feedback.candidate.count < minimum) {
      const reasons: Array<string> = []
      if (feedback.active.count < minimum)
        reasons.push(`active arm has ${feedback.active.count} feedback, needs ${minimum}`)
      if (feedback.candidate.count < minimum)
        reasons.push(`candidate arm has ${feedback.candidate.count} feedback, needs ${minimum}`)
      return { action: "hold", reasons, registry, experiment, test: undefined }
    }
    // Orient the test so "treatment-better" always means the candidate is better.
    const orient = (arm: ArmSummary): ArmSummary => (policy.higherIsBetter ? arm : { ...arm, mean: -arm.mean })
    const test = yield* sequentialTest(experiment.test, orient(feedback.active), orient(feedback.candidate), {
      alpha: policy.alpha,
      mixtureStandardDeviation: policy.mixtureStandardDeviation
    })
    const updated: CanaryExperiment = { ...experiment, test: test.state }
    const evidence = `effect ${test.effect.toFixed(4)}, always-valid p ${test.pValue.toPrecision(3)}, interval [${test.confidenceInterval[0].toFixed(4)}, ${test.confidenceInterval[1].toFixed(4)}]`
    if (test.verdict === "treatment-worse") {
      return {
        action: "rollback",
        reasons: [`candidate is worse than active (${evidence})`],
        registry: withTraffic(registry, {
          [candidate.id]: { status: "rolled_back", traffic: 0 },
          [active.id]: { traffic: 1 }
        }),
        experiment: undefined,
        test
      }
    }
    if (test.verdict === "treatment-better") {
      return {
        action: "promote",
        reasons: [`candidate is better than active (${evidence})`],
        registry: withTraffic(registry, {
          [candidate.id]: { status: "active", traffic: 1 },
          [active.id]: { status: "deprecated", traffic: 0 }
        }),
        experiment: undefined,
        test
      }
    }
    const horizon = policy.maxFeedbackPerArm
    if (horizon !== undefined && feedback.active.count >= horizon && feedback.candidate.count >= horizon) {
      return {
        action: "rollback",
        reasons: [`inconclusive after ${horizon} feedback per arm (${evidence}); retiring the candidate`],
        registry: withTraffic(registry, {
          [candidate.id]: { status: "rolled_back", traffic: 0 },
          [active.id]: { traffic: 1 }
        }),
        experiment: undefined,
        test
      }
    }
    const atStep = feedback.candidate.count - experiment.candidateFeedbackAtStepStart
    if (stepIndex + 1 < policy.trafficSteps.length && atStep >= minimum) {
      const share = policy.trafficSteps[stepIndex + 1] as number
      return {
        action: "step_up",
        reasons: [
          `no harm detected after ${atStep} candidate feedback at ${candidate.traffic} traffic (${evidence}); raising to ${share}`
        ],
        registry: withTraffic(registry, { [candidate.id]: { traffic: share }, [active.id]: { traffic: 1 - share } }),
        experiment: { ...updated, stepIndex: stepIndex + 1, candidateFeedbackAtStepStart: feedback.candidate.count },
        test
      }
    }
    return {
      action: "hold",
      reasons: [`inconclusive (${evidence}); collecting more feedback`],
      registry,
      experiment: updated,
      test
    }
  })
