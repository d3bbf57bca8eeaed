// Locates the shared reference folder (../shared beside the repo, or PREFLIGHT_SHARED_DIR) for tests.
import { existsSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..")

/** Absolute path of a file under the shared folder. */
export const sharedPath = (...parts: ReadonlyArray<string>): string =>
  join(process.env.PREFLIGHT_SHARED_DIR ?? join(repoRoot, "..", "shared"), ...parts)

/** Whether a shared file exists (tests skip with a message when it does not, and fail on CI). */
export const sharedExists = (...parts: ReadonlyArray<string>): boolean => existsSync(sharedPath(...parts))

/**
 * Whether the tests run on CI (`CI` set to anything but "", "0" or "false", as CI services do). Reference
 * files are then required: a missing one must fail the run, not skip the tests that compare against it.
 */
export const onCi = (): boolean => {
  const ci = process.env.CI
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false"
}
