// `preflight keys create|list|revoke` and `preflight serve` as a user runs them: the real binary on an embedded
// database in a temp directory, a request with a created key, JSON access logs, and SIGTERM ending with exit 0.
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const workDir = mkdtempSync(join(tmpdir(), "preflight-serve-"))
const dataDir = join(workDir, "db")
const { DATABASE_URL: _ignored, ...embeddedEnv } = process.env

const preflight = (...args: Array<string>) => {
  const result = spawnSync(process.execPath, [main, "--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: embeddedEnv,
    cwd: workDir
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")

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

describe("preflight keys and serve", () => {
  it("creates, serves, logs, stops on SIGTERM with exit 0, and revokes", async () => {
    const created = preflight("--json", "keys", "create", "--name", "ci", "--scopes", "write")
    expect(created.code, created.stderr).toBe(0)
    const { key, prefix } = lastJson(created.stdout)
    expect(key).toMatch(/^pfk_[a-z0-9]{12}_/)
    const listed = preflight("--json", "keys", "list")
    expect(listed.stdout).toContain(prefix)
    expect(listed.stdout).not.toContain(key)
    const refused = preflight("keys", "create", "--name", "x", "--scopes", "superuser")
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("superuser")

    const port = await freePort()
    const server = spawn(process.execPath, [main, "--data-dir", dataDir, "serve", "--port", String(port)], {
      env: { ...embeddedEnv, PREFLIGHT_API_HOST: "127.0.0.1" },
      cwd: workDir,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    server.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 120_000)
      server.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes('"msg":"listening"')) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    const base = `http://127.0.0.1:${port}`
    expect((await fetch(`${base}/ready`)).status).toBe(200)
    expect((await fetch(`${base}/api/v1/programs`)).status).toBe(401)
    const outcomes = await fetch(`${base}/api/v1/outcomes`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json", "x-request-id": "cli-serve-1" },
      body: JSON.stringify({
        campaign_id: "welcome",
        results: [{ variant_id: "a", channel: "email", recipients: 10, conversions: 1 }]
      })
    })
    expect(outcomes.status).toBe(201)

    server.kill("SIGTERM")
    expect(await exited).toBe(0)
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: "request", request_id: "cli-serve-1", status: 201, route: "/api/v1/outcomes" })
      ])
    )
    expect(stdout).not.toContain(key)

    const revoked = preflight("--json", "keys", "revoke", prefix)
    expect(revoked.code, revoked.stderr).toBe(0)
    expect(lastJson(revoked.stdout).key.revokedAt).not.toBeNull()
  })
})
