// The campaign calendar: when each campaign goes out, what kind of campaign it is and on which channel.
// Send days follow the template's seasons (denser in busy periods), land on realistic weekdays and hours,
// and themes with a season become likelier around it.
import type { SeededRandom } from "@preflight/numeric"
import { campaignDensityAt, DAY_MS, dayOfYear, MINUTE_MS, seasonBump } from "../calendar.ts"
import type { ChannelSpec, IndustryTemplate, ThemeSpec } from "../templates/template-types.ts"

export interface ScheduledCampaign {
  readonly sendAtMs: number
  readonly theme: ThemeSpec
  readonly channel: ChannelSpec
}

/** Days kept free at both ends of the history so every campaign has data before and after it. */
const EDGE_DAYS = 10
const AVERAGE_MONTH_DAYS = 30.44

const themeWeight = (template: IndustryTemplate, theme: ThemeSpec, timeMs: number): number => {
  if (theme.season === undefined) return theme.weight
  const season = template.seasons.find((candidate) => candidate.name === theme.season)
  if (season === undefined) return theme.weight
  // A seasonal theme is rare off season and about three times as likely at the peak.
  return theme.weight * (0.3 + 3 * seasonBump(season, dayOfYear(timeMs)))
}

/** Moves a day off the weekend where the channel does not send on weekends (calls and letters: Mon–Fri). */
const onSendingWeekday = (dayStartMs: number, channel: ChannelSpec): number => {
  const weekday = new Date(dayStartMs).getUTCDay()
  if (channel.channel === "push") return dayStartMs
  if (weekday === 0) return dayStartMs + DAY_MS
  if (weekday === 6 && (channel.channel === "call" || channel.channel === "mail")) return dayStartMs + 2 * DAY_MS
  return dayStartMs
}

/**
 * `count` campaigns over `months` months from `historyStartMs`, in chronological order. Days are drawn by
 * stratified sampling of the density curve (one campaign per equal-density stratum), so busy seasons get
 * several campaigns a week and quiet months one or two.
 */
export const scheduleCampaigns = (
  random: SeededRandom,
  template: IndustryTemplate,
  count: number,
  months: number,
  historyStartMs: number
): ReadonlyArray<ScheduledCampaign> => {
  const firstDayMs = historyStartMs + EDGE_DAYS * DAY_MS
  const dayCount = Math.max(1, Math.round(months * AVERAGE_MONTH_DAYS) - 2 * EDGE_DAYS)
  const cumulative = new Float64Array(dayCount)
  let total = 0
  for (let day = 0; day < dayCount; day++) {
    total += campaignDensityAt(template.seasons, firstDayMs + day * DAY_MS + DAY_MS / 2)
    cumulative[day] = total
  }
  const campaigns: Array<ScheduledCampaign> = []
  for (let index = 0; index < count; index++) {
    const target = ((index + random.next()) / count) * total
    let low = 0
    let high = dayCount - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if ((cumulative[middle] ?? 0) < target) low = middle + 1
      else high = middle
    }
    const dayStartMs = firstDayMs + low * DAY_MS
    const themes = template.themes
    const theme = themes[random.weightedIndex(themes.map((candidate) => themeWeight(template, candidate, dayStartMs)))]
    if (theme === undefined) throw new RangeError(`template ${template.industry} has no campaign themes`)
    const channels = template.channels
    const channel =
      channels[
        random.weightedIndex(channels.map((spec) => spec.campaignWeight * (theme.channelWeights?.[spec.channel] ?? 1)))
      ]
    if (channel === undefined) throw new RangeError(`template ${template.industry} has no channels`)
    const hour = random.choice(channel.sendHoursUtc)
    const minute = random.choice([0, 15, 30, 45])
    campaigns.push({
      sendAtMs: onSendingWeekday(dayStartMs, channel) + hour * 60 * MINUTE_MS + minute * MINUTE_MS,
      theme,
      channel
    })
  }
  return campaigns.sort((a, b) => a.sendAtMs - b.sendAtMs)
}
