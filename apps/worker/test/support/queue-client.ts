// The test's own view of the queue: a client JobQueue (sends and reads, no supervision) and the database, on a
// test database's URL.
import { Database } from "@preflight/storage"
import { Layer, ManagedRuntime, Redacted } from "effect"
import { queueClientLayer } from "../../src/queue-client.ts"

export const queueClient = (url: string) =>
  ManagedRuntime.make(
    queueClientLayer({ connectionString: Redacted.make(url), poolSize: 4 }).pipe(
      Layer.provideMerge(Database.layerPostgres({ url: Redacted.make(url), maxConnections: 4 }))
    )
  )

export type QueueClient = ReturnType<typeof queueClient>

/** Polls `check` every `everyMs` until it returns true; fails with `what` after `timeoutMs`. */
export const eventually = async (what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 500) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}
