// First come, first served for the model work of the API (simulate, evaluate-creative, predict-uplift).
//
// That work is CPU on the one event loop, and the embedded database answers inside the promise that asked it,
// so a request resumes in a microtask and runs on to its next statement. With every request let in at once,
// one microtask drain ran all of them for up to a second at a time; Node accepts a connection and reads a socket
// only between drains (one connection per drain was measured under 32 connections), so the first requests of a
// burst waited behind later ones for up to 20 s while the median was under one. Letting a few requests in at a
// time, in arrival order, keeps drains short and serves requests in turn: a queued request waits for the ones
// ahead of it, not for whoever arrives next.
import type { EffectRunner } from "./run-effect.ts"

export interface FifoGate {
  /** Runs `work` once fewer than the limit are running and every earlier caller has started. */
  readonly run: <A>(work: () => Promise<A>) => Promise<A>
}

/** A gate that lets `limit` (at least 1) callers run at once, in the order they called. */
export const makeFifoGate = (limit: number): FifoGate => {
  const capacity = Math.max(1, Math.floor(limit))
  let running = 0
  const waiting: Array<() => void> = []
  const release = () => {
    const next = waiting.shift()
    // The slot passes straight to the next caller, so a new arrival cannot take it first.
    if (next === undefined) running -= 1
    else next()
  }
  return {
    run: async (work) => {
      if (running < capacity && waiting.length === 0) running += 1
      else await new Promise<void>((resolve) => waiting.push(resolve))
      try {
        return await work()
      } finally {
        release()
      }
    }
  }
}

/** `run` through `gate`: the effect starts when the gate lets it in. */
export const gatedRunner =
  (run: EffectRunner, gate: FifoGate): EffectRunner =>
  (c, effect, respond) =>
    gate.run(() => run(c, effect, respond))
