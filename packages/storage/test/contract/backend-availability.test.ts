import { describe, expect, it } from "vitest"
import { backends, runningInCi } from "../support/backends.ts"

describe("contract test backends", () => {
  it("include Postgres whenever CI is set (a missing DATABASE_URL fails instead of skipping)", () => {
    if (!runningInCi) {
      if (!backends.some((backend) => backend.name === "postgres")) {
        console.warn("DATABASE_URL is not set: the storage contract tests run on PGlite only")
      }
      expect(backends.map((backend) => backend.name)).toContain("pglite")
      return
    }
    expect(backends.map((backend) => backend.name)).toEqual(["pglite", "postgres"])
  })
})
