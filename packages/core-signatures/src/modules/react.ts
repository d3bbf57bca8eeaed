// ReAct: an agent loop over zod-typed tools (dspy/predict/react.py). Each turn a Predict chooses
// next_thought / next_tool_name / next_tool_args; the tool's observation joins the trajectory; the `finish`
// tool ends the loop; a ChainOfThought extracts the outputs from the trajectory. The trajectory is
// truncated (oldest tool call first) when the prompt outgrows the context window.
import { Effect } from "effect"
import { z } from "zod"
import { formatUserContent } from "../adapters/chat-adapter.ts"
import type { LmContextWindowExceeded, PredictError } from "../errors.ts"
import { Prediction } from "../example.ts"
import { pythonRepr } from "../internal/python-json.ts"
import type { LanguageModel } from "../lm/language-model.ts"
import { type FieldValues, Signature } from "../signature/signature.ts"
import { ChainOfThought, type WithReasoning } from "./chain-of-thought.ts"
import { type CallOptions, Module } from "./module.ts"
import { Predict } from "./predict.ts"

/**
 * A tool the agent may call: typed arguments (a zod object) and an implementation that needs no service. A
 * failure it reports becomes the observation the model sees; a defect (a bug: `Effect.die`, an interruption)
 * ends the run instead, since the model cannot act on it.
 */
export interface Tool<A extends FieldValues = FieldValues> {
  readonly name: string
  readonly description: string
  readonly args: z.ZodType<A>
  readonly execute: (args: A) => Effect.Effect<unknown, unknown>
}

/** Any tool, whatever its argument type (what ReAct accepts). */
export interface AnyTool {
  readonly name: string
  readonly description: string
  readonly args: z.ZodType
  readonly execute: (args: never) => Effect.Effect<unknown, unknown>
}

/** The services an `execute` result needs: those of an Effect, `never` for a value or a Promise. */
type RequirementsOf<Out> = Out extends Effect.Effect<unknown, unknown, infer R> ? R : never

/** Makes a tool whose Effect still needs a service a type error that names the service. */
type NeedsNoService<Out> = [RequirementsOf<Out>] extends [never]
  ? unknown
  : { readonly "provide these services to the tool's Effect before giving it to ReAct": RequirementsOf<Out> }

/**
 * Defines a tool with zod-typed arguments. `execute` may return a value, a Promise or an Effect; an Effect
 * that needs services must have them provided first (`Effect.provide(layer)` inside `execute`), else the
 * call does not type-check. A thrown exception, a rejected Promise and an Effect's typed failure become the
 * observation "Execution error in <tool>: <message>" (DSPy's behaviour); a defect is not caught.
 * @example
 * const search = tool({ name: "search", description: "Web search.", args: z.object({ query: z.string() }),
 *   execute: ({ query }) => SearchClient.use((client) => client.search(query)).pipe(Effect.provide(SearchClient.layer)) })
 */
export const tool = <S extends z.ZodObject, Out>(
  spec: {
    readonly name: string
    readonly description: string
    readonly args: S
    readonly execute: (args: z.output<S>) => Out
  } & NeedsNoService<Out>
): Tool<z.output<S> & FieldValues> => ({
  name: spec.name,
  description: spec.description,
  // A zod object's output is a record of its fields; TypeScript cannot see that for a generic `S`.
  args: spec.args as unknown as z.ZodType<z.output<S> & FieldValues>,
  execute: (args) =>
    Effect.flatMap(
      Effect.try({ try: () => spec.execute(args), catch: (error) => error }),
      (result): Effect.Effect<unknown, unknown> => {
        // `NeedsNoService` proved at the call site that an Effect result needs no service, so running it
        // here cannot miss one; the guard only tells values, Promises and Effects apart at run time.
        if (Effect.isEffect(result)) return result as Effect.Effect<unknown, unknown>
        if (result instanceof Promise) return Effect.tryPromise({ try: () => result, catch: (error) => error })
        return Effect.succeed(result)
      }
    )
})

