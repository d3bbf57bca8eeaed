import { packageTestConfig } from "@preflight/vitest-config"

// The route tests share one fitted demo world per file; fitting takes tens of seconds on two busy cores.
export default packageTestConfig({ testTimeoutMs: 240_000 })
