// `calibrate` end to end on a demo world in an in-memory embedded database: too little history is refused by
// name; the same seed gives the same trials and the same program; a program no better than the active one is
// never registered; a budget cut mid-run returns the best program so far and leaves the registry consistent;
// stored examples never cross the campaign split; simulations then carry the active version's quality.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Example } from "@preflight/core-signatures"
import { LabeledFewShot } from "@preflight/optimizers"
import { OfflinePersonaModel } from "@preflight/personas"
import {
  Database,
  importFile,
  migrate,
  OptimizationRunStore,
  ProgramRegistry,
  TrainingExampleStore
} from "@preflight/storage"
import { generateWorld, type World, writeWorld } from "@preflight/worlds"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { PERSONA_PROGRAM_ID } from "../../src/calibration/calibrated-program.ts"
import { defaultCreativeReader } from "../../src/features/default-reader.ts"
import { findCalibration } from "../../src/persistence/calibration-store.ts"
import {
  CalibrationHistoryInsufficient,
  calibrate,
  type PersonaProgramOptimizer,
  UnknownOptimizer
} from "../../src/use-cases/calibrate.ts"
import { fit } from "../../src/use-cases/fit.ts"
import { simulateWithActiveProgram } from "../../src/use-cases/simulate.ts"

const runtime = ManagedRuntime.make(
  Layer.mergeAll(
    Layer.provideMerge(
      Layer.mergeAll(ProgramRegistry.layer, OptimizationRunStore.layer, TrainingExampleStore.layer),
      Database.layerPglite()
    ),
    OfflinePersonaModel.layer({ seed: 3 })
  )
)
const run = <A, E>(effect: Effect.Effect<A, E, ManagedRuntime.ManagedRuntime.Services<typeof runtime>>) =>
  runtime.runPromise(effect)
let world: World
let refusedWithoutBacktest: unknown

beforeAll(async () => {
  world = await Effect.runPromise(generateWorld({ industry: "retail", seed: 515, size: "demo" }))
  const directory = mkdtempSync(join(tmpdir(), "simulator-calibrate-"))
  await run(
    Effect.gen(function* () {
      const written = yield* writeWorld(world, directory)
      yield* migrate()
      for (const file of written.tables) yield* importFile({ table: file.table, file: file.path })
      // A fit without a backtest has no out-of-sample campaigns to validate on: calibrate must refuse it.
      yield* fit({ reader: defaultCreativeReader, maxTrainingRows: 30_000, backtestShare: 0 })
      refusedWithoutBacktest = yield* Effect.flip(calibrate({ seed: 1 }))
      yield* fit({ reader: defaultCreativeReader, maxTrainingRows: 30_000 })
    })
  )
  rmSync(directory, { recursive: true, force: true })
}, 900_000)

afterAll(() => runtime.dispose())

const trialsOf = (runId: string | null) =>
  Effect.gen(function* () {
    const runs = yield* OptimizationRunStore
    const trials = yield* runs.trials(runId ?? "")
    return trials.map((trial) => ({ label: trial.label, score: trial.score, candidate: trial.candidate }))
  })

