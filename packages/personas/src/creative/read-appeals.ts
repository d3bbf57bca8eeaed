// Appeals besides the offer: exclusivity ("VIP", "members only", "early access"), social proof ("bestseller",
// "rated 4.8", "loved by 10,000"), personalisation (merge placeholders, how often the text says "you",
// "picked for you", "based on your …") and the call to action, graded none / soft ("learn more", "see
// details") / direct ("shop now", "buy", "claim", "book now", "upgrade today", "reply YES").
import type { NormalizedText } from "./normalize-text.ts"

export type CallToActionLevel = "none" | "soft" | "direct"

export interface AppealReading {
  readonly exclusivity: boolean
  readonly socialProof: boolean
  readonly placeholders: number
  /** "you", "your", "yours", "you're", "yourself" per word. */
  readonly directAddressDensity: number
  readonly pickedForYou: boolean
  /** 0.45·placeholder + 0.35·picked-for-you + 0.2·min(1, direct address / 8 %), at most 1. */
  readonly personalization: number
  readonly callToAction: CallToActionLevel
  readonly cues: ReadonlyArray<string>
}

const EXCLUSIVITY =
  /\bvips?\b|\bmembers?[- ]only\b|\bfor (?:our )?(?:members|subscribers|insiders|loyal customers|cardholders)\b|\bexclusive(?:ly)?\b|\bearly access\b|\bfirst (?:access|look|dibs)\b|\bpriority (?:access|booking)\b|\binvite[- ]only\b|\bby invitation\b|\binsiders?\b|\bprivate (?:sale|viewing|event|preview)\b|\b(?:gold|platinum|silver|premier|elite) (?:members?|status|tier)\b|\bloyalty (?:members?|programme|program|club)\b|\bselect(?:ed)? (?:few|customers)\b|\bpre[- ]?sale\b|\bsneak peek\b|^members\b|\bmembers (?:save|get|enjoy|earn|pay)\b|\bmember (?:price|pricing|rate|deal|offer)s?\b|\b(?:private|guest|vip|insider) list\b|\binner circle\b|\bjust for (?:members|insiders|subscribers|our best)\b/m
const SOCIAL_PROOF =
  /\bbest[- ]?sell(?:er|ers|ing)\b|\brated\s+\d(?:\.\d)?|\b\d(?:\.\d)?\s?(?:stars?|\/\s?5|out of 5)\b|\b(?:loved|trusted|used|chosen|joined|rated|reviewed|recommended) by (?:over |more than )?\d[\d,.]*\s?(?:k|m|million|thousand)?\b|\b\d[\d,.]*\s?(?:k|m|million|thousand)?\+?\s+(?:happy |satisfied |5-star |five-star )?(?:customers|people|members|families|users|shoppers|patients|homeowners|reviews|ratings|subscribers)\b|\bmost (?:popular|loved|wanted|booked)\b|\btop[- ](?:rated|selling|pick)\b|\b5[- ]star\b|\baward[- ]winning\b|#1\b|\bnumber (?:one|1)\b|\b(?:customer|fan|crowd) favou?rites?\b|\bas seen (?:on|in)\b|\beveryone(?:'s| is) (?:talking|buying|loving)\b|\bsold out (?:twice|\d+ times)\b|\btrending\b|\bverified reviews?\b|\breviewers? (?:give|love|rave|say|agree|call)\b|\btop marks\b|\bhighly rated\b|\b(?:keep|keeps|kept) recommending\b|\brecommend(?:s|ed|ing)? (?:it|us|this|them) to\b|\bword of mouth\b|\b(?:people|customers|shoppers|neighbou?rs|members|families) (?:chose|choose|picked|love|are loving|swear by|rave about)\b|\bfriends (?:of yours )?(?:have|already) (?:signed up|joined|switched|bought|ordered)\b|\b(?:thousands|millions|hundreds) (?:have|already) (?:signed up|joined|switched|bought)\b/
const PICKED_FOR_YOU =
  /\b(?:picked|chosen|selected|curated|handpicked|hand-picked|tailored|recommended|made|just) for you\b|\bbased on your\b|\bbecause you (?:bought|viewed|liked|browsed|ordered|searched|visited|loved)\b|\byou (?:might|may|will) (?:also )?(?:like|love|enjoy)\b|\byour (?:favou?rites?|wishlist|cart|basket|bag|saved items|recent (?:order|purchase|visit)|size|style|usage|plan|account|last (?:order|visit|purchase))\b|\bsince you\b|\bwe saved your\b|\bstill thinking about\b|\byou left\b|\bwelcome back\b|\bhappy birthday\b|\bpersonali[sz]ed\b/
const PLACEHOLDER =
  /\{\{\s*[\w.]+\s*\}\}|\{\s*[a-z_]+\s*\}|%[a-z_]+%|\[(?:first_?name|name|firstname|customer)\]|\*\|[A-Z_]+\|\*|<<\s*\w+\s*>>/gi
