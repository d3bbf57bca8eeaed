import { packageTestConfig } from "@preflight/vitest-config"

// Worker tests spawn worker processes, fit a small world and wait on queue supervision (seconds to minutes).
export default packageTestConfig({ testTimeoutMs: 300_000 })
