// Long fits keep a server responsive: fitMmm gives the event loop back every few NUTS iterations (timers keep
// firing, and interrupting the fiber stops the fit within a slice), and fitMmmInWorker samples in a worker
// thread with the same draws as fitMmm for the same seed.
import { SeededRandom } from "@preflight/numeric"
import { Effect, Exit, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { applyAdstock } from "../../src/mmm/adstock.ts"
import { fitMmm, type MmmInput, type MmmOptions } from "../../src/mmm/fit-mmm.ts"
import { fitMmmInWorker } from "../../src/mmm/fit-mmm-in-worker.ts"
import { applySaturation } from "../../src/mmm/saturation.ts"

const random = new SeededRandom(31)
const n = 60
const spend = Float64Array.from({ length: n }, () => random.next())
const effect = applySaturation(
  applyAdstock(spend, { kind: "geometric", lMax: 8, normalize: true }, [0.4]),
  "logistic",
  [3]
)
const target = Float64Array.from({ length: n }, (_, t) => 1 + (effect[t] ?? 0) + 0.05 * random.normal())
const input: MmmInput = { target, channels: [{ name: "tv", spend }], trend: false }

describe("responsive MMM fits", () => {
  it("fitMmm lets timers fire during the fit and stops soon after an interruption", async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const long: MmmOptions = { chains: 4, warmup: 2000, draws: 2000, seed: 3 }
    const fiber = Effect.runFork(fitMmm(input, long))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const interruptedAt = performance.now()
    const exit = await Effect.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))))
    const stopMs = performance.now() - interruptedAt
    clearInterval(timer)
    expect(Exit.hasInterrupts(exit)).toBe(true)
    // A 1.5 s window of 5 ms timers: with the fit blocking the loop there would be at most one tick (the
    // posterior mode, before the chains, is one uninterrupted stage of a few hundred ms on a loaded machine).
    expect(ticks).toBeGreaterThan(10)
    expect(stopMs).toBeLessThan(1000)
  })

  it("fitMmmInWorker gives the same fit as fitMmm for the same seed, off the main thread", async () => {
    const options: MmmOptions = { chains: 2, warmup: 150, draws: 150, seed: 5 }
    const here = await Effect.runPromise(fitMmm(input, options))
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const started = performance.now()
    const there = await Effect.runPromise(fitMmmInWorker(input, options))
    const elapsedMs = performance.now() - started
    clearInterval(timer)
    expect(there.parameterNames).toEqual(here.parameterNames)
    for (const name of here.parameterNames) expect(there.draws.get(name)).toEqual(here.draws.get(name))
    expect(there.channels[0]?.roi).toEqual(here.channels[0]?.roi)
    // The main thread's timers kept running while the worker sampled.
    expect(ticks).toBeGreaterThan(Math.floor(elapsedMs / 5 / 4))
  })

  it("fitMmmInWorker refuses bad input before starting a worker", async () => {
    const error = await Effect.runPromise(Effect.flip(fitMmmInWorker({ ...input, target: [1, 2] })))
    expect(error.field).toBe("target")
  })
})
