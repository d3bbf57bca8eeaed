import { packageTestConfig } from "@preflight/vitest-config"

// Each test spawns the CLI (Node 24 plus an embedded Postgres start-up) several times: 20-25 s alone,
// over a minute when other packages' tests share the two cores.
export default packageTestConfig({ testTimeoutMs: 240_000 })
