// Shared vitest configuration: every package's tests run the same way and write a JSON report
// that `tooling/scripts/test-summary.mjs` adds up into the CI summary line.
import { defineConfig, type ViteUserConfig } from "vitest/config"

export interface PackageTestOptions {
  /** Per-test timeout; numeric and database tests need more than vitest's 5 s default. */
  readonly testTimeoutMs?: number
}

export const packageTestConfig = (options: PackageTestOptions = {}): ViteUserConfig =>
  defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      testTimeout: options.testTimeoutMs ?? 60_000,
      hookTimeout: 120_000,
      // Two cores on CI machines: more forks than that only adds contention.
      maxWorkers: 2,
      reporters: ["default", "json"],
      outputFile: { json: "test-results/vitest.json" }
    }
  })
