// A program saved here, loaded in a new Node process and run again gives identical outputs; loading a
// state whose field types no longer match the code fails there with a clear error.
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { Example } from "../../src/example.ts"
import { ScriptedLanguageModel } from "../../src/lm/scripted-language-model.ts"
import { programToJson } from "../../src/state/program-state.ts"
import { PersonaProgram, personaInputs, promptDependentAnswer } from "../support/persona-program.ts"

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "load-and-run.ts")
const workDir = mkdtempSync(join(tmpdir(), "preflight-program-"))

afterAll(() => rmSync(workDir, { recursive: true, force: true }))

const runHere = (program: PersonaProgram) =>
  Effect.runPromise(
    Effect.forEach(personaInputs, (inputs) =>
      program.run(inputs).pipe(Effect.map((prediction) => prediction.outputs))
    ).pipe(Effect.provide(ScriptedLanguageModel.layer({ respond: promptDependentAnswer })))
  )

// process.execPath is the Node 24 running vitest (the workspace pins it), which runs .ts directly.
const runInNewProcess = (statePath: string, ...flags: ReadonlyArray<string>) =>
  spawnSync(process.execPath, [script, statePath, ...flags], { encoding: "utf8", timeout: 60_000 })

const optimizedProgram = (): PersonaProgram => {
  const program = new PersonaProgram()
  program.evaluate.predict.setInstructions("React as the persona would; be specific about the offer.")
  program.evaluate.predict.demos = [
    Example.of(
      {
        persona_profile: '{"segment": "loyal"}',
        creative_content: "Thank-you coupon",
        context: "email",
        reasoning: "Loyal customers like being thanked.",
        intent_delta: 0.3,
        emotional_response: "interested",
        rationale: "Feels valued."
      },
      { augmented: true }
    )
  ]
  program.assess.signature = program.assess.signature.withUpdatedField("receptivity", {
    description: "Probability of engaging, calibrated on history (0-1)"
  })
  return program
}

describe("program files across processes", () => {
  it("saved, loaded in a new process and run again: identical outputs", async () => {
    const program = optimizedProgram()
    const statePath = join(workDir, "persona.json")
    writeFileSync(statePath, programToJson(program))
    const here = await runHere(program)

    const child = runInNewProcess(statePath)
    expect(child.stderr).toBe("")
    expect(child.status).toBe(0)
    expect(JSON.parse(child.stdout)).toEqual(here)

    // The outputs depend on the prompt: an un-optimized program answers differently, so equality above
    // means the loaded program rebuilt the same prompts.
    const baseline = await runHere(new PersonaProgram())
    expect(baseline).not.toEqual(here)
  })

  it("a state whose field types no longer match the code fails with a clear error", () => {
    const statePath = join(workDir, "persona-retyped.json")
    writeFileSync(statePath, programToJson(optimizedProgram()))
    const child = runInNewProcess(statePath, "--retyped")
    expect(child.status).toBe(2)
    expect(child.stdout).toBe("")
    expect(child.stderr.trim()).toBe(
      'Saved program does not match the code at predictor "assess", field "receptivity": the field\'s type changed (code has output receptivity: int, saved program has output receptivity: number)'
    )
  })
})
