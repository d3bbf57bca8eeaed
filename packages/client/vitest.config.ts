import { packageTestConfig } from "@preflight/vitest-config"

export default packageTestConfig()
