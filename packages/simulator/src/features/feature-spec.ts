// Which customer attributes become which model features, learned once from the history and saved with the
// fit, so the same columns come out at prediction time. Attributes are free JSON (DESIGN.md): numbers stay
// numbers (missing → the median plus a missing flag), booleans become 0/1, strings become one-hot columns for
// their frequent values (and feed interest matching with the creative's words).
import type { EntityTable } from "../history/history-snapshot.ts"
import { judgeAttribute, type PurchaseRecency } from "./snapshot-leakage.ts"

export interface NumericAttribute {
  readonly key: string
  readonly median: number
  /** Whether some entities lack it (then a `missing` column follows). */
  readonly hasMissing: boolean
}

export interface CategoricalAttribute {
  readonly key: string
  /** Frequent values in order; one column each (values outside the list fall in no column). */
  readonly levels: ReadonlyArray<string>
}

export interface FeatureSpec {
  readonly numeric: ReadonlyArray<NumericAttribute>
  readonly booleans: ReadonlyArray<string>
  readonly categorical: ReadonlyArray<CategoricalAttribute>
  /** Attributes holding lists of labels (e.g. the channels a customer opted into): one 0/1 column per label. */
  readonly lists: ReadonlyArray<CategoricalAttribute>
  /** String attributes compared with the creative's words (interest match), e.g. a favourite category. */
  readonly matchable: ReadonlyArray<string>
  readonly segments: ReadonlyArray<string>
  readonly lifecycleStages: ReadonlyArray<string>
  readonly valueTiers: ReadonlyArray<string>
  readonly hasCreatedAt: boolean
  /** Attributes left out because they are computed from the outcomes themselves (`snapshot-leakage.ts`). */
  readonly excluded: ReadonlyArray<{
    readonly attribute: string
    readonly reason: string
    readonly recentCorrelation: number
    readonly olderCorrelation: number
  }>
}

/** What the leakage screen needs: purchases per customer in the last and the previous period. */
export interface LeakageScreen {
  readonly recency: PurchaseRecency
  readonly comparable: Uint8Array
}

/** An attribute must be present on this share of entities to become a feature. */
const MIN_PRESENCE = 0.2
/** A categorical level needs this share of entities to get its own column. */
const MIN_LEVEL_SHARE = 0.005
const MAX_LEVELS = 24

const isIdLike = (key: string): boolean => /(^|_)(id|uuid|email|phone|name|address)$/i.test(key)

const frequentLevels = (counts: ReadonlyMap<string, number>, total: number): ReadonlyArray<string> =>
  [...counts.entries()]
    .filter(([, count]) => count >= Math.max(2, MIN_LEVEL_SHARE * total))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_LEVELS)
    .map(([level]) => level)

const median = (values: Array<number>): number => {
  if (values.length === 0) return 0
  values.sort((a, b) => a - b)
  const middle = values.length >> 1
  return values.length % 2 === 1
    ? (values[middle] as number)
    : ((values[middle - 1] as number) + (values[middle] as number)) / 2
}

/**
 * Learns the feature spec from the entities (keys sorted, so the columns do not depend on row order). With a
 * `screen`, attributes computed from the outcomes (a snapshot's "orders in the last 12 months") are left out.
 */
