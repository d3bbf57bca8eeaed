// The inputs of PersonaResponseModule for one persona × creative × channel: the persona profile rendered for
// the prompt, the recent touches as a dated list, a context line with the channel and recent frequency, and
// what competitors offer. Only what the persona would know goes in; ids and weights never do.
import { countTouches } from "../persona/exposure-fatigue.ts"
import type { Persona } from "../persona/persona.ts"
import { renderPersonaJson, renderPersonaText } from "../persona/render-persona.ts"

/** The module's inputs (field names are the signatures'). */
export interface PersonaResponseInputs {
  readonly persona_profile: string
  readonly creative_content: string
  readonly context: string
  readonly proposed_channel: string
  readonly recent_exposures: ReadonlyArray<string>
  readonly competitive_options: string
}

export interface PersonaInputOptions {
  /** Extra context (time of sending, season, campaign) appended to the context line. */
  readonly context?: string | undefined
  /** What competitors offer; default "none known". */
  readonly competitiveOptions?: string | undefined
  /** Profile rendering: the compact text (default) or JSON. */
  readonly profileFormat?: "text" | "json" | undefined
}

const days = (value: number): string => {
  const rounded = Math.round(value * 10) / 10
  return rounded === 0 ? "today" : rounded === 1 ? "1 day ago" : `${rounded} days ago`
}

/** Recent touches as the list AssessChannelPreference reads ("email, 2 days ago"), newest first. */
export const recentExposureList = (persona: Persona): ReadonlyArray<string> =>
  [...persona.exposures.touches]
    .sort((a, b) => a.daysAgo - b.daysAgo)
    .map((touch) => `${touch.channel}, ${days(touch.daysAgo)}`)

// A panel renders each persona once per creative and channel; personas are immutable values, so the profile
// and exposure list are memoised per persona object.
const renderedText = new WeakMap<Persona, string>()
const renderedExposures = new WeakMap<Persona, ReadonlyArray<string>>()

const profileText = (persona: Persona): string => {
  let text = renderedText.get(persona)
  if (text === undefined) {
    text = renderPersonaText(persona)
    renderedText.set(persona, text)
  }
  return text
}

const exposures = (persona: Persona): ReadonlyArray<string> => {
  let list = renderedExposures.get(persona)
  if (list === undefined) {
    list = recentExposureList(persona)
    renderedExposures.set(persona, list)
  }
  return list
}

/** Builds the module's inputs for one persona, creative and channel. */
export const personaResponseInputs = (
  persona: Persona,
  creativeText: string,
  channel: string,
  options: PersonaInputOptions = {}
): PersonaResponseInputs => {
  const week = countTouches(persona.exposures, 7, channel)
  const month = countTouches(persona.exposures, 30)
  const context = `channel ${channel}; ${week} earlier ${channel} messages in the last 7 days, ${month} messages on any channel in the last 30 days${options.context === undefined || options.context === "" ? "" : `; ${options.context}`}`
  return {
    persona_profile: options.profileFormat === "json" ? renderPersonaJson(persona) : profileText(persona),
    creative_content: creativeText,
    context,
    proposed_channel: channel,
    recent_exposures: exposures(persona),
    competitive_options: options.competitiveOptions ?? "none known"
  }
}
