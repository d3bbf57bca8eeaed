// Execution traces and hints, carried in fiber-local Context references: a trace records each predictor's
// inputs and outputs during a run (optimizers turn good traces into demos, as DSPy's `settings.trace`);
// hints are Refine's per-predictor advice for the next attempt.
import { Context, Effect } from "effect"
import type { FieldValues } from "../signature/signature.ts"
import type { Predict } from "./predict.ts"

/** One predictor call inside a traced run. */
export interface TraceStep {
  readonly predictor: Predict<FieldValues, FieldValues>
  readonly path: string
  readonly inputs: FieldValues
  readonly outputs: FieldValues
}

/** The collector of the current traced run, if any. */
export const CurrentTrace = Context.Reference<Array<TraceStep> | undefined>("@preflight/core-signatures/CurrentTrace", {
  defaultValue: () => undefined
})

/** Advice per predictor instance, injected as a `hint_` input (DSPy Refine's WrapperAdapter). */
export const CurrentHints = Context.Reference<ReadonlyMap<object, string> | undefined>(
  "@preflight/core-signatures/CurrentHints",
  { defaultValue: () => undefined }
)

/** Runs `effect` while recording every predictor call; returns its value and the trace. */
export const withTrace = <A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<{ readonly value: A; readonly trace: ReadonlyArray<TraceStep> }, E, R> =>
  Effect.suspend(() => {
    const trace: TraceStep[] = []
    return effect.pipe(
      Effect.provideService(CurrentTrace, trace),
      Effect.map((value) => ({ value, trace }))
    )
  })

/** Appends steps to the enclosing trace, if one is being recorded. */
export const extendTrace = (steps: ReadonlyArray<TraceStep>): Effect.Effect<void> =>
  Effect.map(CurrentTrace, (trace) => {
    if (trace !== undefined) for (const step of steps) trace.push(step)
  })
