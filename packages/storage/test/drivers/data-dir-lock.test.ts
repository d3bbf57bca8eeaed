// The embedded data directory's lock: one holder at a time, waiting for a live holder, taking over
// from a dead one, and refusing with a message that names the holder.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { hostname, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { acquireDataDirLock, DataDirInUse, LOCK_FILE } from "../../src/drivers/data-dir-lock.ts"

const freshDir = () => mkdtempSync(join(tmpdir(), "preflight-lock-"))
const lockModule = fileURLToPath(new URL("../../src/drivers/data-dir-lock.ts", import.meta.url))

describe("acquireDataDirLock", () => {
  it("refuses a second holder after the wait, naming the first, and lets go on release", async () => {
    const dir = freshDir()
    const first = await acquireDataDirLock(dir)
    const refused = await acquireDataDirLock(dir, { waitMs: 100, pollMs: 10 }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(DataDirInUse)
    if (!(refused instanceof DataDirInUse)) return
    expect(refused.holder?.pid).toBe(process.pid)
    expect(refused.message).toMatch(new RegExp(`in use by process ${process.pid} on `))
    first.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    const second = await acquireDataDirLock(dir, { waitMs: 0 })
    second.release()
    first.release()
  })

  it("waits for a live holder to finish", async () => {
    const dir = freshDir()
    const first = await acquireDataDirLock(dir)
    setTimeout(() => first.release(), 150)
    const started = Date.now()
    const second = await acquireDataDirLock(dir, { waitMs: 5000, pollMs: 10 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    second.release()
  })

  it("takes over a lock left by a process that died", async () => {
    const dir = freshDir()
    const dead = spawnSync(process.execPath, ["-e", "0"])
    expect(dead.status).toBe(0)
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead.pid, host: hostname(), since: "2026-01-01T00:00:00.000Z" })
    )
    const lock = await acquireDataDirLock(dir, { waitMs: 0 })
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid)
    lock.release()
  })

  it("does not take over a lock held by a live process on another host", async () => {
    const dir = freshDir()
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: `${hostname()}-elsewhere`, since: "2026-01-01T00:00:00.000Z" })
    )
    const refused = await acquireDataDirLock(dir, { waitMs: 0 }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(DataDirInUse)
  })

  it("keeps out another process while held", async () => {
    const dir = freshDir()
    const lock = await acquireDataDirLock(dir)
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { acquireDataDirLock } from ${JSON.stringify(lockModule)}
         acquireDataDirLock(${JSON.stringify(dir)}, { waitMs: 200, pollMs: 10 })
           .then(() => { console.log("acquired"); process.exit(0) })
           .catch((error) => { console.log(error.name); process.exit(3) })`
      ],
      { stdio: ["ignore", "pipe", "inherit"] }
    )
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve))
    expect(output.trim()).toBe("DataDirInUse")
    expect(code).toBe(3)
    lock.release()
  })
})
