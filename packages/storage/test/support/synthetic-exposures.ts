// Bulk exposure files for the import contracts and the import benchmark: any number of valid rows over a
// pool of customers. Values are arithmetic in the row number (no random generator: storage keeps no
// synthetic-data generator), spread enough that keys, times, channels and counts all vary.
import { once } from "node:events"
import { createWriteStream } from "node:fs"

export interface SyntheticExposuresOptions {
  readonly file: string
  readonly rows: number
  /** Distinct customers the exposures are spread over (default rows / 10). */
  readonly entities?: number
}

const HISTORY_START = Date.UTC(2025, 0, 6)
const MINUTES_IN_YEAR = 364 * 24 * 60
const CHANNELS = [
  { name: "email", cost: "0.002" },
  { name: "sms", cost: "0.012" },
  { name: "push", cost: "0.001" }
] as const
const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0")

/** The customer ids of a pool of `count` (version-4 UUIDs built from the index). */
export const syntheticEntityIds = (count: number): ReadonlyArray<string> =>
  Array.from({ length: count }, (_, index) => `${hex(index, 8)}-0000-4000-9000-000000000000`)

/**
 * Writes a CSV of `rows` exposures to `file` and returns the customer ids they name, so that a caller can
 * import those first. Row i goes to customer (i × 7919) mod pool at minute (i × 104729) mod one year.
 */
export const writeSyntheticExposures = async (options: SyntheticExposuresOptions): Promise<ReadonlyArray<string>> => {
  const pool = syntheticEntityIds(Math.max(1, options.entities ?? Math.ceil(options.rows / 10)))
  const stream = createWriteStream(options.file, { encoding: "utf8" })
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await once(stream, "drain")
  }
  await write("exposure_id,entity_id,timestamp,channel,intervention_id,content,cost,frequency_cumulative\n")
  let buffer: Array<string> = []
  for (let index = 0; index < options.rows; index++) {
    const channel = CHANNELS[index % CHANNELS.length] ?? CHANNELS[0]
    const minute = (index * 104_729) % MINUTES_IN_YEAR
    buffer.push(
      [
        `${hex(index >>> 16, 8)}-${hex(index & 0xffff, 4)}-4000-8000-${hex((index * 2_654_435_761) % 2 ** 48, 12)}`,
        pool[(index * 7919) % pool.length],
        new Date(HISTORY_START + minute * 60_000).toISOString(),
        channel.name,
        `${hex(index % 20, 8)}-0000-4000-a000-000000000000`,
        `"{""variant"":""${index % 2 === 0 ? "a" : "b"}"",""subject"":""Spring sale""}"`,
        channel.cost,
        String(1 + (index % 12))
      ].join(",")
    )
    if (buffer.length >= 5000) {
      await write(`${buffer.join("\n")}\n`)
      buffer = []
    }
  }
  if (buffer.length > 0) await write(`${buffer.join("\n")}\n`)
  stream.end()
  await once(stream, "finish")
  return pool
}
