// Urgency and scarcity. Urgency is graded: hard (a deadline within about a day: "today only", "ends tonight",
// "final hours", "last chance", "expires at midnight", "24 hours", "only 3 left"), soft (a looser one: "this
// week", "soon", "while stocks last", "limited time", "hurry"), none; "no rush" or "take your time" cancel
// soft cues. Scarcity is limited stock or places, whatever the deadline.
import { type NormalizedText, negatedAt } from "./normalize-text.ts"

export type UrgencyLevel = "none" | "soft" | "hard"

export interface UrgencyReading {
  readonly level: UrgencyLevel
  readonly scarcity: boolean
  readonly cues: ReadonlyArray<string>
}

const HARD: ReadonlyArray<RegExp> = [
  /\b(?:today|tonight|one day|1 day|24 hours?|this weekend) only\b/,
  /\bonly (?:today|tonight)\b/,
  /\b(?:ends?|ending|expires?|expiring|closes?|closing|finishes|over|gone|goes|runs out|stops?)\s+(?:today|tonight|at midnight|midnight|in (?:\d+|a few|just) (?:hours?|hrs?|minutes?|mins?)|this (?:evening|afternoon)|at (?:\d{1,2}(?::\d{2})?\s?(?:am|pm)|noon|\d{1,2}\s?(?:am|pm)))/,
  /\b(?:final|last) (?:hours?|call|chance|day|opportunity|minutes?)\b/,
  /\bnow or never\b/,
  /\b(?:until|till|before|by) (?:midnight|tonight|the end of (?:today|the day))\b/,
  /\b(?:within|in the next|next|for|only|just) (?:\d+|24|48) (?:hours?|hrs?|minutes?|mins?)\b/,
  /\b(?:24|48|72)[- ]?(?:hours?|hrs?|hr)\b/,
  /\b(?:\d+|a few) hours? (?:left|to go|remaining)\b/,
  /\bflash sale\b/,
  /\bdeadline (?:is )?today\b/,
  /\bcountdown\b/,
  /\b(?:only|just) \d+ (?:left|remaining)\b/,
  /\bends in \d+/,
  /\b(?:by|before|until|till) \d{1,2}(?::\d{2})?\s?(?:am|pm) (?:today|tonight)\b/,
  // "over after tonight", "gone after today", "tonight is the deadline", "the clock is ticking".
  /\b(?:over|gone|ends?|done|finished) (?:after|by|at the end of) (?:today|tonight)\b/,
  /\b(?:today|tonight|midnight) is the (?:deadline|last day|cut-?off)\b/,
  /\bthe clock is ticking\b|\btime is running out\b|\brunning out of time\b/
]

const SOFT: ReadonlyArray<RegExp> = [
  /\bthis (?:week|weekend|month|season)\b/,
  /\b(?:ends?|ending|expires?|closes?|until|till|through|thru|by)\s+(?:soon|sunday|monday|tuesday|wednesday|thursday|friday|saturday|the weekend|next week|the end of the (?:week|month)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\d{1,2}(?:st|nd|rd|th)\b|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)/,
  /\bsoon\b/,
  /\bwhile (?:stocks?|supplies|they) last\b/,
  /\blimited[- ]time\b|\bfor a limited time\b|\btime[- ]limited\b/,
  /\bhurry\b/,
  /\bact (?:now|fast|quickly|soon)\b/,
  /\bdon'?t (?:miss|wait|delay)\b|\bdo not (?:miss|wait)\b/,
  /\bbefore (?:it'?s|they'?re|it is) (?:gone|too late|over)\b/,
  /\b(?:going|selling) fast\b/,
  /\b(?:last|final) (?:few )?days?\b|\bfew days left\b/,
  /\boffer ends\b|\bends? (?:on|at)\b/,
  /\bbook (?:early|soon)\b|\bspaces? (?:are )?filling\b|\bfilling (?:up )?fast\b/,
  /\b(?:only|just) \d+ days?\b|\b\d+ days? (?:left|only|to go|remaining)\b/,
  /\bdeadline\b/,
  /\bwhile (?:you can|it lasts|they'?re available)\b/,
  /\b(?:last|final) few\b/,
  // Looser deadlines in other words: "won't be around forever", "only around for a short while", "closing out
  // soon", "better sooner than later", "before long", "for a short time".
  /\b(?:won'?t|will not|isn'?t going to|not going to) (?:be (?:around|here|available)|last|stick around|stay)(?: (?:forever|for long|long))?\b/,
  /\b(?:for|around for) (?:a|only a) (?:short|little|limited) (?:while|time)\b|\bshort while\b/,
  /\bclosing (?:out )?soon\b|\bsooner (?:rather )?than later\b|\bbefore long\b|\bgoing away soon\b/,
  /\bnot (?:around|here) (?:forever|for long)\b|\bwhile it'?s (?:here|still here|available)\b/,
  /\bwraps? up (?:in|within|on|by|soon)\b|\b(?:ends|closes|finishes|expires) (?:in|within) (?:a few|\d+) days\b/
]

const CALM =
  /\bno (?:rush|hurry|pressure|deadline|time limit)\b|\btake your time\b|\b(?:any ?time|whenever you(?:'re| are) ready|at your (?:own )?(?:pace|convenience))\b|\bno expiry\b|\bnever expires?\b/

const SCARCITY: ReadonlyArray<RegExp> = [
  /\b(?:only|just) \d+ (?:left|remaining|available|in stock|spots?|places?|seats?|units?|rooms?)\b/,
  /\blimited (?:stock|supply|supplies|edition|availability|spots?|places?|seats?|quantities|run|numbers)\b/,
  /\bwhile (?:stocks?|supplies|they) last\b/,
  /\b(?:selling|going) fast\b|\balmost (?:gone|sold out)\b|\bnearly (?:gone|sold out)\b|\bsell(?:ing)? out\b/,
  /\b(?:few|last) (?:left|remaining|units|pieces|spots?|places?|seats?|ones)\b/,
  /\blow (?:in )?stock\b|\bstock is (?:low|limited)\b/,
  /\bonce (?:it'?s|they'?re) gone\b/,
  /\bhigh demand\b/,
  /\b(?:last|final|only a) few\b/,
  /\b(?:tickets|seats|spots|places|rooms|units|items|pieces|tables|slots) (?:left|remaining)\b/
]

/** Reads urgency and scarcity. */
export const readUrgency = (normalized: NormalizedText): UrgencyReading => {
  const text = normalized.lower
  const cues: string[] = []
  const found = (patterns: ReadonlyArray<RegExp>): boolean => {
    let any = false
    for (const pattern of patterns) {
      const m = pattern.exec(text)
      if (m === null || negatedAt(normalized, m.index, 2)) continue
      cues.push(m[0])
      any = true
    }
    return any
  }
  const hard = found(HARD)
  const soft = found(SOFT)
  const calm = CALM.test(text)
  const scarcity = SCARCITY.some((pattern) => {
    const m = pattern.exec(text)
    return m !== null && !negatedAt(normalized, m.index, 2)
  })
  const level: UrgencyLevel = hard ? "hard" : soft && !calm ? "soft" : "none"
  return { level, scarcity, cues }
}
