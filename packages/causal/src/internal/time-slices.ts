// Long fits written as generators that yield after each unit of work (a NUTS iteration, a boosting round)
// run here in time slices: the event loop gets a turn after every `SLICE_MS` of work, and an interrupted
// fiber stops at the next turn. Running the same generator to its end at once (`drain`) gives the same result.
import { Effect } from "effect"

/**
 * Longest run of work between two returns to the event loop. By time, not by count: one unit costs from
 * microseconds to tens of milliseconds. 10 ms bounds the latency a fit adds to a server's other requests,
 * while giving the loop back (one macrotask) costs far below 1% of the fit.
 */
export const SLICE_MS = 10

/** Gives the event loop back (a macrotask, so I/O and timers run) and lets the fiber be interrupted there. */
export const giveEventLoopBack: Effect.Effect<void> = Effect.callback<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})

/** Runs `work` to its end, giving the event loop back whenever a slice of work has run. */
export const runInSlices = <A>(work: Generator<void, A>): Effect.Effect<A> =>
  Effect.gen(function* () {
    let sliceStart = performance.now()
    for (;;) {
      const next = work.next()
      if (next.done === true) return next.value
      if (performance.now() - sliceStart >= SLICE_MS) {
        yield* giveEventLoopBack
        sliceStart = performance.now()
      }
    }
  })

/** Runs `work` to its end at once (worker threads, synchronous callers). */
export const drain = <A>(work: Generator<void, A>): A => {
  for (;;) {
    const next = work.next()
    if (next.done === true) return next.value
  }
}
