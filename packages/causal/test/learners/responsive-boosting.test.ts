// fitBoostedTrees gives the event loop back between boosting rounds (in 10 ms slices): timers keep firing
// during a long fit, an interruption stops it between trees, and the model equals the one fitted at once.
import { SeededRandom } from "@preflight/numeric"
import { Effect, Exit, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { fitBoostedTrees, fitBoostedTreesKernel } from "../../src/learners/boosting/gradient-boosting.ts"

const random = new SeededRandom(8)
const rows = 4000
const cols = 8
const values = new Float64Array(rows * cols).map(() => random.normal())
const y = Float64Array.from({ length: rows }, (_, i) => (values[i * cols] ?? 0) * 2 + (values[i * cols + 1] ?? 0) ** 2)
const input = { x: { rows, cols, values }, y, task: "regression" as const, seed: 4 }

describe("responsive boosting", () => {
  it("lets timers fire during a fit, stops soon after an interruption, and fits what the kernel fits", async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const fiber = Effect.runFork(fitBoostedTrees(input, { nEstimators: 5000, numLeaves: 31 }))
    await new Promise((resolve) => setTimeout(resolve, 600))
    const interruptedAt = performance.now()
    const exit = await Effect.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))))
    const stopMs = performance.now() - interruptedAt
    clearInterval(timer)
    expect(Exit.hasInterrupts(exit)).toBe(true)
    // A fit that held the loop would let at most one tick through; the thresholds leave room for a machine
    // whose two cores are busy with other test files.
    expect(ticks).toBeGreaterThan(5)
    expect(stopMs).toBeLessThan(1000)
    const sliced = await Effect.runPromise(fitBoostedTrees(input, { nEstimators: 20 }))
    expect(sliced).toEqual(fitBoostedTreesKernel(input, { nEstimators: 20 }))
  })
})
