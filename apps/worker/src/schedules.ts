// The schedule table: which queue gets a job when, as data. Workers apply it at start (pg-boss keeps one
// schedule per queue and key, so many workers applying the same table is harmless) and remove schedules of
// their queues that the table no longer lists. `PREFLIGHT_SCHEDULES` overrides entries by queue (config.ts).
import { Data, Effect } from "effect"
import type { PgBoss } from "pg-boss"
import { bossCall } from "./queues/job-queue.ts"

export interface ScheduleEntry {
  readonly queue: string
  /** Five-field cron (minute hour day month weekday), evaluated in `timezone`. */
  readonly cron: string
  readonly payload?: Readonly<Record<string, unknown>>
  /** Distinguishes several schedules of one queue (default "default"). */
  readonly key?: string
  /** IANA time zone (default UTC). */
  readonly timezone?: string
}

/** The schedules every worker applies (the seeds: training daily, the canary hourly). */
export const DEFAULT_SCHEDULES: ReadonlyArray<ScheduleEntry> = [
  // Daily, after the nightly outcome imports usually land.
  { queue: "drift-check", cron: "30 3 * * *" },
  // Daily, after the drift check: the learning loop's step. It re-optimizes (refit, calibrate, canary) once
  // enough new outcomes are buffered; `calibrate` stays on demand (the API, `preflight calibrate`).
  { queue: "optimize", cron: "0 4 * * *" },
  // Hourly, at a quarter past: the running canary's look at its feedback.
  { queue: "canary-tick", cron: "15 * * * *" }
]

/** A schedule names a queue no handler serves: its jobs would wait forever. */
export class ScheduleForUnknownQueue extends Data.TaggedError("ScheduleForUnknownQueue")<{
  readonly queue: string
  readonly known: ReadonlyArray<string>
}> {
  override get message(): string {
    return `a schedule names queue "${this.queue}", which no handler serves (known: ${this.known.join(", ")})`
  }
}

/**
 * Applies `overrides` (queue → cron, or "off") to `table`. A queue that is overridden but not in the table
 * gets a schedule with an empty payload.
 */
export const withScheduleOverrides = (
  table: ReadonlyArray<ScheduleEntry>,
  overrides: Readonly<Record<string, string>>
): ReadonlyArray<ScheduleEntry> => {
  const entries = table.flatMap((entry) => {
    const override = overrides[entry.queue]
    if (override === undefined) return [entry]
    return override === "off" ? [] : [{ ...entry, cron: override }]
  })
  for (const [queue, cron] of Object.entries(overrides)) {
    if (cron !== "off" && !table.some((entry) => entry.queue === queue)) entries.push({ queue, cron })
  }
  return entries
}

/** Makes pg-boss's schedules of `queues` exactly `entries`. */
export const applySchedules = (boss: PgBoss, entries: ReadonlyArray<ScheduleEntry>, queues: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    for (const entry of entries) {
      if (!queues.includes(entry.queue))
        return yield* new ScheduleForUnknownQueue({ queue: entry.queue, known: queues })
    }
    for (const entry of entries) {
      yield* bossCall(`cannot schedule ${entry.queue}`, () =>
        boss.schedule(entry.queue, entry.cron, entry.payload ?? {}, {
          key: entry.key ?? "default",
          tz: entry.timezone ?? "UTC"
        })
      )
    }
    const existing = yield* bossCall("cannot read the schedules", () => boss.getSchedules())
    for (const schedule of existing) {
      if (!queues.includes(schedule.name)) continue
      const listed = entries.some((entry) => entry.queue === schedule.name && (entry.key ?? "default") === schedule.key)
      if (!listed)
        yield* bossCall(`cannot remove the schedule of ${schedule.name}`, () =>
          boss.unschedule(schedule.name, schedule.key)
        )
    }
  })