export const learnFeatureSpec = (entities: EntityTable, screen?: LeakageScreen): FeatureSpec => {
  const excluded: Array<FeatureSpec["excluded"][number]> = []
  /** Whether one attribute (given by a per-customer reader) passes the leakage screen; records it if not. */
  const clean = (attribute: string, indicators: ReadonlyArray<(e: number) => number | undefined>): boolean => {
    if (screen === undefined) return true
    for (const read of indicators) {
      const values = new Float64Array(entities.count)
      const known = new Uint8Array(entities.count)
      for (let e = 0; e < entities.count; e++) {
        const value = read(e)
        if (value === undefined) continue
        values[e] = value
        known[e] = 1
      }
      const verdict = judgeAttribute(values, known, screen.recency, screen.comparable)
      if (verdict.leaky) {
        excluded.push({
          attribute,
          reason: verdict.reason ?? "outcome-derived",
          recentCorrelation: verdict.recentCorrelation,
          olderCorrelation: verdict.olderCorrelation
        })
        return false
      }
    }
    return true
  }
  const attributeOf = (e: number, key: string): unknown => entities.attributes[e]?.[key]
  const numbers = new Map<string, Array<number>>()
  const booleans = new Map<string, number>()
  const strings = new Map<string, Map<string, number>>()
  const lists = new Map<string, Map<string, number>>()
  const listPresence = new Map<string, number>()
  for (const attributes of entities.attributes) {
    for (const [key, value] of Object.entries(attributes)) {
      if (Array.isArray(value)) {
        if (isIdLike(key)) continue
        listPresence.set(key, (listPresence.get(key) ?? 0) + 1)
        const counts = lists.get(key) ?? new Map<string, number>()
        for (const item of new Set(value.filter((entry): entry is string => typeof entry === "string"))) {
          const label = item.trim().toLowerCase()
          if (label !== "") counts.set(label, (counts.get(label) ?? 0) + 1)
        }
        lists.set(key, counts)
        continue
      }
      if (typeof value === "number" && Number.isFinite(value)) {
        const list = numbers.get(key) ?? []
        list.push(value)
        numbers.set(key, list)
      } else if (typeof value === "boolean") booleans.set(key, (booleans.get(key) ?? 0) + 1)
      else if (typeof value === "string" && value.trim() !== "" && !isIdLike(key)) {
        const counts = strings.get(key) ?? new Map<string, number>()
        const level = value.trim().toLowerCase()
        counts.set(level, (counts.get(level) ?? 0) + 1)
        strings.set(key, counts)
      }
    }
  }
  const total = Math.max(1, entities.count)
  const present = (count: number) => count >= MIN_PRESENCE * total
  const numeric = [...numbers.entries()]
    .filter(([key, values]) => present(values.length) && !isIdLike(key))
    .filter(([key]) =>
      clean(`attributes.${key}`, [
        (e) => {
          const value = attributeOf(e, key)
          return typeof value === "number" && Number.isFinite(value) ? Math.log1p(Math.max(0, value)) : undefined
        },
        (e) => {
          const value = attributeOf(e, key)
          return typeof value === "number" && Number.isFinite(value) ? 0 : 1
        }
      ])
    )
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, values]) => ({ key, median: median([...values]), hasMissing: values.length < total }))
  const levelIndicator = (read: (e: number) => string | undefined, level: string) => (e: number) => {
    const value = read(e)
    return value === undefined ? undefined : value === level ? 1 : 0
  }
  const stringOf = (key: string) => (e: number) => {
    const value = attributeOf(e, key)
    return typeof value === "string" ? value.trim().toLowerCase() : undefined
  }
  const categorical = [...strings.entries()]
    .filter(([, counts]) => present([...counts.values()].reduce((sum, count) => sum + count, 0)))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, counts]) => ({ key, levels: frequentLevels(counts, total) }))
    .filter((attribute) => attribute.levels.length > 0)
    .filter((attribute) =>
      clean(
        `attributes.${attribute.key}`,
        attribute.levels.map((level) => levelIndicator(stringOf(attribute.key), level))
      )
    )
  const levelsOf = (values: ReadonlyArray<string | null>, name: string) => {
    const counts = new Map<string, number>()
    for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1)
    const levels = frequentLevels(counts, total)
    const read = (e: number) => values[e] ?? undefined
    return clean(
      name,
      levels.map((level) => levelIndicator(read, level))
    )
      ? levels
      : []
  }
  let created = 0
  for (let e = 0; e < entities.count; e++) if (!Number.isNaN(entities.createdAtMs[e] as number)) created++
  return {
    numeric,
    lists: [...lists.entries()]
      .filter(([key]) => present(listPresence.get(key) ?? 0))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, counts]) => ({ key, levels: frequentLevels(counts, total) }))
      .filter((attribute) => attribute.levels.length > 0)
      .filter((attribute) =>
        clean(
          `attributes.${attribute.key}`,
          attribute.levels.map((level) => (e: number) => {
            const value = attributeOf(e, attribute.key)
            return Array.isArray(value)
              ? value.some((item) => String(item).trim().toLowerCase() === level)
                ? 1
                : 0
              : undefined
          })
        )
      ),
    booleans: [...booleans.entries()]
      .filter(([, count]) => present(count))
      .map(([key]) => key)
      .filter((key) =>
        clean(`attributes.${key}`, [
          (e) => {
            const value = attributeOf(e, key)
            return typeof value === "boolean" ? (value ? 1 : 0) : undefined
          }
        ])
      )
      .sort(),
    categorical,
    // Free-text-like attributes with many levels still name interests ("running shoes"): match them all.
    matchable: [...strings.keys()]
      .filter((key) => present([...(strings.get(key) ?? new Map()).values()].length))
      .sort(),
    segments: entities.segments,
    lifecycleStages: levelsOf(entities.lifecycleStage, "lifecycle_stage"),
    valueTiers: levelsOf(entities.valueTier, "value_tier"),
    hasCreatedAt: present(created),
    excluded
  }
}

