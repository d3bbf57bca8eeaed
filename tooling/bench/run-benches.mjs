#!/usr/bin/env node
// `pnpm bench` runs every benchmark; `pnpm bench <id> [-- args]` runs one. A benchmark is a file
// `<package>/bench/<id>.bench.ts`; it runs on the pinned Node 24 with its package as the cwd and
// writes `bench-results/<id>.json` through @preflight/bench-harness.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

const discover = () =>
  ["packages", "apps"].flatMap((group) => {
    const groupDir = join(repoRoot, group)
    if (!existsSync(groupDir)) return []
    return readdirSync(groupDir).flatMap((name) => {
      const benchDir = join(groupDir, name, "bench")
      if (!existsSync(benchDir)) return []
      return readdirSync(benchDir)
        .filter((file) => file.endsWith(".bench.ts"))
        .map((file) => ({
          id: file.slice(0, -".bench.ts".length),
          packageDir: join(groupDir, name),
          file: join(benchDir, file)
        }))
    })
  })

const args = process.argv.slice(2).filter((arg) => arg !== "--")
const [requestedId, ...extraArgs] = args
const benches = discover()
const selected = requestedId === undefined ? benches : benches.filter((bench) => bench.id === requestedId)

if (selected.length === 0) {
  const known = benches.map((bench) => bench.id).join(", ") || "none"
  console.error(`bench: no benchmark named "${requestedId}". Known: ${known}.`)
  process.exit(2)
}

const localNode = join(repoRoot, "node_modules", ".bin", "node")
const node = existsSync(localNode) ? localNode : process.execPath
let failures = 0
for (const bench of selected) {
  console.log(`\n=== bench ${bench.id} (${relative(repoRoot, bench.file)})`)
  const result = spawnSync(node, [bench.file, ...extraArgs], { cwd: bench.packageDir, stdio: "inherit" })
  if (result.status !== 0) {
    failures += 1
    console.error(`bench ${bench.id} failed with exit code ${result.status}`)
  }
}
process.exit(failures === 0 ? 0 : 1)