const DIRECT_ADDRESS = new Set(["you", "your", "yours", "you're", "yourself", "you'll", "you've", "you'd", "ya", "u"])

const IMPERATIVES =
  "shop|buy|order|book|claim|redeem|subscribe|join|upgrade|switch|apply|reserve|grab|enrol|enroll|donate|call|register|renew|activate|download|install|schedule|sign up|top up|treat yourself|pick up|pre-order|preorder|bid|invest|open (?:an|your) account|refinance|visit"
const DIRECT_CTA: ReadonlyArray<RegExp> = [
  new RegExp(`\\b(?:${IMPERATIVES})\\s+(?:now|today|tonight|online|here)\\b`),
  /\b(?:shop now|buy now|order now|sign up|sign-up|add to (?:cart|basket|bag)|check ?out now|get started|get yours|get it (?:now|today|here|before)|get (?:the|this) deal|get your (?:\w+ )?(?:code|discount|voucher|offer|free|copy|ticket|tickets|quote|upgrade)|start (?:your )?(?:free )?trial|use (?:the )?code|use promo|with (?:the |promo |discount )?code|complete (?:your|the) (?:order|purchase|checkout|booking|application|profile)|call us|text back|reply (?:yes|y|now|with)|tap (?:to|here)|click (?:here|to|below|the link)|swipe up|book (?:your|a|an)|schedule (?:your|a|an)|request (?:your|a) (?:viewing|quote|callback|appointment)|make an? (?:appointment|booking|offer)|claim (?:your|it|yours|this|the)|redeem (?:your|it|yours|this|the|now)|upgrade (?:your|to)|renew (?:your|now)|top up (?:your|now)|switch (?:to|now|today)|find yours|head (?:to|over to|into|in to) (?:the|our|a) (?:store|shop|site|website|branch|showroom)|stop by|pop (?:in|by|into)|come (?:in|by|see us)|secure (?:your|yours)|lock in (?:your|this|the)|start (?:your|the) (?:application|order|switch|upgrade|plan)|grab (?:yours|one|it|them))\b/,
  // An imperative verb opening a sentence: "Shop the sale.", "Book your check-up".
  new RegExp(`(?:^|[.!?]\\s+|\\n\\s*)(?:${IMPERATIVES})\\b`, "m")
]
const SOFT_CTA =
  /\b(?:learn more|find out(?: more)?|see (?:details|more|what'?s new|the (?:collection|range|details|new)|how|why|all)|read (?:more|on)|discover|explore|browse|take a look|have a look|check (?:it |them )?out|view (?:details|more|the|our|online)|more (?:info|information|details)|compare|get inspired|see for yourself|watch (?:now|the video)|visit (?:our|the) (?:site|store|website|page|shop)|details (?:here|inside|online)|tell me more|click to see)\b/
const NOT_A_CTA =
  /\breply stop\b|\btext stop\b|\bstop to (?:opt[- ]out|unsubscribe|end)\b|\bto unsubscribe\b|\bopt[- ]out\b/g

/** Reads exclusivity, social proof, personalisation and the call to action. */
export const readAppeals = (normalized: NormalizedText): AppealReading => {
  const text = normalized.lower
  const cues: string[] = []
  const hit = (pattern: RegExp, source = text): boolean => {
    const m = pattern.exec(source)
    if (m !== null) cues.push(m[0])
    return m !== null
  }
  const exclusivity = hit(EXCLUSIVITY)
  const socialProof = hit(SOCIAL_PROOF)
  PLACEHOLDER.lastIndex = 0
  const placeholders = (normalized.folded.match(PLACEHOLDER) ?? []).length
  let words = 0
  let address = 0
  for (const token of normalized.tokens) {
    if (!/^[a-z]/.test(token.text)) continue
    words++
    if (DIRECT_ADDRESS.has(token.text)) address++
  }
  const directAddressDensity = words === 0 ? 0 : address / words
  const pickedForYou = hit(PICKED_FOR_YOU)
  const personalization = Math.min(
    1,
    0.45 * (placeholders > 0 ? 1 : 0) + 0.35 * (pickedForYou ? 1 : 0) + 0.2 * Math.min(1, directAddressDensity / 0.08)
  )
  // Compliance lines ("Reply STOP to opt out") are not calls to action.
  const actionable = text.replace(NOT_A_CTA, " ")
  let callToAction: CallToActionLevel = "none"
  for (const pattern of DIRECT_CTA) {
    if (hit(pattern, actionable)) {
      callToAction = "direct"
      break
    }
  }
  if (callToAction === "none" && hit(SOFT_CTA, actionable)) callToAction = "soft"
  return {
    exclusivity,
    socialProof,
    placeholders,
    directAddressDensity,
    pickedForYou,
    personalization,
    callToAction,
    cues
  }
}