describe("calibrate on a demo world", () => {
  it("refuses too little history by naming what is missing, and an unknown optimizer by name", async () => {
    expect(refusedWithoutBacktest).toBeInstanceOf(CalibrationHistoryInsufficient)
    expect((refusedWithoutBacktest as CalibrationHistoryInsufficient).missing).toMatch(/validation campaigns/)
    const unknown = await run(Effect.flip(calibrate({ optimizer: "adam" })))
    expect(unknown).toBeInstanceOf(UnknownOptimizer)
    expect(unknown.message).toMatch(/mipro/)
  })

  it("registers the first passing program as active; the same seed gives the same trials and program, and no better is not registered", async () => {
    const first = await run(calibrate({ seed: 4 }))
    expect(first.examples.trainCampaigns).toBeGreaterThanOrEqual(3)
    expect(first.examples.validationCampaigns).toBeGreaterThanOrEqual(2)
    expect(first.optimization.trials).toBeGreaterThan(1)
    expect(first.after.kappa).toBeGreaterThanOrEqual(0)
    expect(first.gate.passed).toBe(first.after.score > 0.8)
    const second = await run(calibrate({ seed: 4 }))
    expect(await run(trialsOf(second.optimization.runId))).toEqual(await run(trialsOf(first.optimization.runId)))
    expect(second.after.score).toBe(first.after.score)
    expect(second.after.kappa).toBe(first.after.kappa)
    // The same program again does not beat the active one (its own score), so nothing new is registered.
    expect(second.registered).toBeNull()
    const versions = await run(Effect.flatMap(ProgramRegistry, (registry) => registry.listVersions(PERSONA_PROGRAM_ID)))
    if (first.registered !== null) {
      expect(first.registered.status).toBe("active")
      expect(versions).toHaveLength(1)
      expect(second.before.programVersion).toBe(first.registered.version)
      expect(second.before.score).toBe(first.after.score)
      expect(second.gate.reasons.join(" ")).toMatch(/not above the active version 1/)
    } else {
      expect(versions).toHaveLength(0)
      expect(first.gate.reasons.length).toBeGreaterThan(0)
    }
    const row = await run(findCalibration(first.calibrationId))
    expect(row?.status).toBe("completed")
    expect(row?.versionId ?? null).toBe(first.registered?.versionId ?? null)
  }, 300_000)

  it("a deliberately worse program (its demos teach the opposite of what happened) is never registered", async () => {
    // Labeled demos with every intent reversed: a program that learned the history backwards.
    const inverted: PersonaProgramOptimizer = {
      name: "inverted-labels",
      compile: (program, options) =>
        new LabeledFewShot({ k: 16 }).compile(program, {
          ...options,
          trainset: options.trainset.map((example) => {
            const values: Record<string, unknown> = {
              ...example.toJSON(),
              target: -Number(example.get("target")),
              intent_delta: -Number(example.get("intent_delta")),
              emotional_response: Number(example.get("intent_delta")) > 0 ? "annoyed" : "interested"
            }
            return Example.of(values).withInputs(...Object.keys(example.inputs()))
          })
        })
    }
    const before = await run(Effect.flatMap(ProgramRegistry, (registry) => registry.listVersions(PERSONA_PROGRAM_ID)))
    const report = await run(calibrate({ seed: 4, optimizer: inverted }))
    expect(report.optimizer).toBe("inverted-labels")
    expect(report.registered).toBeNull()
    expect(report.after.score).toBeLessThanOrEqual(report.before.score)
    const after = await run(Effect.flatMap(ProgramRegistry, (registry) => registry.listVersions(PERSONA_PROGRAM_ID)))
    expect(after).toEqual(before)
  }, 300_000)

  it("a threshold no program can pass registers nothing and says why", async () => {
    const before = await run(Effect.flatMap(ProgramRegistry, (registry) => registry.listVersions(PERSONA_PROGRAM_ID)))
    const report = await run(calibrate({ seed: 5, optimizer: "labeled", threshold: 0.999 }))
    expect(report.registered).toBeNull()
    expect(report.gate.passed).toBe(false)
    expect(report.gate.reasons[0]).toMatch(/not above the threshold 0.9990/)
    const after = await run(Effect.flatMap(ProgramRegistry, (registry) => registry.listVersions(PERSONA_PROGRAM_ID)))
    expect(after).toEqual(before)
  }, 300_000)

  it("a budget cut mid-run returns the best program so far, says so, and leaves the registry consistent", async () => {
    const report = await run(calibrate({ seed: 6, budget: { maxLmCalls: 400 } }))
    expect(report.optimization.status).toBe("budget_exhausted")
    expect(report.optimization.stoppedBy).toBe("lm_calls")
    expect(report.optimization.lmCalls).toBeLessThanOrEqual(400)
    const versions = await run(Effect.flatMap(ProgramRegistry, (registry) => registry.listVersions(PERSONA_PROGRAM_ID)))
    expect(versions.filter((version) => version.status === "active").length).toBeLessThanOrEqual(1)
    expect(versions.filter((version) => version.status === "candidate").length).toBeLessThanOrEqual(1)
    const runRow = await run(
      Effect.flatMap(OptimizationRunStore, (runs) => runs.getRun(report.optimization.runId ?? ""))
    )
    expect(runRow.status).toBe("budget_exhausted")
    expect((await run(findCalibration(report.calibrationId)))?.status).toBe("completed")
  }, 300_000)

  it("stores one example per cell with its provenance, and no campaign on both sides of the split", async () => {
    const examples = await run(
      Effect.flatMap(TrainingExampleStore, (store) => store.find({ programId: PERSONA_PROGRAM_ID }))
    )
    expect(examples.length).toBeGreaterThan(20)
    const splitOf = new Map<string, string>()
    for (const example of examples) {
      expect(example.source).toMatch(/^history\/fit\//)
      const campaign = String(example.inputs.campaign)
      expect(splitOf.get(campaign) ?? example.split).toBe(example.split)
      splitOf.set(campaign, example.split)
      expect(Number(example.labels.recipients)).toBeGreaterThan(0)
      expect(Array.isArray(example.inputs.persona_profiles)).toBe(true)
      expect((example.inputs.persona_profiles as ReadonlyArray<string>).length).toBeGreaterThan(0)
      expect(String(example.inputs.context)).toMatch(/^channel /)
    }
    const sentAt = (split: string) =>
      examples.filter((example) => example.split === split).map((example) => Date.parse(String(example.inputs.sent_at)))
    expect(Math.max(...sentAt("train"))).toBeLessThan(Math.min(...sentAt("val")))
  })

  it("simulations report the active version's calibration quality", async () => {
    const request = world.requests[0]?.request
    const active = await run(Effect.flatMap(ProgramRegistry, (registry) => registry.activeVersion(PERSONA_PROGRAM_ID)))
    const response = await run(simulateWithActiveProgram(request, { reader: defaultCreativeReader, persist: false }))
    if (active === undefined) {
      expect(response.calibration_quality.program_version).toBeNull()
      expect(response.calibration_quality.historical_accuracy).toBeNull()
    } else {
      expect(response.calibration_quality.program_version).toBe(active.version)
      expect(response.calibration_quality.historical_accuracy).toBe(active.score)
      expect(response.calibration_quality.last_calibration).not.toBeNull()
      expect(response.model_versions.program_version).toBe(active.version)
    }
  }, 120_000)
})
