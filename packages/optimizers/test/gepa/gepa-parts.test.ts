import { describe, expect, it } from "@effect/vitest"
import { SeededRandom } from "@preflight/numeric"
import { MergeSchedule, mergeSubsample, planMerge } from "../../src/gepa/merge.ts"
import {
  emptyFrontier,
  frontierDominators,
  removeDominated,
  selectFromFrontier,
  updateFrontier
} from "../../src/gepa/pareto-frontier.ts"
import { extractInstruction, formatRecords, reflectionPrompt } from "../../src/gepa/reflection.ts"

describe("per-instance Pareto frontier", () => {
  it("keeps the best score per example and who reached it; dominated candidates drop out", () => {
    const frontier = emptyFrontier(3)
    updateFrontier(frontier, 0, [1, 0, 0])
    updateFrontier(frontier, 1, [0, 1, 0])
    updateFrontier(frontier, 2, [1, 1, 0])
    expect(frontier.map((entry) => entry.best)).toEqual([1, 1, 0])
    expect(frontier.map((entry) => [...entry.programs])).toEqual([
      [0, 2],
      [1, 2],
      [0, 1, 2]
    ])
    const aggregates = [1 / 3, 1 / 3, 2 / 3]
    expect(removeDominated(frontier, aggregates).map((programs) => [...programs])).toEqual([[2], [2], [2]])
    expect(frontierDominators(frontier, aggregates)).toEqual([2])
    expect(selectFromFrontier(frontier, aggregates, new SeededRandom(1))).toBe(2)
  })

  it("samples non-dominated candidates in proportion to the examples they are best on", () => {
    const frontier = emptyFrontier(4)
    updateFrontier(frontier, 0, [1, 1, 1, 0])
    updateFrontier(frontier, 1, [0, 0, 0, 1])
    const random = new SeededRandom(2)
    let first = 0
    for (let draw = 0; draw < 4000; draw++) if (selectFromFrontier(frontier, [0.75, 0.25], random) === 0) first++
    expect(Math.abs(first / 4000 - 0.75)).toBeLessThan(0.03)
  })
})

describe("merge", () => {
  const candidates = [
    { a: "A0", b: "B0" },
    { a: "A1", b: "B0" },
    { a: "A0", b: "B2" }
  ]
  const parents = [[], [0], [0]]

  it("combines the components each lineage changed, once per triplet", () => {
    const tried = new Set<string>()
    const plan = planMerge({
      mergeCandidates: [1, 2],
      candidates,
      parents,
      aggregates: [0.2, 0.5, 0.6],
      tried,
      random: new SeededRandom(3)
    })
    expect(plan?.components).toEqual({ a: "A1", b: "B2" })
    expect([plan?.first, plan?.second, plan?.ancestor]).toEqual([1, 2, 0])
    expect(
      planMerge({
        mergeCandidates: [1, 2],
        candidates,
        parents,
        aggregates: [0.2, 0.5, 0.6],
        tried,
        random: new SeededRandom(3)
      })
    ).toBeUndefined()
  })

  it("needs an ancestor scoring no better than both descendants, and no ancestry between them", () => {
    const random = new SeededRandom(4)
    expect(
      planMerge({ mergeCandidates: [1, 2], candidates, parents, aggregates: [0.9, 0.5, 0.6], tried: new Set(), random })
    ).toBeUndefined()
    expect(
      planMerge({ mergeCandidates: [0, 1], candidates, parents, aggregates: [0.2, 0.5, 0.6], tried: new Set(), random })
    ).toBeUndefined()
  })

  it("evaluates merges where the parents differ", () => {
    const picked = mergeSubsample([1, 0, 1, 0, 1, 1, 1], [0, 1, 0, 1, 1, 1, 1], new SeededRandom(5))
    expect(picked.length).toBe(5)
    expect(new Set(picked).size).toBe(5)
    expect(picked.some((index) => index === 0 || index === 2)).toBe(true)
    expect(picked.some((index) => index === 1 || index === 3)).toBe(true)
  })
})

describe("merge schedule (GEPA's engine)", () => {
  it("tries a merge only right after a new program, while merges are due", () => {
    const schedule = new MergeSchedule(5)
    expect(schedule.takeTurn()).toBe(false)
    schedule.foundNewProgram()
    expect(schedule.mergesDue).toBe(1)
    expect(schedule.takeTurn()).toBe(true)
    // Not again until another program is found, even though the merge is still due.
    expect(schedule.takeTurn()).toBe(false)
    expect(schedule.mergesDue).toBe(1)
  })

  it("counts accepted merges only: a rejected merge uses up neither a scheduled merge nor the cap", () => {
    const schedule = new MergeSchedule(1)
    schedule.foundNewProgram()
    expect(schedule.takeTurn()).toBe(true) // rejected: nothing recorded
    schedule.foundNewProgram()
    expect(schedule.mergesDue).toBe(2)
    expect(schedule.takeTurn()).toBe(true)
    schedule.mergeAccepted()
    expect([schedule.mergesDue, schedule.mergesAccepted]).toEqual([1, 1])
    // The cap is reached: new programs schedule nothing more, but the merge still due is tried.
    schedule.foundNewProgram()
    expect(schedule.mergesDue).toBe(1)
    expect(schedule.takeTurn()).toBe(true)
    schedule.mergeAccepted()
    schedule.foundNewProgram()
    expect(schedule.takeTurn()).toBe(false)
  })
})

describe("reflection prompt", () => {
  const records = [{ Inputs: { reading: "37" }, "Generated Outputs": { zone: "north" }, Feedback: "Wrong: zone east." }]

  it("renders records as GEPA's markdown and shows the current instruction", () => {
    expect(formatRecords(records)).toBe(
      "# Example 1\n## Inputs\n### reading\n37\n\n## Generated Outputs\n### zone\nnorth\n\n## Feedback\nWrong: zone east.\n\n"
    )
    const prompt = reflectionPrompt("Classify.", records)
    expect(
      prompt.startsWith(
        "I provided an assistant with the following instructions to perform a task for me:\n```\nClassify.\n```"
      )
    ).toBe(true)
    expect(prompt.endsWith("Provide the new instructions within ``` blocks.")).toBe(true)
  })

  it("reads the new instruction from the ``` block", () => {
    expect(extractInstruction("Sure.\n```\nNew instruction.\n```\nDone")).toBe("New instruction.")
    expect(extractInstruction("```markdown\nLine one.\nLine two.\n```")).toBe("Line one.\nLine two.")
    expect(extractInstruction("  Just text.  ")).toBe("Just text.")
    expect(extractInstruction("```\nUnclosed")).toBe("Unclosed")
  })
})
