// Asynchronous simulations on the embedded database (PGlite, pg-boss through `fromPglite`): a valid request
// is stored `queued` together with its job, a bad one is refused before anything is stored, and a job that
// cannot succeed (no fitted models yet) fails for good at once, with its typed error on the simulation's row
// and in the dead-letter queue; the learning loop's queues report that there is nothing to learn yet. Also:
// the schedule table is applied as data.
import { findCalibration, startCalibrationRow } from "@preflight/simulator"
import { Database, findJobResult, migrate } from "@preflight/storage"
import { Effect, Exit, Layer, ManagedRuntime, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { enqueueSimulation, simulationStatus } from "../src/async-simulation.ts"
import { deadLetters } from "../src/dead-letters.ts"
import { BUILT_IN_HANDLERS } from "../src/handlers/built-in-handlers.ts"
import { calibrateJob } from "../src/handlers/calibrate-job.ts"
import { canaryTickJob } from "../src/handlers/canary-tick-job.ts"
import { fitJob } from "../src/handlers/fit-job.ts"
import { optimizeJob } from "../src/handlers/optimize-job.ts"
import { jobCounts } from "../src/job-counts.ts"
import { queueClientLayer } from "../src/queue-client.ts"
import { JobQueue } from "../src/queues/job-queue.ts"
import { applySchedules, DEFAULT_SCHEDULES, withScheduleOverrides } from "../src/schedules.ts"
import { sendJob } from "../src/send-job.ts"
import { startWorker } from "../src/worker.ts"
import { eventually } from "./support/queue-client.ts"

const request = {
  intervention: { channels: ["email"], content_variants: [{ id: "spring", template: "Spring sale: 20% off" }] },
  target_population: { segments: ["loyal"] }
}

const runtime = ManagedRuntime.make(queueClientLayer().pipe(Layer.provideMerge(Database.layerPglite())))
const countsOf = (queue: string) =>
  runtime.runPromise(jobCounts()).then((all) => all.find((entry) => entry.queue === queue)?.counts)

beforeAll(() => runtime.runPromise(migrate()), 60_000)
afterAll(() => runtime.dispose())
// The worker test comes last: a worker's stop stops the queue instance it served on.

describe("the schedule table", () => {
  it("applies overrides by queue: a new cron, off, or a queue added", () => {
    const table = withScheduleOverrides(
      [
        { queue: "drift-check", cron: "30 3 * * *" },
        { queue: "fit", cron: "0 1 * * 0" }
      ],
      { "drift-check": "0 * * * *", fit: "off", import: "15 4 * * *" }
    )
    expect(table).toEqual([
      { queue: "drift-check", cron: "0 * * * *" },
      { queue: "import", cron: "15 4 * * *" }
    ])
  })

  it("makes pg-boss's schedules exactly the table's, and refuses a schedule for a queue nobody serves", async () => {
    const queues = BUILT_IN_HANDLERS.map((handler) => handler.queue)
    const schedules = await runtime.runPromise(
      Effect.gen(function* () {
        const { boss } = yield* JobQueue
        yield* applySchedules(
          boss,
          [...DEFAULT_SCHEDULES, { queue: "fit", cron: "0 2 * * *", payload: { seed: 3 } }],
          queues
        )
        const first = yield* Effect.promise(() => boss.getSchedules())
        yield* applySchedules(boss, DEFAULT_SCHEDULES, queues)
        const second = yield* Effect.promise(() => boss.getSchedules())
        const refused = yield* Effect.flip(applySchedules(boss, [{ queue: "retrain", cron: "0 * * * *" }], queues))
        return { first, second, refused }
      })
    )
    expect(schedules.first.map((entry) => [entry.name, entry.cron, entry.data]).sort()).toEqual([
      ["canary-tick", "15 * * * *", {}],
      ["drift-check", "30 3 * * *", {}],
      ["fit", "0 2 * * *", { seed: 3 }],
      ["optimize", "0 4 * * *", {}]
    ])
    expect(schedules.second.map((entry) => entry.name).sort()).toEqual(["canary-tick", "drift-check", "optimize"])
    expect(schedules.refused._tag).toBe("ScheduleForUnknownQueue")
  })
})

describe("sending a job", () => {
  it("checks the payload against the queue's schema before anything is queued", async () => {
    const before = (await countsOf("fit"))?.created ?? 0
    const refused = await runtime.runPromise(Effect.flip(sendJob(fitJob, { maxTrainingRows: -5, colour: "red" })))
    if (refused._tag !== "InvalidJobPayload") throw new Error(`expected InvalidJobPayload, got ${refused._tag}`)
    expect(refused.issues.map((issue) => issue.path).sort()).toEqual(["", "maxTrainingRows"])
    expect((await countsOf("fit"))?.created).toBe(before)
    const id = await runtime.runPromise(sendJob(fitJob, { maxTrainingRows: 5_000, seed: 2 }))
    expect(id).toBeTypeOf("string")
    expect((await countsOf("fit"))?.created).toBe(before + 1)
  })
})

describe("asynchronous simulations on PGlite", () => {
  it("refuses an invalid request before storing anything", async () => {
    const refused = await runtime.runPromise(
      Effect.flip(enqueueSimulation({ intervention: { channels: [] }, target_population: {} }, 1))
    )
    expect(refused._tag).toBe("RequestInvalid")
    const rows = await runtime.runPromise(Effect.flatMap(Database, (db) => db.query("SELECT * FROM simulations")))
    expect(rows).toHaveLength(0)
    expect((await countsOf("simulate"))?.created).toBe(0)
  })

  it("stores the request queued with its job, then records the typed error when the job cannot succeed", async () => {
    // A calibration queued the API's way (its row first, then the job): without a fit it cannot succeed either.
    const calibrationId = await runtime.runPromise(startCalibrationRow({ optimizer: "labeled" }, "queued"))
    await runtime.runPromise(sendJob(calibrateJob, { calibrationId, optimizer: "labeled", seed: 1 }))
    // The learning loop's queues before anything is calibrated: nothing to learn, no canary to look at.
    const optimizeId = String(await runtime.runPromise(sendJob(optimizeJob, { seed: 1 })))
    const canaryId = String(await runtime.runPromise(sendJob(canaryTickJob, {})))
    const simulationId = await runtime.runPromise(enqueueSimulation(request, 42))
    const queued = await runtime.runPromise(simulationStatus(simulationId))
    expect(queued).toMatchObject({ simulationId, status: "queued", response: null })
    expect(queued?.request).toMatchObject({ ...request, simulation_params: { seed: 42 } })
    expect((await countsOf("simulate"))?.created).toBe(1)

    const scope = await runtime.runPromise(Scope.make())
    try {
      await runtime.runPromise(
        startWorker({
          handlers: BUILT_IN_HANDLERS,
          queues: ["simulate", "calibrate", "optimize", "canary-tick"],
          schedules: [],
          stopTimeoutMs: 2_000
        }).pipe(Scope.provide(scope))
      )
      await eventually(
        "the simulation and the calibration to fail",
        async () => {
          const row = await runtime.runPromise(simulationStatus(simulationId))
          const calibration = await runtime.runPromise(findCalibration(calibrationId))
          const learned = await runtime.runPromise(findJobResult(optimizeId))
          const looked = await runtime.runPromise(findJobResult(canaryId))
          return (
            row?.status === "failed" &&
            calibration?.status === "failed" &&
            learned !== undefined &&
            looked !== undefined
          )
        },
        30_000
      )
    } finally {
      await runtime.runPromise(Scope.close(scope, Exit.void))
    }
    expect((await runtime.runPromise(findJobResult(optimizeId)))?.result).toMatchObject({ action: "no-active-program" })
    expect((await runtime.runPromise(findJobResult(canaryId)))?.result).toMatchObject({ action: "none" })
    const failed = await runtime.runPromise(simulationStatus(simulationId))
    // The problem document the API's status route returns, naming the typed error.
    expect(failed?.error).toMatchObject({
      type: "urn:preflight:problem:NoFittedModels",
      status: 422,
      tag: "NoFittedModels",
      retryable: false
    })
    const letters = await runtime.runPromise(deadLetters())
    expect(letters).toHaveLength(2)
    const simulationLetter = letters.find((letter) => letter.sourceQueue === "simulate")
    expect(simulationLetter).toMatchObject({ sourceQueue: "simulate", sourceJobId: simulationId, retries: 0 })
    expect(simulationLetter?.error?.tag).toBe("NoFittedModels")
    // The calibration: dead-lettered at once with the typed error, and its row says so.
    const calibrationLetter = letters.find((letter) => letter.sourceQueue === "calibrate")
    expect(calibrationLetter).toMatchObject({ retries: 0 })
    expect(calibrationLetter?.error?.tag).toBe("NoFittedModels")
    const calibration = await runtime.runPromise(findCalibration(calibrationId))
    expect(calibration?.error).toMatchObject({ tag: "NoFittedModels" })
  })
})
