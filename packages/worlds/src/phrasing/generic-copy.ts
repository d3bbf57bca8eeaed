// The industry-neutral part of each copywriter's bank: greetings, urgency, social proof, exclusivity,
// the SMS footer and the order sentences come in. Copywriter B never uses copywriter A's words for the
// same attribute (a test checks it), so texts written by B test whether a reader of texts generalises.
import type { UrgencyLevel } from "../templates/template-types.ts"

export type SentenceSlot =
  | "greeting"
  | "headline"
  | "exclusivity"
  | "socialProof"
  | "benefits"
  | "urgency"
  | "cta"
  | "signOff"
  | "footer"

export interface GenericCopy {
  /** Greetings by name; each holds `{{name}}`. */
  readonly greetings: ReadonlyArray<string>
  readonly urgency: Readonly<Record<Exclude<UrgencyLevel, "none">, ReadonlyArray<string>>>
  /** Social-proof sentences; `{count}` is a number of customers. */
  readonly socialProof: ReadonlyArray<string>
  readonly exclusivity: ReadonlyArray<string>
  readonly smsFooter: string
  /** The order of a text's sentences (orders, when several, are chosen at random). */
  readonly orders: ReadonlyArray<ReadonlyArray<SentenceSlot>>
}

/** Copywriter A: punchy, symbol-heavy ("20% off", "LAST CHANCE!"), greeting first, call to action last. */
export const GENERIC_COPY_A: GenericCopy = {
  greetings: ["Hi {{name}}!", "Hey {{name}}!", "{{name}}, this one's for you.", "{{name}}, we picked this for you."],
  urgency: {
    soft: [
      "Limited time only.",
      "Don't wait too long.",
      "It won't be around forever.",
      "Only around for a short while."
    ],
    hard: ["LAST CHANCE!", "Final hours!", "Hurry, today only!", "LAST DAY!"]
  },
  socialProof: [
    "Over {count} customers already love it.",
    "Rated 4.8 stars by customers like you.",
    "Our most popular pick right now.",
    "Thousands of five-star reviews."
  ],
  exclusivity: [
    "Members only.",
    "An exclusive perk for our best customers.",
    "Early access, just for you.",
    "VIP access only."
  ],
  smsFooter: "Reply STOP to opt out.",
  orders: [
    ["greeting", "headline", "exclusivity", "socialProof", "benefits", "urgency", "cta", "signOff", "footer"],
    ["greeting", "headline", "benefits", "exclusivity", "socialProof", "urgency", "cta", "signOff", "footer"]
  ]
}

/** Copywriter B: plainer, spelled-out wording ("20 percent less", "ends tonight"), urgency up front. */
export const GENERIC_COPY_B: GenericCopy = {
  greetings: ["Hello {{name}}.", "Dear {{name}},", "Good news, {{name}}:", "Greetings, {{name}}."],
  urgency: {
    soft: ["Available just this week.", "Wraps up in a few days.", "Better sooner than later.", "Closing out soon."],
    hard: [
      "Ends tonight!",
      "Gone at midnight!",
      "The clock is ticking: tonight is the deadline!",
      "Over after tonight!"
    ]
  },
  socialProof: [
    "{count} people chose this in the past month.",
    "Reviewers give it top marks.",
    "Neighbors keep recommending it to friends.",
    "Friends of yours have signed up."
  ],
  exclusivity: [
    "Reserved for a select few.",
    "You're on the private list.",
    "A preview by invitation.",
    "Kept back for insiders."
  ],
  smsFooter: "Text STOP to end messages.",
  orders: [
    ["greeting", "urgency", "headline", "benefits", "socialProof", "exclusivity", "cta", "signOff", "footer"],
    ["exclusivity", "greeting", "headline", "urgency", "socialProof", "benefits", "cta", "signOff", "footer"]
  ]
}
