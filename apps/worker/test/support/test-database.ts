// A fresh database per test file on the Postgres server of DATABASE_URL (CI starts a throwaway one), so test
// files and the worker processes they start never see each other's queues or results.
import { randomBytes } from "node:crypto"
import postgres from "postgres"

export const serverUrl = process.env.DATABASE_URL === "" ? undefined : process.env.DATABASE_URL

// Under CI the Postgres tests must run (CI starts a server): a missing DATABASE_URL fails instead of skipping,
// as storage's contract tests do, so the fault-recovery tests can never silently disappear.
const runningInCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
if (runningInCi && serverUrl === undefined)
  throw new Error("CI is set but DATABASE_URL is not: the worker's Postgres tests cannot run")

/** Why Postgres tests are skipped, printed once by each file that skips. */
export const skipReason =
  'DATABASE_URL is not set: worker tests need a Postgres server (eval "$(bash tooling/scripts/test-postgres.sh start)")'

const withDatabase = (url: string, name: string) => {
  const target = new URL(url)
  target.pathname = `/${name}`
  return target.toString()
}

/** Creates an empty database; `drop` removes it after closing any connection left to it. */
export const createTestDatabase = async (url: string, prefix: string) => {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`
  const admin = postgres(url, { max: 1, onnotice: () => undefined })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  await admin.end()
  return {
    name,
    url: withDatabase(url, name),
    drop: async () => {
      const cleanup = postgres(url, { max: 1, onnotice: () => undefined })
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await cleanup.end()
    }
  }
}
