// `pnpm bench worker`: simulate jobs per second through the queue with 1 and with 2 worker processes on
// Postgres (issue 15). Uses DATABASE_URL's server, or starts a throwaway one (tooling/scripts/test-postgres.sh).
//
// A demo world is imported and fitted once (the tests' fast fit) in a fresh database. For each worker count,
// N jobs are queued first, then the workers start; the rate is N over the span from the first job's start to
// the last job's completion, read from pg-boss's own timestamps (so process start-up is not counted). Jobs are
// the API's asynchronous simulations of the world's held-out requests, each with its own seed, from the fitted
// causal models (100 Monte Carlo runs). `-- --persona-panel` adds the persona panel (100 personas on the offline
// model); on Postgres that path currently fails in the simulator's persona panel (a `$1::jsonb` parameter,
// reported to the lead), and the bench stops at the first failed job instead of waiting. (Id lists are sent as JSON: the storage layer's parameters
// are scalars or JSON, never Postgres arrays.) `-- --jobs 60` changes N.
import { execFileSync } from "node:child_process"
import { availableParallelism, loadavg } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { reportBench } from "@preflight/bench-harness"
import { Database } from "@preflight/storage"
import { Effect } from "effect"
import { enqueueSimulation } from "../src/async-simulation.ts"
import { heldOutRequests, importAndFit } from "../test/support/fitted-world.ts"
import { eventually, queueClient } from "../test/support/queue-client.ts"
import { createTestDatabase } from "../test/support/test-database.ts"
import { isServing, startWorkerProcess } from "../test/support/worker-process.ts"

const argument = (name: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : process.argv[index + 1]
}
const JOBS = Number(argument("jobs") ?? 100)
const causalOnly = !process.argv.includes("--persona-panel")
const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "tooling", "scripts", "test-postgres.sh")

let ownServer: string | undefined
let serverUrl = process.env.DATABASE_URL
if (serverUrl === undefined) {
  const exports = execFileSync("bash", [script, "start"], { encoding: "utf8" })
  serverUrl = /export DATABASE_URL=(\S+)/.exec(exports)?.[1]
  ownServer = /export PREFLIGHT_PG_DIR=(\S+)/.exec(exports)?.[1]
  if (serverUrl === undefined) throw new Error(`test-postgres.sh printed no DATABASE_URL: ${exports}`)
}

const database = await createTestDatabase(serverUrl, "worker_bench")
const figures: Record<string, number | string | boolean> = { jobs_per_run: JOBS, persona_panel: !causalOnly }
try {
  const fitStarted = performance.now()
  const requests = heldOutRequests(await importAndFit(database.url, 815))
  figures.import_and_fit_s = Number(((performance.now() - fitStarted) / 1000).toFixed(1))
  const client = queueClient(database.url)
  try {
    for (const workers of [1, 2]) {
      const ids: Array<string> = []
      for (let index = 0; index < JOBS; index++)
        ids.push(
          await client.runPromise(
            enqueueSimulation(requests[index % requests.length], workers * 100_000 + index, { causalOnly })
          )
        )
      const processes = Array.from({ length: workers }, () =>
        startWorkerProcess({ DATABASE_URL: database.url, PREFLIGHT_WORKER_QUEUES: "simulate" })
      )
      await Promise.all(processes.map((worker) => worker.waitForLog(isServing)))
      const finished = () =>
        client.runPromise(
          Effect.gen(function* () {
            const rows = yield* (yield* Database).query<{ done: number; failed: number; error: string | null }>(
              `SELECT count(*) FILTER (WHERE status = 'completed')::int AS done,
                      count(*) FILTER (WHERE status = 'failed')::int AS failed, min(error::text) AS error
               FROM simulations WHERE simulation_id IN (SELECT jsonb_array_elements_text($1::text::jsonb))`,
              [ids]
            )
            const row = rows[0]
            if (row !== undefined && row.failed > 0)
              return yield* Effect.die(new Error(`${row.failed} simulate jobs failed; the first error: ${row.error}`))
            return row?.done === JOBS
          })
        )
      await eventually(`${JOBS} simulations with ${workers} worker(s)`, finished, 30 * 60_000)
      const span = await client.runPromise(
        Effect.gen(function* () {
          const rows = yield* (yield* Database).query<{ seconds: number }>(
            `SELECT extract(epoch FROM max(completed_on) - min(started_on))::float8 AS seconds
             FROM pgboss.job WHERE name = 'simulate' AND id::text IN (SELECT jsonb_array_elements_text($1::text::jsonb))`,
            [ids]
          )
          return Number(rows[0]?.seconds)
        })
      )
      for (const worker of processes) worker.child.kill("SIGTERM")
      const exits = await Promise.all(processes.map((worker) => worker.exited))
      figures[`jobs_per_s_${workers}_worker${workers === 1 ? "" : "s"}`] = Number((JOBS / span).toFixed(2))
      figures[`span_s_${workers}_worker${workers === 1 ? "" : "s"}`] = Number(span.toFixed(2))
      figures[`clean_exits_${workers}`] = exits.every((code) => code === 0)
    }
    figures.speedup_2_over_1 = Number(
      ((figures.jobs_per_s_2_workers as number) / (figures.jobs_per_s_1_worker as number)).toFixed(2)
    )
  } finally {
    await client.dispose()
  }
} finally {
  await database.drop()
  if (ownServer !== undefined) execFileSync("bash", [script, "stop", ownServer])
}

reportBench({
  id: "worker",
  figures,
  notes: [
    `${availableParallelism()} cpus, load average ${loadavg()[0]?.toFixed(2)} at the end: other work on the machine lowers both rates`,
    "each worker process runs 2 simulate jobs at once (the queue's policy); a simulation is CPU-bound, so 2 processes can at best double the rate on 2 free cores"
  ]
})
