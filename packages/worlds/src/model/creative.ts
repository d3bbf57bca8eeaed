// A creative as structured attributes: what the true response model reads. Texts are renderings of these
// attributes by a copywriter; two creatives with equal attributes have the same true effect whatever
// their words.
import type { CtaStrength, TextLength, UrgencyLevel } from "../templates/template-types.ts"

export type Offer =
  | { readonly kind: "none" }
  | { readonly kind: "percent"; readonly depth: number }
  | { readonly kind: "amount"; readonly amount: number }
  | { readonly kind: "free" }
  | { readonly kind: "gift" }

export interface CreativeAttributes {
  readonly offer: Offer
  readonly urgency: UrgencyLevel
  /** The text greets the recipient by name (`{{name}}`). */
  readonly personalized: boolean
  readonly cta: CtaStrength
  /** The template topic the creative is about; null for the whole range. */
  readonly topic: string | null
  readonly socialProof: boolean
  readonly exclusivity: boolean
  readonly length: TextLength
}

/** A short marketer-style description of an offer ("20% off", "$15 off", "free", "gift", "none"). */
export const describeOffer = (offer: Offer): string => {
  switch (offer.kind) {
    case "none":
      return "none"
    case "percent":
      return `${Math.round(offer.depth * 100)}% off`
    case "amount":
      return `$${offer.amount} off`
    case "free":
      return "free extra"
    case "gift":
      return "gift"
  }
}

/** True when two creatives have the same attributes. */
export const sameAttributes = (a: CreativeAttributes, b: CreativeAttributes): boolean =>
  describeOffer(a.offer) === describeOffer(b.offer) &&
  a.urgency === b.urgency &&
  a.personalized === b.personalized &&
  a.cta === b.cta &&
  a.topic === b.topic &&
  a.socialProof === b.socialProof &&
  a.exclusivity === b.exclusivity &&
  a.length === b.length
