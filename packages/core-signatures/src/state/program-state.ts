// Program files: a program's learned state (per predictor: demos, instructions, field descriptions, model
// settings) as JSON in DSPy's layout, plus each field's name, role and type so that loading checks the
// file against the code and fails with a clear error instead of silently diverging (DSPy stores no types,
// dspy#1644). Python DSPy files (no names or types) load by field position.
import { Result } from "effect"
import { z } from "zod"
import { coerceFieldValue } from "../adapters/coerce.ts"
import { ProgramStateMismatch } from "../errors.ts"
import { Example } from "../example.ts"
import { canonicalJson } from "../lm/request-key.ts"
import type { LmSettings } from "../lm/types.ts"
import type { AnyModule } from "../modules/module.ts"
import type { Predict } from "../modules/predict.ts"
import { fieldJsonSchema, typeText } from "../signature/field-type.ts"
import type { FieldValues, Signature, SignatureField } from "../signature/signature.ts"

/** The file format version written in `metadata.preflight.format_version`. */
export const PROGRAM_FORMAT_VERSION = 1

const SavedFieldSchema = z.object({
  name: z.string().optional(),
  role: z.enum(["input", "output"]).optional(),
  type: z.string().optional(),
  optional: z.boolean().optional(),
  json_schema: z.unknown().optional(),
  prefix: z.string().optional(),
  description: z.string().optional()
})

const PredictorStateSchema = z.object({
  traces: z.array(z.unknown()).optional(),
  train: z.array(z.unknown()).optional(),
  demos: z.array(z.record(z.string(), z.unknown())).optional(),
  signature: z.object({
    instructions: z.string(),
    fields: z.array(SavedFieldSchema)
  }),
  lm: z.record(z.string(), z.unknown()).nullable().optional(),
  adapter: z.enum(["chat", "json"]).optional()
})

/** One field as saved. Preflight writes name/role/type; DSPy writes only prefix and description. */
export type SavedField = z.output<typeof SavedFieldSchema>

/** One predictor as saved (DSPy's `Predict.dump_state` plus Preflight's field types and adapter). */
export type PredictorState = z.output<typeof PredictorStateSchema>

/** A whole program file: predictor path → state, plus `metadata`. A bare Predict is saved flat, as DSPy does. */
export type ProgramState = Readonly<Record<string, unknown>>

const SKIPPED_DEMO_KEYS = new Set(["augmented"])

const settingsToLm = (settings: LmSettings | undefined): Record<string, unknown> | null => {
  if (settings === undefined) return null
  const lm: Record<string, unknown> = {}
  if (settings.model !== undefined) lm.model = settings.model
  if (settings.temperature !== undefined) lm.temperature = settings.temperature
  if (settings.maxTokens !== undefined) lm.max_tokens = settings.maxTokens
  if (settings.n !== undefined) lm.n = settings.n
  if (settings.seed !== undefined) lm.seed = settings.seed
  return Object.keys(lm).length === 0 ? null : lm
}

const numberOrUndefined = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined)

const lmToSettings = (lm: Readonly<Record<string, unknown>> | null | undefined): LmSettings | undefined => {
  if (lm === null || lm === undefined) return undefined
  return {
    model: typeof lm.model === "string" ? lm.model : undefined,
    temperature: numberOrUndefined(lm.temperature),
    maxTokens: numberOrUndefined(lm.max_tokens),
    n: numberOrUndefined(lm.n),
    seed: numberOrUndefined(lm.seed)
  }
}

const savedField = (field: SignatureField): SavedField => {
  const saved: SavedField = {
    name: field.name,
    role: field.role,
    type: typeText(field.type),
    prefix: field.prefix,
    // DSPy writes the placeholder "${name}" for a field without a description.
    description: field.description ?? `\${${field.name}}`
  }
  if (field.optional) saved.optional = true
  if (field.type.kind === "json") saved.json_schema = fieldJsonSchema(field.schema)
  return saved
}

