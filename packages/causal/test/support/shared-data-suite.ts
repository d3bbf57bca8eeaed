// `describe` for accuracy suites that read ../shared/data: the workspace's one gate
// (`@preflight/vitest-config`'s `describeWithSharedFiles`) on this package's data files.
import { describeWithSharedFiles } from "@preflight/vitest-config/shared-data"

export const describeWithSharedData = (name: string, files: ReadonlyArray<string>, suite: () => void): void =>
  describeWithSharedFiles(
    name,
    files.map((file) => `data/${file}`),
    suite
  )