/** Column names of the entity part of a row, in the order `writeEntityFeatures` fills them. */
export const entityFeatureNames = (spec: FeatureSpec): ReadonlyArray<string> => [
  ...spec.numeric.flatMap((attribute) =>
    attribute.hasMissing ? [`attr:${attribute.key}`, `attr:${attribute.key}:missing`] : [`attr:${attribute.key}`]
  ),
  ...spec.booleans.map((key) => `attr:${key}`),
  ...spec.categorical.flatMap((attribute) => attribute.levels.map((level) => `attr:${attribute.key}=${level}`)),
  ...spec.lists.flatMap((attribute) => attribute.levels.map((level) => `attr:${attribute.key}∋${level}`)),
  ...spec.segments.map((segment) => `segment=${segment}`),
  ...spec.lifecycleStages.map((stage) => `lifecycle=${stage}`),
  ...spec.valueTiers.map((tier) => `value_tier=${tier}`),
  ...(spec.hasCreatedAt ? ["tenure_days"] : [])
]

/**
 * Writes entity `e`'s static features into `target` from `offset`; `atMs` is the moment described (tenure
 * grows with it). Returns the offset after the last column written.
 */
export const writeEntityFeatures = (
  spec: FeatureSpec,
  entities: EntityTable,
  e: number,
  atMs: number,
  target: Float64Array,
  offset: number
): number => {
  const attributes = entities.attributes[e] ?? {}
  let column = offset
  for (const attribute of spec.numeric) {
    const value = attributes[attribute.key]
    const known = typeof value === "number" && Number.isFinite(value)
    target[column++] = known ? value : attribute.median
    if (attribute.hasMissing) target[column++] = known ? 0 : 1
  }
  for (const key of spec.booleans) target[column++] = attributes[key] === true ? 1 : 0
  for (const attribute of spec.categorical) {
    const value = attributes[attribute.key]
    const level = typeof value === "string" ? value.trim().toLowerCase() : undefined
    for (const candidate of attribute.levels) target[column++] = candidate === level ? 1 : 0
  }
  for (const attribute of spec.lists) {
    const value = attributes[attribute.key]
    const labels = Array.isArray(value)
      ? new Set(
          value.filter((item): item is string => typeof item === "string").map((item) => item.trim().toLowerCase())
        )
      : new Set<string>()
    for (const level of attribute.levels) target[column++] = labels.has(level) ? 1 : 0
  }
  const segment = entities.segment[e] as number
  const segmentName = segment >= 0 ? entities.segments[segment] : undefined
  for (const name of spec.segments) target[column++] = name === segmentName ? 1 : 0
  const stage = entities.lifecycleStage[e] ?? null
  for (const name of spec.lifecycleStages) target[column++] = name === stage ? 1 : 0
  const tier = entities.valueTier[e] ?? null
  for (const name of spec.valueTiers) target[column++] = name === tier ? 1 : 0
  if (spec.hasCreatedAt) {
    const created = entities.createdAtMs[e] as number
    target[column++] = Number.isNaN(created) ? -1 : Math.max(0, (atMs - created) / 86_400_000)
  }
  return column
}
