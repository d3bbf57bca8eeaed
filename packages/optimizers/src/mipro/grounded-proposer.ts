// MIPROv2's grounded instruction proposer (dspy/propose/grounded_proposer.py): for each predictor it asks the
// prompt model for new instructions, grounded in a summary of the training data, the program's structure and
// a description of the module, bootstrapped demos from the candidate demo sets, and a randomly drawn tip.
// Each proposal is a distinct rollout (rollout id, `initTemperature`), so a cache keeps them apart.
import {
  type AnyModule,
  type Example,
  type FieldValues,
  type LanguageModel,
  type LmSettings,
  Predict,
  type Signature,
  withLmOverrides,
  withLmSettings
} from "@preflight/core-signatures"
import type { SeededRandom } from "@preflight/numeric"
import { Effect } from "effect"
import { moduleDefinition, programStructure } from "../program-edit.ts"
import type { OptimizationRun, RunStop } from "../run/optimization-run.ts"
import {
  DatasetDescriptor,
  DatasetDescriptorWithPriorObservations,
  DescribeModule,
  DescribeProgram,
  GenerateSingleModuleInstruction,
  ObservationSummarizer,
  PROPOSAL_TIPS
} from "./proposer-signatures.ts"

/** Settings of the proposer (MIPROv2's `*_aware_proposer` flags and friends). */
export interface ProposerSettings {
  readonly programAware: boolean
  readonly dataAware: boolean
  readonly tipAware: boolean
  readonly fewshotAware: boolean
  /** Examples shown per dataset-summary call (DSPy default 10). */
  readonly viewDataBatchSize: number
  /** Model settings of the proposal calls (DSPy `prompt_model`). */
  readonly promptModel: LmSettings | undefined
  /** Sampling temperature of proposals (DSPy `init_temperature`, default 1). */
  readonly initTemperature: number
}

