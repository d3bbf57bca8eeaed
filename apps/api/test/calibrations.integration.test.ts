// The calibration routes on a demo world, through the typed client over `app.request`: a calibration asked for
// before anything is fitted fails with its typed error in the row; after a fit with its backtest, two
// calibrations run one after the other (never both running), the first's report is complete and consistent
// with what it registered, simulate and evaluate-creative then report the active version, and the second (same
// seed, so no better) is refused by the gate. Bad bodies, scopes, unknown ids and idempotent retries too.
import { CalibrationStatus, SimulationStatus } from "@preflight/client"
import { defaultCreativeReader, fit, SimulateResponse } from "@preflight/simulator"
import type { World } from "@preflight/worlds"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Harness, jsonPost, makeHarness, makeRuntime } from "./support/api-harness.ts"
import { importDemoWorld, requestFor } from "./support/fitted-world.ts"

let api: Harness
let world: World
let beforeFit: CalibrationStatus

const WAIT = { timeoutMs: 600_000, everyMs: 100 } as const

beforeAll(async () => {
  const runtime = makeRuntime()
  world = await runtime.runPromise(importDemoWorld({ seed: 515 }))
  api = await makeHarness({ runtime, settings: { rateLimitPerMinute: 1_000_000_000 } })
  // Asked for before any fit: it must fail in the background with the typed error, not crash the job runner.
  const admin = api.clientFor(api.keys.admin)
  const accepted = await admin.calibrate({ seed: 1 })
  if (!accepted.ok) throw new Error(`calibration refused: ${JSON.stringify(accepted.problem)}`)
  const done = await admin.waitForCalibration(accepted.data.calibration_id, WAIT)
  if (!done.ok) throw new Error(`calibration unreadable: ${JSON.stringify(done.problem)}`)
  beforeFit = done.data
  // Calibrate validates on the fit's backtest (the last campaigns forecast out of sample): keep it here.
  await runtime.runPromise(fit({ reader: defaultCreativeReader, maxTrainingRows: 30_000 }))
}, 900_000)
afterAll(() => api.dispose())

describe("POST /api/v1/calibrations: refusals", () => {
  it("fails a calibration with no fitted models in its row, as the problem its typed error maps to", () => {
    expect(beforeFit.status).toBe("failed")
    expect(beforeFit.completed_at).not.toBeNull()
    expect(beforeFit.report).toBeUndefined()
    expect(beforeFit.error?.status).toBe(409)
    expect(beforeFit.error?.type).toBe("/problems/models-not-ready")
    expect(beforeFit.error?.tag).toBe("NoFittedModels")
    expect(beforeFit.settings).toEqual({
      optimizer: "mipro",
      seed: 1,
      budget_calls: null,
      budget_tokens: null,
      budget_usd: null,
      threshold: null
    })
    expect(CalibrationStatus.safeParse(beforeFit).success).toBe(true)
  })

  it("answers bad bodies with 400 naming each field, and never queues them", async () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [{ optimizer: "adam" }, "optimizer"],
      [{ seed: -1 }, "seed"],
      [{ seed: 1.5 }, "seed"],
      [{ budget_calls: 0 }, "budget_calls"],
      [{ budget_usd: -2 }, "budget_usd"],
      [{ threshold: 1.5 }, "threshold"],
      [{ threshold: "high" }, "threshold"]
    ]
    for (const [body, field] of cases) {
      const response = await api.send("/api/v1/calibrations", jsonPost(api.keys.admin, body))
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.headers.get("content-type")).toBe("application/problem+json")
      const problem = (await response.json()) as { errors: ReadonlyArray<{ path: string }> }
      expect(problem.errors.map((error) => error.path)).toContain(field)
    }
    const unknownKey = await api.send("/api/v1/calibrations", jsonPost(api.keys.admin, { colour: "red" }))
    expect(unknownKey.status).toBe(400)
    expect(JSON.stringify(await unknownKey.json())).toMatch(/colour/)
    const notJson = await api.send("/api/v1/calibrations", jsonPost(api.keys.admin, "{optimizer:"))
    expect(notJson.status).toBe(400)
  })

  it("needs the admin scope to start one and a key to read one", async () => {
    expect((await api.clientFor(api.keys.write).calibrate({})).status).toBe(403)
    expect((await api.clientFor(api.keys.read).calibrate({})).status).toBe(403)
    expect((await api.clientFor(undefined).getCalibration(beforeFit.calibration_id)).status).toBe(401)
    expect((await api.clientFor(api.keys.read).getCalibration(beforeFit.calibration_id)).status).toBe(200)
  })

  it("answers 404 problems for unknown ids", async () => {
    const reader = api.clientFor(api.keys.read)
    for (const id of ["0b7e0c2e-1f43-4c55-9c1e-0d5a6a8c9f10", "not-a-uuid", "'; DROP TABLE calibrations; --"]) {
      const result = await reader.getCalibration(id)
      expect(result.status).toBe(404)
      expect(!result.ok && result.problem.type).toBe("/problems/not-found")
    }
  })
})

