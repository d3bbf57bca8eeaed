#!/usr/bin/env node
// The README's first command on a new machine (Node >= 20 and npm only): install the workspace
// (pnpm and Node 24 come from the lockfile), then run the main job on the embedded database.
import { spawnSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const step = (command, args) => {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit" })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

step(process.execPath, [join(repoRoot, "tooling", "scripts", "bootstrap.mjs")])
// Node 24 from node_modules runs the TypeScript sources directly.
step(join(repoRoot, "node_modules", ".bin", "node"), [
  join(repoRoot, "apps", "cli", "src", "main.ts"),
  "demo",
  ...process.argv.slice(2)
])
