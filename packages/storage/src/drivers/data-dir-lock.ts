// One process at a time in an embedded data directory. PGlite is a single-user Postgres: two
// processes opening the same directory write the same files and corrupt it for good (seen with two
// `preflight db migrate` started together), and Postgres' advisory locks live inside one server, so
// they cannot help. A lock file created with O_EXCL guards the directory instead.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"

/** The lock file's name inside the data directory. */
export const LOCK_FILE = "preflight.lock"

/** The data directory is held by another live process (or by one on another host). */
export class DataDirInUse extends Error {
  readonly dataDir: string
  readonly holder: LockHolder | undefined
  constructor(dataDir: string, holder: LockHolder | undefined) {
    const who =
      holder === undefined
        ? "another process (its lock file cannot be read)"
        : `process ${holder.pid} on ${holder.host} since ${holder.since}`
    super(
      `the embedded database at ${dataDir} is in use by ${who}; PGlite allows one process per data directory. ` +
        `Stop that process, or point this one at another --data-dir; if no such process exists, delete ${join(dataDir, LOCK_FILE)}`
    )
    this.name = "DataDirInUse"
    this.dataDir = dataDir
    this.holder = holder
  }
}

export interface LockHolder {
  readonly pid: number
  readonly host: string
  readonly since: string
}

export interface DataDirLockOptions {
  /** How long to wait for another process to let go before giving up. Default 30 s. */
  readonly waitMs?: number
  /** Pause between attempts while waiting. Default 50 ms. */
  readonly pollMs?: number
}

export interface DataDirLock {
  /** Removes the lock file if this process still holds it. Safe to call twice. */
  readonly release: () => void
}

const readHolder = (path: string): LockHolder | undefined => {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"))
    if (typeof parsed !== "object" || parsed === null) return undefined
    const { pid, host, since } = parsed as Record<string, unknown>
    if (typeof pid !== "number" || typeof host !== "string" || typeof since !== "string") return undefined
    return { pid, host, since }
  } catch {
    return undefined
  }
}

/** A holder on this host whose process is gone left a stale lock. Other hosts cannot be checked. */
const isStale = (holder: LockHolder): boolean => {
  if (holder.host !== hostname()) return false
  if (holder.pid === process.pid) return false
  try {
    process.kill(holder.pid, 0)
    return false
  } catch (error) {
    // EPERM: the process exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === "ESRCH"
  }
}

const tryCreate = (path: string, holder: LockHolder): boolean => {
  let descriptor: number
  try {
    descriptor = openSync(path, "wx")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false
    throw error
  }
  try {
    writeSync(descriptor, JSON.stringify(holder))
  } finally {
    closeSync(descriptor)
  }
  return true
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Takes the data directory's lock, waiting up to `waitMs` for a live holder to finish, and taking
 * over a lock whose process has died (a crash or `kill -9` leaves the file behind).
 */
export const acquireDataDirLock = async (dataDir: string, options: DataDirLockOptions = {}): Promise<DataDirLock> => {
  const path = join(dataDir, LOCK_FILE)
  const waitMs = options.waitMs ?? 30_000
  const pollMs = options.pollMs ?? 50
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
  const deadline = Date.now() + waitMs
  for (;;) {
    if (tryCreate(path, mine)) break
    const holder = readHolder(path)
    if (holder !== undefined && isStale(holder)) {
      // Remove only the stale file we read; if another process replaced it meanwhile, the next
      // O_EXCL attempt loses cleanly and we read the new holder.
      const again = readHolder(path)
      if (again !== undefined && again.pid === holder.pid && again.since === holder.since) {
        try {
          unlinkSync(path)
        } catch {}
      }
      continue
    }
    // An unreadable file is a holder still writing it (or a foreign file): wait like for a live one.
    if (Date.now() >= deadline) throw new DataDirInUse(dataDir, holder)
    await sleep(pollMs)
  }
  let released = false
  return {
    release: () => {
      if (released) return
      released = true
      const holder = readHolder(path)
      if (holder !== undefined && holder.pid === mine.pid && holder.since === mine.since) {
        try {
          unlinkSync(path)
        } catch {}
      }
    }
  }
}
