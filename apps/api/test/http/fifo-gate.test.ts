// The gate in front of model work: at most `limit` callers run at once, the others start in the order they
// came, a failed caller frees its slot, and a caller arriving while others wait queues behind them.
import { describe, expect, it } from "vitest"
import { makeFifoGate } from "../../src/http/fifo-gate.ts"

const deferred = () => {
  let resolve: () => void = () => undefined
  const promise = new Promise<void>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

const settle = () => new Promise<void>((done) => setImmediate(done))

describe("makeFifoGate", () => {
  it("runs at most `limit` at once and starts the rest in arrival order", async () => {
    const gate = makeFifoGate(2)
    const started: Array<number> = []
    const finish = Array.from({ length: 5 }, () => deferred())
    const runs = finish.map((done, index) =>
      gate.run(async () => {
        started.push(index)
        await done.promise
        return index
      })
    )
    await settle()
    expect(started).toEqual([0, 1])
    finish[1]?.resolve()
    await settle()
    expect(started).toEqual([0, 1, 2])
    // A newcomer queues behind the callers already waiting, even when a slot frees at once.
    const late = gate.run(async () => {
      started.push(5)
      return 5
    })
    finish[0]?.resolve()
    await settle()
    expect(started).toEqual([0, 1, 2, 3])
    for (const done of finish) done.resolve()
    expect(await Promise.all([...runs, late])).toEqual([0, 1, 2, 3, 4, 5])
    expect(started).toEqual([0, 1, 2, 3, 4, 5])
  })

  it("frees the slot of a caller that fails", async () => {
    const gate = makeFifoGate(1)
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom")
    expect(await gate.run(async () => "next")).toBe("next")
  })
})
