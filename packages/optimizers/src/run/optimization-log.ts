// The persistence port: where a run and every trial are recorded as they happen. Storage's
// `OptimizationRunStore` satisfies it structurally (the apps wire it in); `makeInMemoryOptimizationLog` is for
// tests and for callers that only want the log in memory.
import { Effect } from "effect"
import type { OptimizationBudget } from "./budget.ts"
import type { JsonValue, Trial, TrialCost } from "./trial.ts"

/** What is known when a run starts. */
export type OptimizationRunStart = {
  readonly optimizer: string
  readonly config: Readonly<Record<string, JsonValue>>
  readonly seed: number
  readonly budget: OptimizationBudget
  readonly programId?: string | undefined
}

/** How a run ended. */
export type OptimizationRunOutcome = {
  readonly status: "completed" | "budget_exhausted" | "failed"
  readonly bestScore: number | null
  readonly cost: TrialCost
  /** The returned program's state (`program.dumpState()`), when the run produced one. */
  readonly bestState?: unknown
  /** Why a `failed` run failed: the error's tag and message ("LmRequestRejected: ..."). */
  readonly reason?: string | undefined
}

/**
 * Records runs and trials. Any Effect-returning implementation fits (errors are reported as
 * `OptimizationLogFailed`); `startRun` returns the id the other calls use.
 */
export interface OptimizationLog {
  readonly startRun: (run: OptimizationRunStart) => Effect.Effect<{ readonly runId: string }, unknown>
  readonly recordTrial: (runId: string, trial: Trial) => Effect.Effect<unknown, unknown>
  readonly finishRun: (runId: string, outcome: OptimizationRunOutcome) => Effect.Effect<unknown, unknown>
}

/** A run as the in-memory log keeps it. */
export interface RecordedRun {
  readonly runId: string
  readonly start: OptimizationRunStart
  readonly trials: Array<Trial>
  outcome: OptimizationRunOutcome | undefined
}

/** An in-memory log (tests, or callers that keep the log in the process). */
export interface InMemoryOptimizationLog extends OptimizationLog {
  readonly runs: () => ReadonlyArray<RecordedRun>
}

/** Builds an in-memory optimization log; run ids are `run-1`, `run-2`, ... */
export const makeInMemoryOptimizationLog = (): InMemoryOptimizationLog => {
  const runs: RecordedRun[] = []
  const find = (runId: string) => Effect.sync(() => runs.find((run) => run.runId === runId))
  return {
    startRun: (start) =>
      Effect.sync(() => {
        const runId = `run-${runs.length + 1}`
        runs.push({ runId, start, trials: [], outcome: undefined })
        return { runId }
      }),
    recordTrial: (runId, trial) =>
      Effect.flatMap(find(runId), (run) =>
        run === undefined ? Effect.fail(new Error(`unknown run ${runId}`)) : Effect.sync(() => run.trials.push(trial))
      ),
    finishRun: (runId, outcome) =>
      Effect.flatMap(find(runId), (run) =>
        run === undefined
          ? Effect.fail(new Error(`unknown run ${runId}`))
          : Effect.sync(() => {
              run.outcome = outcome
            })
      ),
    runs: () => [...runs]
  }
}
