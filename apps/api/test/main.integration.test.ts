// `node src/main.ts`, the API on its own: configured from the environment, JSON logs on stdout, and a SIGTERM
// that drains and exits 0; an unusable setting stops it at once with exit 1 and a message.
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const dataDir = join(mkdtempSync(join(tmpdir(), "preflight-api-main-")), "db")
const { DATABASE_URL: _ignored, ...embeddedEnv } = process.env

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

describe("node src/main.ts", () => {
  it("serves until SIGTERM, then stops gracefully with exit code 0", async () => {
    const port = await freePort()
    const child = spawn(process.execPath, [main], {
      env: { ...embeddedEnv, PORT: String(port), PREFLIGHT_API_HOST: "127.0.0.1", PREFLIGHT_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the API did not start")), 120_000)
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes('"msg":"listening"')) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    const ready = await fetch(`http://127.0.0.1:${port}/ready`)
    expect(ready.status).toBe(200)
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
    const messages = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).msg)
    expect(messages).toEqual(["listening", "request", "shutting down", "stopped"])
  })

  it("refuses an unusable setting with exit code 1 and names it", () => {
    const result = spawnSync(process.execPath, [main], {
      env: { ...embeddedEnv, PREFLIGHT_API_RATE_LIMIT: "0", PREFLIGHT_DATA_DIR: dataDir },
      encoding: "utf8"
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("PREFLIGHT_API_RATE_LIMIT")
  })
})
