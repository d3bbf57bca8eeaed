// Whom a campaign reaches: the marketer targets 1–3 of the theme's segments (more when too few customers are
// eligible), and the campaign samples a share of the eligible customers of those segments.
import type { SeededRandom } from "@preflight/numeric"
import type { IndustryTemplate, ThemeSpec } from "../templates/template-types.ts"
import type { SizePreset } from "./size-presets.ts"

/** How many segments a campaign targets at first (1, 2 or 3). */
const SEGMENT_COUNT_WEIGHTS = [0.05, 0.35, 0.6] as const

export interface Audience {
  /** Indices of the targeted segments, in template order. */
  readonly segments: ReadonlyArray<number>
  /** Eligible customers in the targeted segments. */
  readonly eligible: number
  readonly audienceShare: number
  /** The sampled recipients (holdout included), in random order. */
  readonly members: ReadonlyArray<number>
}

/**
 * Chooses a campaign's audience. `members` lists each segment's customers; `isEligible` applies the
 * organisation's contact rules at send time (checked per segment on first need: most campaigns look at two
 * or three segments).
 */
export const chooseAudience = (
  random: SeededRandom,
  template: IndustryTemplate,
  preset: SizePreset,
  theme: ThemeSpec,
  members: ReadonlyArray<ReadonlyArray<number>>,
  isEligible: (entity: number) => boolean
): Audience => {
  const eligibleCache = new Map<number, Array<number>>()
  const eligibleIn = (segment: number): Array<number> => {
    let list = eligibleCache.get(segment)
    if (list === undefined) {
      list = (members[segment] ?? []).filter(isEligible)
      eligibleCache.set(segment, list)
    }
    return list
  }
  const audienceShare = random.uniform(preset.audienceShare[0], preset.audienceShare[1])
  const chosen: Array<number> = []
  const themeWeights = template.segments.map((segment) => theme.segmentWeights[segment.id] ?? 0)
  const wanted = 1 + random.weightedIndex(SEGMENT_COUNT_WEIGHTS)
  while (chosen.length < wanted && themeWeights.some((weight, segment) => weight > 0 && !chosen.includes(segment))) {
    chosen.push(random.weightedIndex(themeWeights.map((weight, segment) => (chosen.includes(segment) ? 0 : weight))))
  }
  // Too small an audience: the marketer widens the targeting, first within the theme, then by size.
  const eligibleCount = () => chosen.reduce((sum, segment) => sum + eligibleIn(segment).length, 0)
  while (eligibleCount() * audienceShare < preset.minRecipients && chosen.length < template.segments.length) {
    const remaining = template.segments.map((_, segment) => {
      if (chosen.includes(segment)) return 0
      const weight = themeWeights[segment] ?? 0
      return weight > 0 ? 1000 * weight : eligibleIn(segment).length + 1
    })
    chosen.push(random.weightedIndex(remaining))
  }
  chosen.sort((a, b) => a - b)
  const eligible = chosen.flatMap((segment) => eligibleIn(segment))
  const size = Math.min(
    eligible.length,
    Math.max(preset.minRecipients, Math.min(preset.maxRecipients, Math.round(eligible.length * audienceShare)))
  )
  return { segments: chosen, eligible: eligible.length, audienceShare, members: random.sample(eligible, size) }
}