/** One predictor's state. */
export const dumpPredictorState = (predictor: Predict<FieldValues, FieldValues>): PredictorState => ({
  traces: [],
  train: [],
  demos: predictor.demos.map((demo) => demo.toJSON()),
  signature: {
    instructions: predictor.signature.instructions,
    fields: predictor.signature.fields.map(savedField)
  },
  lm: settingsToLm(predictor.settings),
  adapter: predictor.adapter
})

const metadata = (): Record<string, unknown> => ({
  // Left empty so Python DSPy loads the file without a version warning for keys it does not know.
  dependency_versions: {},
  preflight: { format_version: PROGRAM_FORMAT_VERSION, package: "@preflight/core-signatures" }
})

/** The program's state as JSON-ready data (DSPy's `dump_state` layout). */
export const dumpProgramState = (program: AnyModule): ProgramState => {
  if (program.isPredictor) {
    const [, self] = program.namedPredictors()[0] ?? []
    if (self !== undefined) return { ...dumpPredictorState(self), metadata: metadata() }
  }
  const state: Record<string, unknown> = {}
  for (const [name, predictor] of program.namedPredictors()) state[name] = dumpPredictorState(predictor)
  state.metadata = metadata()
  return state
}

/** The program file text (pretty JSON). */
export const programToJson = (program: AnyModule): string => `${JSON.stringify(dumpProgramState(program), null, 2)}\n`

const mismatch = (
  predictor: string | undefined,
  field: string | undefined,
  reason: string,
  expected?: string,
  found?: string
): ProgramStateMismatch => new ProgramStateMismatch({ predictor, field, reason, expected, found })

interface PlannedLoad {
  readonly predictor: Predict<FieldValues, FieldValues>
  readonly signature: Signature
  readonly demos: ReadonlyArray<Example>
  readonly settings: LmSettings | undefined
  readonly adapter: "chat" | "json" | undefined
}

const describeCodeField = (field: SignatureField): string =>
  `${field.role} ${field.name}${field.optional ? "?" : ""}: ${typeText(field.type)}`

const describeSavedField = (field: SavedField): string =>
  `${field.role ?? "?"} ${field.name ?? "?"}${field.optional === true ? "?" : ""}: ${field.type ?? "?"}`

// Checks one predictor's saved state against the code and computes what to apply, without mutating.
const planPredictor = (
  name: string,
  predictor: Predict<FieldValues, FieldValues>,
  raw: unknown
): Result.Result<PlannedLoad, ProgramStateMismatch> => {
  const parsed = PredictorStateSchema.safeParse(raw)
  if (!parsed.success) {
    return Result.fail(
      mismatch(
        name,
        undefined,
        `malformed predictor state: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`
      )
    )
  }
  const state = parsed.data
  const code = predictor.signature
  const saved = state.signature.fields
  if (saved.length !== code.fields.length) {
    return Result.fail(
      mismatch(
        name,
        undefined,
        `the code's signature has ${code.fields.length} fields but the saved program has ${saved.length}`,
        code.fields.map(describeCodeField).join(", "),
        saved.map(describeSavedField).join(", ")
      )
    )
  }
  const typed = saved.some((field) => field.name !== undefined)
  let signature = code.withInstructions(state.signature.instructions) as Signature
  for (let index = 0; index < code.fields.length; index++) {
    const codeField = code.fields[index]
    const savedFieldState = saved[index]
    if (codeField === undefined || savedFieldState === undefined) continue
    if (typed) {
      if (savedFieldState.name !== codeField.name || savedFieldState.role !== codeField.role) {
        return Result.fail(
          mismatch(
            name,
            codeField.name,
            `field ${index + 1} differs (renamed, reordered or moved between inputs and outputs)`,
            describeCodeField(codeField),
            describeSavedField(savedFieldState)
          )
        )
      }
      const codeType = typeText(codeField.type)
      if (savedFieldState.type !== codeType || (savedFieldState.optional === true) !== codeField.optional) {
        return Result.fail(
          mismatch(
            name,
            codeField.name,
            "the field's type changed",
            describeCodeField(codeField),
            describeSavedField(savedFieldState)
          )
        )
      }
      if (
        codeField.type.kind === "json" &&
        savedFieldState.json_schema !== undefined &&
        canonicalJson(savedFieldState.json_schema) !== canonicalJson(fieldJsonSchema(codeField.schema))
      ) {
        return Result.fail(
          mismatch(
            name,
            codeField.name,
            "the field's JSON schema changed",
            canonicalJson(fieldJsonSchema(codeField.schema)),
            canonicalJson(savedFieldState.json_schema)
          )
        )
      }
    }
    const description =
      savedFieldState.description === undefined || savedFieldState.description === `\${${codeField.name}}`
        ? undefined
        : savedFieldState.description
    signature = signature.withUpdatedField(codeField.name, {
      description,
      ...(savedFieldState.prefix === undefined ? {} : { prefix: savedFieldState.prefix })
    })
  }
  const demos = (state.demos ?? []).map((demo) => {
    const values: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(demo)) {
      if (SKIPPED_DEMO_KEYS.has(key)) continue
      const field = signature.field(key)
      if (field !== undefined && typeof value === "string" && field.type.kind !== "string") {
        // Python DSPy serialises typed demo values as text; read them back into their types when possible.
        const coerced = coerceFieldValue(value, field)
        values[key] = coerced.ok ? coerced.value : value
      } else {
        values[key] = value
      }
    }
    return Example.of(values, {
      inputs: signature.inputFields.map((field) => field.name).filter((key) => key in values),
      augmented: demo.augmented === true
    })
  })
  return Result.succeed({
    predictor,
    signature,
    demos,
    settings: lmToSettings(state.lm),
    adapter: state.adapter
  })
}