/** DSPy's `strip_prefix`: drops a short leading label such as "Proposed Instruction:" and surrounding quotes. */
export const stripPrefix = (proposed: string): string => {
  const withoutLabel = proposed.replace(/^[*\s]*(([\w'-]+\s+){0,4}[\w'-]+):\s*/, "")
  return withoutLabel
    .trim()
    .replace(/^"(.*)"$/s, "$1")
    .trim()
}

/** An example as the proposer shows data (values with their input keys). */
const exampleText = (example: Example): string =>
  `Example(${JSON.stringify(example.values)}) (input_keys=${JSON.stringify(example.inputKeys ?? [])})`

/** DSPy `create_example_string`: "Prefix: value" per field of the predictor's signature. */
const demoText = (signature: Signature<FieldValues, FieldValues>, demo: Example): string =>
  signature.fields
    .map((field) => {
      const value = (demo.values as FieldValues)[field.name]
      return `${field.prefix} ${typeof value === "string" ? value : JSON.stringify(value)}`
    })
    .join("\n")

/**
 * Runs one proposer predictor as a distinct rollout of the prompt model. A call that fails is skipped (DSPy
 * catches these too) but counts against `maxErrors`; a spent budget or a configuration error ends the run.
 */
const ask = <I extends object>(
  run: OptimizationRun,
  signature: Signature<I, FieldValues>,
  inputs: I,
  settings: ProposerSettings,
  rollout: { readonly rolloutId: number; readonly temperature: number } | undefined
): Effect.Effect<FieldValues | undefined, RunStop, LanguageModel> => {
  let call = new Predict(signature).run(inputs).pipe(Effect.map((prediction) => prediction.outputs))
  if (rollout !== undefined) call = call.pipe(withLmOverrides(rollout))
  if (settings.promptModel !== undefined) call = call.pipe(withLmSettings(settings.promptModel))
  return run.optionalCall(call)
}

/**
 * DSPy `create_dataset_summary`: observations on the first batch, further batches add observations (or say
 * COMPLETE; five COMPLETEs stop early; at most 10 calls), then a 2–3 sentence summary.
 */
export const datasetSummary = (
  run: OptimizationRun,
  trainset: ReadonlyArray<Example>,
  settings: ProposerSettings
): Effect.Effect<string, RunStop, LanguageModel> =>
  Effect.gen(function* () {
    const batch = settings.viewDataBatchSize
    const rollout = { rolloutId: 0, temperature: 1 }
    const first = yield* ask(
      run,
      DatasetDescriptor,
      { examples: `[${trainset.slice(0, batch).map(exampleText).join(", ")}]` },
      settings,
      rollout
    )
    let observations = String(first?.observations ?? "")
    let calls = 0
    let skips = 0
    for (let start = batch; start < trainset.length; start += batch) {
      calls++
      if (calls >= 10) break
      const output = yield* ask(
        run,
        DatasetDescriptorWithPriorObservations,
        {
          prior_observations: observations,
          examples: `[${trainset
            .slice(start, start + batch)
            .map(exampleText)
            .join(", ")}]`
        },
        settings,
        rollout
      )
      const added = String(output?.observations ?? "")
      if (added.length >= 8 && added.slice(0, 8).toUpperCase() === "COMPLETE") {
        skips++
        if (skips >= 5) break
        continue
      }
      observations += added
    }
    const summary = yield* ask(run, ObservationSummarizer, { observations }, settings, rollout)
    return stripPrefix(String(summary?.summary ?? observations))
  })

/** Up to `count` bootstrapped demos from the demo sets, starting at set `setIndex` (DSPy `gather_examples_from_sets`). */
const taskDemos = (
  sets: ReadonlyArray<ReadonlyArray<Example>>,
  setIndex: number,
  signature: Signature<FieldValues, FieldValues>,
  count: number
): string => {
  if (setIndex === 0) return "No task demos provided."
  const ordered = [...sets.slice(setIndex), ...sets.slice(0, setIndex)]
  const texts: string[] = []
  for (const set of ordered) {
    for (const demo of set) {
      if (!demo.augmented) continue
      texts.push(demoText(signature, demo))
      if (texts.length >= count) break
    }
    if (texts.length >= count) break
  }
  return texts.length === 0 ? "No task demos provided." : `${texts.join("\n\n")}\n\n`
}

/**
 * Proposes `count` instruction candidates per predictor; candidate 0 is the predictor's current instruction
 * (as DSPy's MIPROv2 sets it). `demoSets` are the predictor's candidate demo sets (they ground the proposals).
 */
export const proposeInstructions = (
  run: OptimizationRun,
  params: {
    readonly program: AnyModule
    readonly trainset: ReadonlyArray<Example>
    readonly demoSets: ReadonlyMap<string, ReadonlyArray<ReadonlyArray<Example>>> | undefined
    readonly count: number
    readonly settings: ProposerSettings
    readonly random: SeededRandom
  }
): Effect.Effect<Map<string, string[]>, RunStop, LanguageModel> =>
  Effect.gen(function* () {
    const { program, settings, random } = params
    const summary = settings.dataAware ? yield* datasetSummary(run, params.trainset, settings) : "Not available"
    const code = settings.programAware ? programStructure(program) : "Not provided"
    const tipNames = Object.keys(PROPOSAL_TIPS)
    const proposals = new Map<string, string[]>()
    for (const [name, predictor] of program.namedPredictors()) {
      const basic = predictor.signature.instructions
      const sets = params.demoSets?.get(name) ?? []
      // Draws first, so the proposals do not depend on how the calls interleave.
      const plans = Array.from({ length: Math.max(0, params.count - 1) }, (_, offset) => ({
        setIndex: sets.length === 0 ? 0 : (offset + 1) % sets.length,
        tip: settings.tipAware ? (PROPOSAL_TIPS[random.choice(tipNames)] ?? "") : "",
        rolloutId: random.int(1_000_000_000)
      }))
      const proposed = yield* Effect.forEach(
        plans,
        (plan) =>
          Effect.gen(function* () {
            const rollout = { rolloutId: plan.rolloutId, temperature: settings.initTemperature }
            const demos =
              settings.fewshotAware && sets.length > 0
                ? taskDemos(sets, plan.setIndex, predictor.signature, 3)
                : "No task demos provided."
            let programDescription = "Not available"
            let moduleDescription = "Not provided"
            const module = moduleDefinition(name, predictor)
            if (settings.programAware) {
              const described = yield* ask(
                run,
                DescribeProgram,
                { program_code: code, program_example: demos },
                settings,
                rollout
              )
              programDescription = stripPrefix(String(described?.program_description ?? programDescription))
              const moduleDescribed = yield* ask(
                run,
                DescribeModule,
                { program_code: code, program_example: demos, program_description: programDescription, module },
                settings,
                rollout
              )
              moduleDescription = stripPrefix(String(moduleDescribed?.module_description ?? moduleDescription))
            }
            const instruction = yield* ask(
              run,
              GenerateSingleModuleInstruction,
              {
                dataset_description: summary,
                program_code: code,
                program_description: programDescription,
                module,
                module_description: moduleDescription,
                task_demos: demos,
                basic_instruction: basic,
                tip: plan.tip
              },
              settings,
              rollout
            )
            const text = stripPrefix(String(instruction?.proposed_instruction ?? ""))
            return text === "" ? basic : text
          }),
        { concurrency: run.concurrency }
      )
      proposals.set(name, [basic, ...proposed])
    }
    return proposals
  })
