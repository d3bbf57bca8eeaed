// Organisation labels onto the persona vocabulary: value tiers (bronze … platinum, basic … premium) and
// lifecycle stages (prospect, dormant, win-back …). Unknown labels give undefined, so the caller can infer.
import type { LifecycleStage, ValueTier } from "../persona/persona.ts"

const TIERS: Readonly<Record<string, ValueTier>> = {
  low: "low",
  bronze: "low",
  basic: "low",
  standard: "medium",
  medium: "medium",
  mid: "medium",
  silver: "medium",
  regular: "medium",
  high: "high",
  gold: "high",
  premium: "high",
  vip: "vip",
  platinum: "vip",
  diamond: "vip",
  top: "vip",
  elite: "vip"
}

const STAGES: Readonly<Record<string, LifecycleStage>> = {
  new: "new",
  prospect: "new",
  lead: "new",
  onboarding: "new",
  active: "active",
  engaged: "active",
  loyal: "active",
  retained: "active",
  repeat: "active",
  at_risk: "at_risk",
  atrisk: "at_risk",
  declining: "at_risk",
  cooling: "at_risk",
  lapsed: "lapsed",
  dormant: "lapsed",
  inactive: "lapsed",
  win_back: "lapsed",
  winback: "lapsed",
  churned: "churned",
  lost: "churned",
  cancelled: "churned",
  canceled: "churned"
}

const key = (label: string): string =>
  label
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_")

/** A value tier for an organisation's label, e.g. "Gold" → "high"; undefined when unknown. */
export const normalizeValueTier = (label: string | undefined): ValueTier | undefined =>
  label === undefined ? undefined : TIERS[key(label)]

/** A lifecycle stage for an organisation's label, e.g. "Dormant" → "lapsed"; undefined when unknown. */
export const normalizeLifecycleStage = (label: string | undefined): LifecycleStage | undefined =>
  label === undefined ? undefined : STAGES[key(label)]
