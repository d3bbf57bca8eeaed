// Reading and editing a program's learnable parts by predictor name (DSPy's `named_predictors` keys): demos,
// instructions, a JSON snapshot of a candidate, and turning a traced run into demos.
import { type AnyModule, Example, type FieldValues, type Predict, type TraceStep } from "@preflight/core-signatures"
import type { CandidateSnapshot, JsonValue } from "./run/trial.ts"

/** The predictors of `program` by name, in `namedPredictors()` order. */
export const predictorMap = (program: AnyModule): ReadonlyMap<string, Predict<FieldValues, FieldValues>> =>
  new Map(program.namedPredictors())

/** Name of each predictor instance of `program` (to map trace steps back to names). */
export const namesByPredictor = (program: AnyModule): ReadonlyMap<object, string> =>
  new Map(program.namedPredictors().map(([name, predictor]) => [predictor as object, name]))

/** The instructions of every predictor. */
export const instructionsOf = (program: AnyModule): Record<string, string> => {
  const instructions: Record<string, string> = {}
  for (const [name, predictor] of program.namedPredictors()) instructions[name] = predictor.signature.instructions
  return instructions
}

/** A JSON description of a candidate program for the trial log. */
export const snapshotCandidate = (
  program: AnyModule,
  params: Readonly<Record<string, JsonValue>> = {}
): CandidateSnapshot => {
  const demos: Record<string, number> = {}
  for (const [name, predictor] of program.namedPredictors()) demos[name] = predictor.demos.length
  return { instructions: instructionsOf(program), demos, params }
}

/** A copy of `program` with the same structure, every predictor's demos cleared (model settings are kept). */
export const clearedCopy = <M extends AnyModule>(program: M): M => {
  const copy = program.deepCopy()
  for (const predictor of copy.predictors()) predictor.demos = []
  return copy
}

/** Whether two examples hold the same values (identity first; DSPy compares examples by value). */
export const sameExample = (left: Example, right: Example): boolean => {
  if (left === right) return true
  const leftValues = left.values as FieldValues
  const rightValues = right.values as FieldValues
  const keys = Object.keys(leftValues)
  if (keys.length !== Object.keys(rightValues).length) return false
  return keys.every((key) => JSON.stringify(leftValues[key]) === JSON.stringify(rightValues[key]))
}

/** A bootstrapped demo from one trace step: its inputs and outputs, marked `augmented` (DSPy `Example(augmented=True)`). */
export const demoFromStep = (step: TraceStep): Example =>
  Example.of({ ...step.inputs, ...step.outputs }, { inputs: Object.keys(step.inputs), augmented: true })

/** The demos a traced run yields, per predictor name (steps of predictors outside `program` are ignored). */
export const demosFromTrace = (
  trace: ReadonlyArray<TraceStep>,
  names: ReadonlyMap<object, string>
): Map<string, Example[]> => {
  const byName = new Map<string, Example[]>()
  for (const step of trace) {
    const name = names.get(step.predictor)
    if (name === undefined) continue
    const list = byName.get(name) ?? []
    list.push(demoFromStep(step))
    byName.set(name, list)
  }
  return byName
}

/**
 * The program's structure as text for proposal prompts: its class source (JavaScript keeps it, like DSPy's
 * `inspect.getsource`) followed by each predictor's name and signature.
 */
export const programStructure = (program: AnyModule): string => {
  const source = program.constructor.toString()
  const predictors = program
    .namedPredictors()
    .map(([name, predictor]) => `${name} = Predict(${JSON.stringify(predictor.signature.toString())})`)
    .join("\n")
  return `${source}\n\n// predictors\n${predictors}`
}

/** One predictor's definition as text (DSPy `inspect_modules`). */
export const moduleDefinition = (name: string, predictor: Predict<FieldValues, FieldValues>): string => {
  const signature = predictor.signature
  const inputs = signature.inputFields.map((field) => field.name).join(", ")
  const outputs = signature.outputFields.map((field) => field.name).join(", ")
  return `Module ${name}\n\tInput Fields: ${inputs}\n\tOutput Fields: ${outputs}\n\tOriginal Instructions: ${signature.instructions}`
}
