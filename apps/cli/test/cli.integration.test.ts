// Drives the real `preflight` binary (Node 24 running src/main.ts) against an embedded database in
// a temp directory: the commands a user runs, their exit codes and their JSON output.
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { SimulateResponse } from "@preflight/simulator"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const workDir = mkdtempSync(join(tmpdir(), "preflight-cli-"))
const dataDir = join(workDir, "db")

// DATABASE_URL is removed so the embedded database is used whatever the environment says.
const { DATABASE_URL: _ignored, ...embeddedEnv } = process.env

const preflight = (...args: Array<string>) => {
  const result = spawnSync(process.execPath, [main, "--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: embeddedEnv,
    cwd: workDir
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Starts the CLI without waiting, for commands that must run at the same time. */
const preflightAsync = (directory: string, ...args: Array<string>) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [main, "--data-dir", directory, ...args], {
      env: embeddedEnv,
      cwd: workDir,
      stdio: ["ignore", "ignore", "pipe"]
    })
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on("exit", (code) => resolve({ code, stderr }))
  })

const json = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")

describe("preflight CLI", () => {
  it("runs the demo end to end (world, import, fit, simulate), then simulates requests byte-identically", () => {
    const first = preflight("demo")
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/Writing a retail world \(seed 42\)/)
    expect(first.stdout).toMatch(/Fitted [0-9a-f]{8} in/)
    expect(first.stdout).toMatch(/composite on validation/)
    expect(first.stdout).toMatch(/Registered version 1 as active|Not registered: /)
    expect(first.stdout).toMatch(/Best configuration: /)
    expect(first.stdout).toMatch(/Against the world's known truth/)
    const status = json(preflight("--json", "db", "status").stdout)
    expect(status.migrations.pending).toEqual([])
    expect(status.rows.entities).toBe(10_000)
    expect(status.rows.exposures).toBeGreaterThan(50_000)

    const request = join(workDir, "demo", "request_0.json")
    const once = preflight("--json", "simulate", "--file", request, "--seed", "7")
    const twice = preflight("--json", "simulate", "--file", request, "--seed", "7")
    expect(once.code, once.stderr).toBe(0)
    expect(twice.stdout).toBe(once.stdout)
    const response = SimulateResponse.parse(JSON.parse(once.stdout))
    const variants = JSON.parse(readFileSync(request, "utf8")).intervention.content_variants as Array<{ id: string }>
    expect(response.seed).toBe(7)
    expect(new Set(response.predictions.variant_breakdown.map((entry) => entry.variant_id))).toEqual(
      new Set(variants.map((variant) => variant.id))
    )
    const otherSeed = preflight("--json", "simulate", "--file", request, "--seed", "8")
    expect(otherSeed.stdout).not.toBe(once.stdout)

    const causalOnly = SimulateResponse.parse(
      JSON.parse(preflight("--json", "simulate", "--causal-only", "--file", request).stdout)
    )
    expect(causalOnly.personas.sampled).toBe(0)
    expect(response.personas.sampled).toBeGreaterThan(0)
  }, 900_000)

  it("calibrates after the demo, lists the versions, promotes and rolls back by version number", () => {
    // The demo already calibrated once (seed 42): its report is in the output, and version 1 when it passed.
    const listed = json(preflight("--json", "programs", "list").stdout)
    expect(listed.program).toBe("persona-response")
    const calibrated = preflight(
      "--json",
      "calibrate",
      "--optimizer",
      "labeled",
      "--seed",
      "3",
      "--budget-calls",
      "5000"
    )
    expect(calibrated.code, calibrated.stderr).toBe(0)
    const report = json(calibrated.stdout).report
    expect(report.optimizer).toBe("labeled")
    expect(report.examples.validationCampaigns).toBeGreaterThanOrEqual(2)
    expect(typeof report.before.score).toBe("number")
    expect(typeof report.after.score).toBe("number")
    expect(report.gate.passed).toBe(report.registered !== null)
    const versions = json(preflight("--json", "programs", "list").stdout).versions as Array<{
      version: number
      status: string
    }>
    expect(versions.filter((version) => version.status === "active").length).toBeLessThanOrEqual(1)
    const [newest, older] = versions
    if (newest !== undefined && older !== undefined) {
      expect(json(preflight("--json", "programs", "promote", String(newest.version)).stdout).active).toBe(
        newest.version
      )
      expect(json(preflight("--json", "programs", "rollback", String(older.version)).stdout).active).toBe(older.version)
    }
    const missing = preflight("--json", "programs", "promote", "99")
    expect(missing.code).toBe(1)
    expect(json(missing.stdout).error.tag).toBe("NotFound")
    const unknown = preflight("calibrate", "--optimizer", "adam")
    expect(unknown.code).not.toBe(0)
  }, 600_000)

  it("runs a learning step and a canary look on demand", () => {
    const step = preflight("--json", "learn", "--buffer-threshold", "50")
    expect(step.code, step.stderr).toBe(0)
    const report = json(step.stdout).report
    const active = (json(preflight("--json", "programs", "list").stdout).versions as Array<{ status: string }>).some(
      (version) => version.status === "active"
    )
    // The demo's history ends where its calibration's data ends: nothing new to learn from yet.
    expect(report.action).toBe(active ? "waiting" : "no-active-program")
    if (active) expect(report.buffer.cells).toBe(0)
    const look = preflight("--json", "canary")
    expect(look.code, look.stderr).toBe(0)
    expect(json(look.stdout).report.action).toBe("none")
    expect(preflight("canary").stdout).toMatch(/No canary is running/)
  }, 300_000)

  it("refuses a bad simulate request with every problem by field path, and unknown segments by name", () => {
    const bad = join(workDir, "bad-request.json")
    writeFileSync(
      bad,
      JSON.stringify({ intervention: { channels: [], content_variants: [] }, target_population: { segments: [] } })
    )
    const refused = preflight("--json", "simulate", "--file", bad)
    expect(refused.code).toBe(1)
    const failure = json(refused.stdout)
    expect(failure.error.tag).toBe("RequestInvalid")
    const paths = (failure.error.issues as Array<{ path: string }>).map((issue) => issue.path)
    expect(paths).toEqual(expect.arrayContaining(["intervention.channels", "intervention.content_variants"]))

    const request = JSON.parse(readFileSync(join(workDir, "demo", "request_0.json"), "utf8"))
    const unknown = join(workDir, "unknown-segment.json")
    writeFileSync(unknown, JSON.stringify({ ...request, target_population: { segments: ["martians"] } }))
    const result = preflight("simulate", "--file", unknown)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/no history for segment martians \(known: .*\)/)
    expect(preflight("simulate", "--file", join(workDir, "missing.json")).stderr).toMatch(/cannot read the request/)
  })

  it("says which command creates the models when a database has none", () => {
    const empty = join(workDir, "empty-db")
    const result = spawnSync(
      process.execPath,
      [main, "--data-dir", empty, "simulate", "--file", join(workDir, "demo", "request_0.json")],
      { encoding: "utf8", env: embeddedEnv, cwd: workDir }
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/preflight fit/)
  })

  it("writes a world with `world generate` and refuses bad options with exit code 1", () => {
    const out = join(workDir, "world")
    const written = preflight(
      "--json",
      "world",
      "generate",
      "--industry",
      "finance",
      "--seed",
      "4",
      "--size",
      "demo",
      "--holdout",
      "3",
      "--out",
      out
    )
    expect(written.code, written.stderr).toBe(0)
    const document = json(written.stdout)
    expect(document).toMatchObject({ ok: true, industry: "finance", seed: 4, size: "demo", heldOutCampaigns: 3 })
    expect(readFileSync(join(out, "truth.json"), "utf8")).toMatch(/"request": "request_2.json"/)
    const tooMany = preflight(
      "world",
      "generate",
      "--industry",
      "finance",
      "--size",
      "demo",
      "--holdout",
      "39",
      "--out",
      out
    )
    expect(tooMany.code).toBe(1)
    expect(tooMany.stderr).toMatch(/hold out at most 38/)
  }, 300_000)

  it("fits and simulates a world written by `world generate` and imported table by table", () => {
    const out = join(workDir, "world-telecom")
    const generated = preflight(
      "world",
      "generate",
      "--industry",
      "telecom",
      "--seed",
      "9",
      "--size",
      "demo",
      "--out",
      out
    )
    expect(generated.code, generated.stderr).toBe(0)
    const own = join(workDir, "telecom-db")
    const run = (...args: Array<string>) =>
      spawnSync(process.execPath, [main, "--data-dir", own, ...args], {
        encoding: "utf8",
        env: embeddedEnv,
        cwd: workDir
      })
    expect(run("db", "migrate").status).toBe(0)
    for (const table of ["segments", "entities", "interventions", "exposures", "outcomes"]) {
      const imported = run("import", table, join(out, `${table}.csv`))
      expect(imported.status, imported.stderr).toBe(0)
    }
    const fitted = run("--json", "fit")
    expect(fitted.status, fitted.stderr).toBe(0)
    expect(json(fitted.stdout).diagnostics.campaigns).toBeGreaterThan(10)
    const simulated = run("--json", "simulate", "--file", join(out, "request_0.json"))
    expect(simulated.status, simulated.stderr).toBe(0)
    const response = SimulateResponse.parse(JSON.parse(simulated.stdout))
    const request = JSON.parse(readFileSync(join(out, "request_0.json"), "utf8"))
    expect(response.predictions.variant_breakdown.map((entry) => entry.variant_id).sort()).toEqual(
      request.intervention.content_variants.map((variant: { id: string }) => variant.id).sort()
    )
  }, 900_000)

  it("refuses a bad file with exit code 1, naming the row and column, and writes nothing", () => {
    const file = join(workDir, "bad-segments.csv")
    writeFileSync(file, 'segment_id,size\nvip,10\nbig,-3\nsmall,"x"\n')
    const result = preflight("import", "segments", file)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/2 invalid values in .*bad-segments\.csv; nothing was imported into segments/)
    expect(result.stderr).toMatch(/row 2 \(line 3\), size: must not be negative/)
    expect(result.stderr).toMatch(/row 3 \(line 4\), size: expected an integer, got "x"/)
    const asJson = preflight("--json", "import", "segments", file)
    expect(asJson.code).toBe(1)
    const failure = json(asJson.stdout)
    expect(failure).toMatchObject({ ok: false, error: { tag: "ImportValidationError", totalIssues: 2 } })
    expect(json(preflight("--json", "db", "status").stdout).rows.segments).toBe(5)
  })

  it("exports a table that imports back, and rejects unknown tables and files", () => {
    const out = join(workDir, "segments.jsonl")
    const exported = preflight("export", "segments", "--out", out)
    expect(exported.code, exported.stderr).toBe(0)
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(5)
    expect(preflight("import", "segments", out).code).toBe(0)
    const stdoutCsv = preflight("export", "interventions")
    expect(stdoutCsv.stdout.split("\n")[0]).toBe(
      "intervention_id,type,content_template,creative_elements,targeting_criteria"
    )
    expect(preflight("import", "customers", out).code).not.toBe(0)
    const missing = preflight("import", "segments", join(workDir, "nope.csv"))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no such file/)
  })

  it("two processes migrating one fresh embedded database at once both succeed and leave it intact", async () => {
    // PGlite is single-user: without the data directory lock this corrupted the directory for good.
    const shared = join(workDir, "concurrent-db")
    const results = await Promise.all([
      preflightAsync(shared, "db", "migrate"),
      preflightAsync(shared, "db", "migrate")
    ])
    for (const result of results) expect(result.code, result.stderr).toBe(0)
    const status = spawnSync(process.execPath, [main, "--data-dir", shared, "--json", "db", "status"], {
      encoding: "utf8",
      env: embeddedEnv,
      cwd: workDir
    })
    expect(status.status, status.stderr).toBe(0)
    expect(json(status.stdout).migrations.pending).toEqual([])
  })
})