/** The per-turn outputs of the agent. */
interface Step extends FieldValues {
  readonly next_thought: string
  readonly next_tool_name: string
  readonly next_tool_args: Readonly<Record<string, unknown>>
}

/** ReAct's outputs: the extracted outputs, the extractor's reasoning, and the trajectory. */
export type ReActOutputs<O extends object> = WithReasoning<O> & {
  readonly trajectory: Readonly<Record<string, unknown>>
}

const argsDescription = (schema: z.ZodType): string => {
  const json = z.toJSONSchema(schema, { unrepresentable: "any" }) as { properties?: Record<string, unknown> }
  return pythonRepr(json.properties ?? {})
}

// DSPy Tool.__str__
const describeTool = (tool: AnyTool): string => {
  const description =
    tool.description === "" ? "." : `, whose description is <desc>${tool.description}</desc>.`.replaceAll("\n", "  ")
  return `${tool.name}${description} It takes arguments ${argsDescription(tool.args)}.`
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const runTool = (tool: AnyTool, rawArgs: unknown): Effect.Effect<unknown> => {
  const parsed = tool.args.safeParse(rawArgs ?? {})
  if (!parsed.success) {
    return Effect.succeed(
      `Execution error in ${tool.name}: invalid arguments: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "args"}: ${issue.message}`).join("; ")}`
    )
  }
  // The arguments passed the tool's own schema, which is the type its `execute` was declared with.
  return tool
    .execute(parsed.data as never)
    .pipe(Effect.catch((error) => Effect.succeed(`Execution error in ${tool.name}: ${errorMessage(error)}`)))
}

/**
 * The ReAct agent.
 * @example
 * const agent = new ReAct(Signature.parse("question -> answer"), [search], { maxIterations: 5 })
 * const { outputs } = yield* agent.run({ question })   // outputs.answer, outputs.trajectory
 */
export class ReAct<I extends object = FieldValues, O extends object = FieldValues> extends Module<
  I,
  Prediction<ReActOutputs<O>>
> {
  readonly react: Predict<FieldValues, Step>
  readonly extract: ChainOfThought<FieldValues, O>
  readonly tools: ReadonlyMap<string, AnyTool>
  maxIterations: number

  constructor(
    signature: Signature<I, O>,
    tools: ReadonlyArray<AnyTool>,
    options: { readonly maxIterations?: number } = {}
  ) {
    super()
    // DSPy's default is 20 iterations (its docstring says 10; the code says 20).
    this.maxIterations = options.maxIterations ?? 20
    const inputs = signature.inputFields.map((field) => `\`${field.name}\``).join(", ")
    const outputs = signature.outputFields.map((field) => `\`${field.name}\``).join(", ")
    const finish = tool({
      name: "finish",
      description: `Marks the task as complete. That is, signals that all information for producing the outputs, i.e. ${outputs}, are now available to be extracted.`,
      args: z.object({}),
      execute: () => "Completed."
    })
    const all = new Map<string, AnyTool>()
    // Each tool validates its own arguments with its zod schema before `execute` sees them.
    for (const item of tools) all.set(item.name, item)
    all.set("finish", finish)
    this.tools = all

    const instructions: string[] = signature.instructions === "" ? [] : [`${signature.instructions}\n`]
    instructions.push(
      `You are an Agent. In each episode, you will be given the fields ${inputs} as input. And you can see your past trajectory so far.`,
      `Your goal is to use one or more of the supplied tools to collect any necessary information for producing ${outputs}.\n`,
      "To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and also when finishing the task.",
      "After each tool call, you receive a resulting observation, which gets appended to your trajectory.\n",
      "When writing next_thought, you may reason about the current situation and plan for future steps.",
      "When selecting the next_tool_name and its next_tool_args, the tool must be one of:\n"
    )
    let index = 1
    for (const item of all.values()) instructions.push(`(${index++}) ${describeTool(item)}`)
    instructions.push("When providing `next_tool_args`, the value inside the field must be in JSON format")

    const inputDefinitions: Record<string, { type: z.ZodType; description: string | undefined; prefix: string }> = {}
    for (const field of signature.inputFields) {
      inputDefinitions[field.name] = { type: field.schema, description: field.description, prefix: field.prefix }
    }
    const names = [...all.keys()] as [string, ...string[]]
    const reactSignature = Signature.make({
      instructions: instructions.join("\n"),
      inputs: { ...inputDefinitions, trajectory: z.string() },
      outputs: {
        next_thought: z.string(),
        next_tool_name: z.enum(names),
        next_tool_args: z.record(z.string(), z.unknown())
      }
    })
    this.react = new Predict(reactSignature as unknown as Signature<FieldValues, Step>)

    const fallbackFields: Record<string, { type: z.ZodType; description: string | undefined; prefix: string }> = {}
    for (const field of signature.outputFields) {
      fallbackFields[field.name] = { type: field.schema, description: field.description, prefix: field.prefix }
    }
    const extractSignature = Signature.make({
      instructions: signature.instructions,
      inputs: { ...inputDefinitions, trajectory: z.string() },
      outputs: fallbackFields
    })
    this.extract = new ChainOfThought(extractSignature as unknown as Signature<FieldValues, O>)
  }

  // DSPy `_format_trajectory`: the trajectory rendered as [[ ## key ## ]] blocks.
  private formatTrajectory(trajectory: Readonly<Record<string, unknown>>): string {
    const keys = Object.keys(trajectory)
    if (keys.length === 0) return ""
    const signature = Signature.parse(`${keys.join(", ")} -> x`)
    return formatUserContent(signature, trajectory, "", undefined)
  }

  // Retries a call after dropping the oldest tool call (4 trajectory entries) when the context overflows,
  // at most 3 times (DSPy `_call_with_potential_trajectory_truncation`).
  private callWithTruncation<P>(
    call: (trajectoryText: string) => Effect.Effect<P, PredictError, LanguageModel>,
    trajectory: Record<string, unknown>,
    attemptsLeft = 3
  ): Effect.Effect<P, PredictError, LanguageModel> {
    return call(this.formatTrajectory(trajectory)).pipe(
      Effect.catchTag("LmContextWindowExceeded", (error: LmContextWindowExceeded) => {
        const keys = Object.keys(trajectory)
        if (attemptsLeft <= 0 || keys.length < 4) return Effect.fail(error)
        for (const key of keys.slice(0, 4)) delete trajectory[key]
        return this.callWithTruncation(call, trajectory, attemptsLeft - 1)
      })
    )
  }

  forward(inputs: I, options?: CallOptions): Effect.Effect<Prediction<ReActOutputs<O>>, PredictError, LanguageModel> {
    const self = this
    return Effect.gen(function* () {
      const trajectory: Record<string, unknown> = {}
      for (let index = 0; index < self.maxIterations; index++) {
        const step = yield* Effect.result(
          self.callWithTruncation(
            (trajectoryText) => self.react.run({ ...inputs, trajectory: trajectoryText }, options),
            trajectory
          )
        )
        if (step._tag === "Failure") {
          // DSPy ends the trajectory when the agent fails to select a valid tool; other errors propagate.
          if (step.failure._tag === "OutputParseError") break
          return yield* Effect.fail(step.failure)
        }
        const { next_thought, next_tool_name, next_tool_args } = step.success.outputs
        trajectory[`thought_${index}`] = next_thought
        trajectory[`tool_name_${index}`] = next_tool_name
        trajectory[`tool_args_${index}`] = next_tool_args
        const chosen = self.tools.get(next_tool_name)
        trajectory[`observation_${index}`] =
          chosen === undefined
            ? `Execution error in ${next_tool_name}: unknown tool`
            : yield* runTool(chosen, next_tool_args)
        if (next_tool_name === "finish") break
      }
      const extracted = yield* self.callWithTruncation(
        (trajectoryText) => self.extract.run({ ...inputs, trajectory: trajectoryText }, options),
        trajectory
      )
      return new Prediction({ ...extracted.outputs, trajectory } as ReActOutputs<O>)
    })
  }
}
