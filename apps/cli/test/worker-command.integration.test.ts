// `preflight worker` and `preflight jobs status` on the embedded database: the worker starts serving every
// queue, stops on SIGTERM with exit code 0, and the status command then lists each queue's counts.
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const workDir = mkdtempSync(join(tmpdir(), "preflight-worker-cli-"))
const dataDir = join(workDir, "db")
// The embedded database whatever the environment says.
const { DATABASE_URL: _ignored, ...embeddedEnv } = process.env

describe("preflight worker on the embedded database", () => {
  it("serves the queues until SIGTERM, then exits 0; jobs status lists every queue", async () => {
    const child = spawn(process.execPath, [main, "--data-dir", dataDir, "worker"], {
      env: embeddedEnv,
      cwd: workDir,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const serving = new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes('"worker serving"')) resolve()
      })
    )
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    await serving
    const served = JSON.parse(stdout.split("\n").find((line) => line.includes('"worker serving"')) ?? "{}")
    expect(served.annotations.queues).toBe(
      "simulate×2, fit×1, import×1, drift-check×1, calibrate×1, optimize×1, canary-tick×1"
    )
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
    expect(stdout).toContain('"worker stopped"')
    expect(stderr).toBe("")

    const status = spawnSync(process.execPath, [main, "--data-dir", dataDir, "jobs", "status", "--json"], {
      encoding: "utf8",
      env: embeddedEnv,
      cwd: workDir
    })
    expect(status.status).toBe(0)
    const document = JSON.parse(status.stdout)
    expect(document.ok).toBe(true)
    expect(document.queues.map((queue: { queue: string }) => queue.queue)).toEqual([
      "calibrate",
      "canary-tick",
      "dead-letter",
      "drift-check",
      "fit",
      "import",
      "optimize",
      "simulate"
    ])
    for (const queue of document.queues) expect(queue.total).toBe(0)
  })
})