/**
 * Loads a saved state into `program` (mutating its predictors). Every predictor is checked first; on any
 * mismatch nothing is changed and the error names the predictor, the field and both types.
 */
export const loadProgramState = (program: AnyModule, state: unknown): Result.Result<void, ProgramStateMismatch> => {
  if (state === null || typeof state !== "object" || Array.isArray(state)) {
    return Result.fail(mismatch(undefined, undefined, "the program file is not a JSON object"))
  }
  const record = state as Record<string, unknown>
  const predictors = program.namedPredictors()
  const plans: PlannedLoad[] = []
  if (program.isPredictor && "signature" in record) {
    const [, self] = predictors[0] ?? []
    if (self === undefined) return Result.fail(mismatch(undefined, undefined, "the program has no predictor"))
    const plan = planPredictor("self", self, record)
    if (Result.isFailure(plan)) return Result.fail(plan.failure)
    plans.push(plan.success)
  } else {
    const expected = new Set(predictors.map(([name]) => name))
    for (const key of Object.keys(record)) {
      if (key !== "metadata" && !expected.has(key)) {
        return Result.fail(
          mismatch(key, undefined, "the saved program has a predictor the code does not", undefined, key)
        )
      }
    }
    for (const [name, predictor] of predictors) {
      if (!(name in record)) {
        return Result.fail(
          mismatch(name, undefined, "the saved program has no state for this predictor", name, undefined)
        )
      }
      const plan = planPredictor(name, predictor, record[name])
      if (Result.isFailure(plan)) return Result.fail(plan.failure)
      plans.push(plan.success)
    }
  }
  for (const plan of plans) {
    plan.predictor.signature = plan.signature
    plan.predictor.demos = plan.demos
    plan.predictor.settings = plan.settings
    if (plan.adapter !== undefined) plan.predictor.adapter = plan.adapter
  }
  return Result.succeed(undefined)
}

/** Parses program-file text and loads it (see {@link loadProgramState}). */
export const loadProgramJson = (program: AnyModule, text: string): Result.Result<void, ProgramStateMismatch> => {
  let state: unknown
  try {
    state = JSON.parse(text)
  } catch (error) {
    return Result.fail(mismatch(undefined, undefined, `the program file is not valid JSON: ${String(error)}`))
  }
  return loadProgramState(program, state)
}
