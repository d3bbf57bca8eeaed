// `CalibrationJobs.layerInProcess` with a stand-in for `calibrate` (no fitted world needed): jobs run one at a
// time in the order they were queued, a queued job stays queued while another runs, a typed failure raised
// before `calibrate` took its row over and a defect both leave the row failed (the defect without its text),
// and rows a stopped process left unfinished are redone when the layer starts.
import { OfflinePersonaModel } from "@preflight/personas"
import { findCalibration, startCalibrationRow, UnknownOptimizer } from "@preflight/simulator"
import { Database, migrate } from "@preflight/storage"
import { Deferred, Effect, Layer, ManagedRuntime } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { CalibrationJobs, type CalibrationSettings, type RunCalibration } from "../src/jobs/calibration-jobs.ts"

const SETTINGS: CalibrationSettings = { optimizer: "mipro", seed: 0, budget: {} }

const runtimes: Array<{ dispose: () => Promise<void> }> = []
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.dispose()
})

/** The job layer over a fresh database, with `before` run on that database first (rows left by a "previous" process). */
const makeJobs = (run: RunCalibration, before: Effect.Effect<unknown, unknown, Database> = Effect.void) => {
  const database = Layer.effect(
    Database,
    Effect.gen(function* () {
      const db = yield* Database
      yield* migrate().pipe(Effect.provideService(Database, db))
      yield* before.pipe(Effect.provideService(Database, db))
      return db
    })
  ).pipe(Layer.provide(Database.layerPglite()))
  const runtime = ManagedRuntime.make(
    CalibrationJobs.layerInProcess(run).pipe(
      Layer.provideMerge(Layer.mergeAll(database, OfflinePersonaModel.layer({ seed: 1 })))
    )
  )
  runtimes.push(runtime)
  return runtime
}

/** A stand-in that marks its row running as `calibrate` does, waits for its gate, then completes nothing. */
const gatedRun =
  (log: Array<string>, gates: Map<number, Deferred.Deferred<void>>): RunCalibration =>
  (calibrationId, settings) =>
    Effect.gen(function* () {
      yield* startCalibrationRow(settings, "running", calibrationId)
      log.push(`start ${settings.seed}`)
      const gate = gates.get(settings.seed)
      if (gate !== undefined) yield* Deferred.await(gate)
      log.push(`end ${settings.seed}`)
      const db = yield* Database
      yield* db.execute(
        "UPDATE calibrations SET status = 'completed', completed_at = now() WHERE calibration_id::text = $1",
        [calibrationId]
      )
    })

const waitFor = <A>(read: () => Promise<A>, done: (value: A) => boolean) =>
  (async () => {
    const deadline = Date.now() + 10_000
    for (;;) {
      const value = await read()
      if (done(value) || Date.now() > deadline) return value
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()

describe("CalibrationJobs.layerInProcess", () => {
  it("runs one calibration at a time, in order; the next stays queued while one runs", async () => {
    const log: Array<string> = []
    const first = Effect.runSync(Deferred.make<void>())
    const runtime = makeJobs(gatedRun(log, new Map([[1, first]])))
    const jobs = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* CalibrationJobs
      })
    )
    const a = await runtime.runPromise(jobs.enqueue({ ...SETTINGS, seed: 1 }))
    const b = await runtime.runPromise(jobs.enqueue({ ...SETTINGS, seed: 2 }))
    expect(a.status).toBe("queued")
    const status = (id: string) => runtime.runPromise(jobs.status(id)).then((row) => row?.status)
    expect(
      await waitFor(
        () => status(a.calibrationId),
        (state) => state === "running"
      )
    ).toBe("running")
    // The first is held: the second must not start.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await status(b.calibrationId)).toBe("queued")
    expect(log).toEqual(["start 1"])
    Effect.runSync(Deferred.succeed(first, undefined))
    expect(
      await waitFor(
        () => status(b.calibrationId),
        (state) => state === "completed"
      )
    ).toBe("completed")
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2"])
    const row = await runtime.runPromise(jobs.status(a.calibrationId))
    expect(row?.settings).toEqual({ optimizer: "mipro", seed: 1, budget: {} })
  })

  it("fails the row for a typed error raised before calibrate took it over, and for a defect without its text", async () => {
    const runtime = makeJobs((_, settings) =>
      settings.seed === 1
        ? Effect.fail(new UnknownOptimizer({ name: "adam" }))
        : Effect.die(new Error("secret internals at /srv/preflight"))
    )
    const jobs = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* CalibrationJobs
      })
    )
    const typed = await runtime.runPromise(jobs.enqueue({ ...SETTINGS, seed: 1 }))
    const defect = await runtime.runPromise(jobs.enqueue({ ...SETTINGS, seed: 2 }))
    const row = (id: string) =>
      waitFor(
        () => runtime.runPromise(jobs.status(id)),
        (found) => found?.status === "failed"
      )
    const typedRow = await row(typed.calibrationId)
    expect(typedRow?.status).toBe("failed")
    expect(typedRow?.error).toEqual({ tag: "UnknownOptimizer", message: expect.stringMatching(/adam/) })
    const defectRow = await row(defect.calibrationId)
    expect(defectRow?.status).toBe("failed")
    expect(defectRow?.error).toEqual({ tag: "InternalError", message: "the calibration failed unexpectedly" })
    expect(JSON.stringify(defectRow)).not.toMatch(/secret/)
  })

  it("redoes rows a stopped process left queued or running, and leaves finished ones alone", async () => {
    const log: Array<string> = []
    const ids: Array<string> = []
    const runtime = makeJobs(
      gatedRun(log, new Map()),
      Effect.gen(function* () {
        ids.push(yield* startCalibrationRow({ ...SETTINGS, seed: 7 }, "queued"))
        ids.push(yield* startCalibrationRow({ ...SETTINGS, seed: 8, budget: { maxLmCalls: 5 } }, "running"))
        const done = yield* startCalibrationRow({ ...SETTINGS, seed: 9 }, "running")
        const db = yield* Database
        yield* db.execute("UPDATE calibrations SET status = 'failed' WHERE calibration_id::text = $1", [done])
      })
    )
    const jobs = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* CalibrationJobs
      })
    )
    for (const id of ids)
      expect(
        await waitFor(
          () => runtime.runPromise(jobs.status(id)).then((row) => row?.status),
          (state) => state === "completed"
        )
      ).toBe("completed")
    expect(log).toEqual(["start 7", "end 7", "start 8", "end 8"])
    expect(await runtime.runPromise(findCalibration(ids[1] ?? ""))).toMatchObject({
      settings: { seed: 8, budget: { maxLmCalls: 5 } }
    })
  })
})
