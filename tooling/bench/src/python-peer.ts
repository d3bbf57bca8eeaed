// The benchmarks' Python peers run in the one environment `tooling/scripts/python-peers.sh` builds
// (.preflight/python-peers, pinned versions), never in whatever `python3` is on PATH. A bench whose peer
// cannot run exits non-zero and says how to get it, instead of writing goals without values.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")

/** Where the environment lives (`PREFLIGHT_PYTHON_PEERS` overrides it, as in the script). */
export const pythonPeersDir = (): string =>
  process.env.PREFLIGHT_PYTHON_PEERS ?? join(repoRoot, ".preflight", "python-peers")

const HOW_TO =
  "run `bash tooling/scripts/python-peers.sh` (it builds .preflight/python-peers with the pinned versions from local wheels, or from Debian's python3-* packages)"

/** What the environment holds, from the manifest the script writes. */
export interface PythonPeers {
  readonly python: string
  readonly versions: Readonly<Record<string, string | null>>
  readonly source: string
}

const fail = (bench: string, reason: string): never => {
  console.error(`${bench}: ${reason}; ${HOW_TO}.`)
  process.exit(2)
}

/**
 * The peer environment, checked to hold every module in `modules` (import names: "sklearn", "lightgbm").
 * Exits the process with status 2 and the way to build it when it is missing or incomplete.
 */
export const pythonPeers = (bench: string, modules: ReadonlyArray<string>): PythonPeers => {
  const dir = pythonPeersDir()
  const python = join(dir, "bin", "python")
  const manifest = join(dir, "peers.json")
  if (!existsSync(python) || !existsSync(manifest)) return fail(bench, `no Python peer environment at ${dir}`)
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as {
    readonly versions: Record<string, string | null>
    readonly source: string
  }
  const missing = modules.filter((module) => typeof parsed.versions[module] !== "string")
  if (missing.length > 0) {
    // Debian packages no LightGBM: a Debian-built environment can only get it from the pinned wheels.
    const hint =
      parsed.source === "debian"
        ? " (built from Debian's packages, which lack it: set PREFLIGHT_WHEELS to a folder holding the pinned wheels, lightgbm-4.7.0's included)"
        : ""
    return fail(bench, `the Python peer needs ${missing.join(", ")}, missing from ${dir}${hint}`)
  }
  return { python, versions: parsed.versions, source: parsed.source }
}

/**
 * Runs a peer script in the environment and returns its standard output; exits the process with status 2
 * (its standard error's tail and the way to rebuild the environment) when it fails.
 */
export const runPythonPeer = (
  bench: string,
  peers: PythonPeers,
  args: ReadonlyArray<string>,
  options: { readonly timeoutMs?: number; readonly cwd?: string } = {}
): string => {
  const run = spawnSync(peers.python, [...args], {
    encoding: "utf8",
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd })
  })
  if (run.status !== 0) {
    const tail = `${run.stderr ?? ""}${run.error === undefined ? "" : String(run.error)}`.slice(-800)
    return fail(bench, `the Python peer ${args[0] ?? ""} failed (exit ${run.status}): ${tail}`)
  }
  return run.stdout
}

/** The peers' versions as figures, so every bench JSON records what it was compared with. */
export const peerVersionFigures = (peers: PythonPeers): Record<string, string | null> =>
  Object.fromEntries(Object.entries(peers.versions).map(([module, version]) => [`python_${module}_version`, version]))
