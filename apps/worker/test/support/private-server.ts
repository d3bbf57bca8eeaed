// A Postgres server of the test's own (tooling/scripts/test-postgres.sh on a free port, in a temp dir), so a
// test can restart it without disturbing the server other tests share. Restarted with pg_ctl as the user that
// owns the cluster (`postgres` when the tests run as root, as test-postgres.sh does).
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const script = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "..",
  "tooling",
  "scripts",
  "test-postgres.sh"
)

const findPgCtl = (): string => {
  try {
    const bindir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim()
    if (existsSync(join(bindir, "pg_ctl"))) return join(bindir, "pg_ctl")
  } catch {
    // No pg_config on PATH: look where Debian installs the server.
  }
  for (const version of existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql") : []) {
    const candidate = join("/usr/lib/postgresql", version, "bin", "pg_ctl")
    if (existsSync(candidate)) return candidate
  }
  return "pg_ctl"
}

const asServerUser = (command: string, args: ReadonlyArray<string>) =>
  process.getuid?.() === 0
    ? execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
    : execFileSync(command, [...args], { encoding: "utf8" })

export interface PrivateServer {
  readonly url: string
  /** Fast shutdown (active connections are cut) and start again on the same port, waiting until it accepts. */
  readonly restart: () => void
  readonly stop: () => void
}

export const startPrivateServer = (): PrivateServer => {
  const exports = execFileSync("bash", [script, "start"], { encoding: "utf8" })
  const value = (name: string) => {
    const match = new RegExp(`export ${name}=(\\S+)`).exec(exports)
    if (match?.[1] === undefined) throw new Error(`test-postgres.sh printed no ${name}: ${exports}`)
    return match[1]
  }
  const url = value("DATABASE_URL")
  const directory = value("PREFLIGHT_PG_DIR")
  const pgCtl = findPgCtl()
  return {
    url,
    // pg_ctl restart reuses the options the server was started with (port, socket dir), kept in postmaster.opts.
    restart: () =>
      asServerUser(pgCtl, [
        "-D",
        join(directory, "data"),
        "-m",
        "fast",
        "-w",
        "-t",
        "60",
        "restart",
        "-l",
        join(directory, "server.log")
      ]),
    stop: () => execFileSync("bash", [script, "stop", directory], { encoding: "utf8" })
  }
}