describe("POST /api/v1/calibrations on a fitted world", () => {
  it("runs calibrations one at a time, reports before/after and the gate, and simulations use what it registered", async () => {
    const admin = api.clientFor(api.keys.admin)
    const first = await admin.calibrate({ seed: 4 }, { idempotencyKey: "calibrate-seed-4" })
    expect(first.status).toBe(202)
    if (!first.ok) throw new Error(JSON.stringify(first.problem))
    expect(first.headers.get("location")).toBe(`/api/v1/calibrations/${first.data.calibration_id}`)
    expect(first.data.location).toBe(first.headers.get("location"))
    // A retry with the same Idempotency-Key answers the first response; it does not queue a second calibration.
    const retry = await admin.calibrate({ seed: 4 }, { idempotencyKey: "calibrate-seed-4" })
    expect(retry.headers.get("idempotent-replayed")).toBe("true")
    expect(retry.ok && retry.data.calibration_id).toBe(first.data.calibration_id)
    const reused = await admin.calibrate({ seed: 5 }, { idempotencyKey: "calibrate-seed-4" })
    expect(reused.status).toBe(422)

    // The same seed again: the same program, which cannot beat itself once active.
    const second = await admin.calibrate({ seed: 4 })
    if (!second.ok) throw new Error(JSON.stringify(second.problem))
    const ids = [first.data.calibration_id, second.data.calibration_id]
    const reader = api.clientFor(api.keys.read)
    const seen = new Set<string>()
    let finished: Array<CalibrationStatus> = []
    const deadline = Date.now() + WAIT.timeoutMs
    for (;;) {
      const states = await Promise.all(ids.map((id) => reader.getCalibration(id)))
      finished = states.map((state) => {
        if (!state.ok) throw new Error(JSON.stringify(state.problem))
        return state.data
      })
      seen.add(finished.map((state) => state.status).join(","))
      expect(finished.filter((state) => state.status === "running").length).toBeLessThanOrEqual(1)
      if (finished.every((state) => state.status === "completed" || state.status === "failed")) break
      if (Date.now() > deadline) throw new Error(`calibrations still ${[...seen].join(" ")}`)
      await new Promise((resolve) => setTimeout(resolve, WAIT.everyMs))
    }
    // `calibrate` holds the event loop for seconds at a stretch, so polls rarely land while one runs; the order
    // is checked below (the second scored the first's version as the active one) and in calibration-jobs.test.ts.

    const [a, b] = finished
    if (a === undefined || b === undefined) throw new Error("two calibrations expected")
    for (const state of [a, b]) expect(CalibrationStatus.safeParse(state).success).toBe(true)
    expect(a.status, JSON.stringify(a.error)).toBe("completed")
    const report = a.report
    if (report === undefined) throw new Error("a completed calibration has a report")
    expect(report.optimizer).toBe("mipro")
    expect(report.seed).toBe(4)
    expect(report.fit_id).toBe(a.fit_id)
    expect(report.examples.train_campaigns).toBeGreaterThanOrEqual(3)
    expect(report.examples.validation_campaigns).toBeGreaterThanOrEqual(2)
    expect(report.optimization.trials).toBeGreaterThan(1)
    expect(report.before.program_version).toBeNull()
    expect(report.before.parts.map((part) => part.name).sort()).toEqual(["calibration", "moments", "ranking"])
    expect(report.after.score).toBeGreaterThanOrEqual(0)
    expect(report.after.score).toBeLessThanOrEqual(1)
    expect(report.gate.threshold).toBe(0.8)
    // Nothing was active before it: the gate is the threshold alone, and a pass registers an active version.
    expect(report.gate.passed).toBe(report.after.score > report.gate.threshold)
    expect(report.registered !== null).toBe(report.gate.passed)
    expect(a.version_id).toBe(report.registered?.version_id ?? null)

    const simulated = await api.clientFor(api.keys.write).simulate(requestFor(world, { seed: 7, personas: 40 }))
    if (!simulated.ok || !("predictions" in simulated.data)) throw new Error(JSON.stringify(simulated))
    const response = SimulateResponse.parse(simulated.data)
    const evaluated = await api.clientFor(api.keys.write).evaluateCreative(requestFor(world, { personas: 20 }))
    if (!evaluated.ok) throw new Error(JSON.stringify(evaluated.problem))
    const background = await api.clientFor(api.keys.write).simulate(requestFor(world, { seed: 8, personas: 40 }), {
      async: true
    })
    if (!background.ok || !("location" in background.data)) throw new Error(JSON.stringify(background))
    const job = await api.clientFor(api.keys.read).waitForSimulation(background.data.simulation_id, WAIT)
    if (!job.ok || job.data.result === undefined) throw new Error(JSON.stringify(job))
    expect(SimulationStatus.safeParse(job.data).success).toBe(true)

    expect(b.status, JSON.stringify(b.error)).toBe("completed")
    expect(b.report?.registered).toBeNull()
    if (report.registered !== null) {
      expect(report.registered.status).toBe("active")
      expect(response.model_versions.program_version).toBe(report.registered.version)
      expect(response.calibration_quality.historical_accuracy).toBeCloseTo(report.after.score, 4)
      expect(job.data.result.model_versions.program_version).toBe(report.registered.version)
      expect(evaluated.data.program_version).toBe(report.registered.version)
      // The second scored the active version first and could not beat it.
      expect(b.report?.before.program_version).toBe(report.registered.version)
      expect(b.report?.gate.reasons.join(" ")).toMatch(/not above the active version/)
      const programs = await api.clientFor(api.keys.read).listPrograms()
      const active = programs.ok ? programs.data.programs.find((program) => program.active !== null)?.active : null
      expect(active?.version).toBe(report.registered.version)
    } else {
      expect(report.gate.reasons.length).toBeGreaterThan(0)
      expect(response.model_versions.program_version).toBeNull()
      expect(response.calibration_quality.historical_accuracy).toBeNull()
      expect(job.data.result.model_versions.program_version).toBeNull()
      expect(evaluated.data.program_version).toBeNull()
    }
  }, 900_000)
})
