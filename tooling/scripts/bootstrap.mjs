#!/usr/bin/env node
// Makes a fresh clone runnable with nothing but Node (>= 20) and npm: installs the workspace with
// pnpm from the lockfile. pnpm itself and Node 24 are devDependencies, so after this every script
// runs on the pinned toolchain from node_modules/.bin. Safe to run repeatedly (a no-op when current).
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const PNPM_VERSION = "12.21.0"

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", shell: process.platform === "win32" })
  if (result.error) return { ok: false, reason: result.error.message }
  return { ok: result.status === 0, reason: `${command} ${args.join(" ")} exited with ${result.status}` }
}

const hasGlobalPnpm = () => spawnSync("pnpm", ["--version"], { stdio: "ignore" }).status === 0
const localPnpm = join(repoRoot, "node_modules", ".bin", "pnpm")

const installArgs = ["install", "--frozen-lockfile", "--prefer-offline", "--reporter=append-only"]
const outcome = existsSync(localPnpm)
  ? run(localPnpm, installArgs)
  : hasGlobalPnpm()
    ? run("pnpm", installArgs)
    : run("npx", ["--yes", `pnpm@${PNPM_VERSION}`, ...installArgs])

if (!outcome.ok) {
  console.error(`bootstrap: installing the workspace failed (${outcome.reason}).`)
  console.error("Check that the npm registry is reachable and that pnpm-lock.yaml matches package.json.")
  process.exit(1)
}
