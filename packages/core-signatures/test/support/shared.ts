// Locates the shared reference folder (../shared beside the repo, or PREFLIGHT_SHARED_DIR) for tests.
import { existsSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..")

/** Absolute path of a file under the shared folder. */
export const sharedPath = (...parts: ReadonlyArray<string>): string =>
  join(process.env.PREFLIGHT_SHARED_DIR ?? join(repoRoot, "..", "shared"), ...parts)

/** Whether a shared file exists (tests skip with a message when it does not). */
export const sharedExists = (...parts: ReadonlyArray<string>): boolean => existsSync(sharedPath(...parts))
