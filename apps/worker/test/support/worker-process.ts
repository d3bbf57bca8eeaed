// Worker processes for tests and the bench: `node apps/worker/src/main.ts` on a database, its JSON log lines
// collected, stopped with SIGTERM (graceful) or SIGKILL (a crash).
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const workerDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const repoRoot = join(workerDir, "..", "..")
const localNode = join(repoRoot, "node_modules", ".bin", "node")
const node = existsSync(localNode) ? localNode : process.execPath

export interface WorkerProcess {
  readonly child: ChildProcess
  readonly logs: Array<Record<string, unknown>>
  readonly stderr: Array<string>
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>
  /** Resolves when a log line satisfies `test`; rejects after `timeoutMs`. */
  readonly waitForLog: (test: (line: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<void>
}

export const startWorkerProcess = (env: Readonly<Record<string, string>>): WorkerProcess => {
  const child = spawn(node, [join(workerDir, "src", "main.ts")], {
    cwd: workerDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  const logs: Array<Record<string, unknown>> = []
  const stderr: Array<string> = []
  const waiters: Array<{ test: (line: Record<string, unknown>) => boolean; resolve: () => void }> = []
  let pending = ""
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk
    const lines = pending.split("\n")
    pending = lines.pop() ?? ""
    for (const text of lines) {
      if (text.trim() === "") continue
      let line: Record<string, unknown>
      try {
        line = JSON.parse(text) as Record<string, unknown>
      } catch {
        line = { message: text }
      }
      logs.push(line)
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve()
        }
      }
    }
  })
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk))
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"))
  )
  const waitForLog = (test: (line: Record<string, unknown>) => boolean, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      if (logs.some(test)) return resolve()
      const timer = setTimeout(
        () =>
          reject(new Error(`no matching worker log within ${timeoutMs} ms; stderr: ${stderr.join("").slice(-2000)}`)),
        timeoutMs
      )
      waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  return { child, logs, stderr, exited, waitForLog }
}

/** A log line's message (Effect's JSON logger writes `message` as a string or an array of strings). */
export const logMessage = (line: Record<string, unknown>): string =>
  Array.isArray(line.message) ? line.message.join(" ") : String(line.message ?? "")

export const isServing = (line: Record<string, unknown>) => logMessage(line) === "worker serving"
