// Healthcare template: a clinic network with a pharmacy reaching patients by email, SMS, calls and letters.
// A "purchase" is an appointment or refill booked, valued at the visit's revenue; the flu season (October
// and November) is the busy period.
import type { IndustryTemplate } from "./template-types.ts"

export const healthcare: IndustryTemplate = {
  industry: "healthcare",
  displayName: "Healthcare (clinic network with pharmacy)",
  brand: "Evergreen Health",
  currency: "USD",
  conversionEvent: "an appointment or refill booked; outcome_value is the visit's revenue after discounts",
  outcomeTypes: ["open", "click", "purchase", "unsubscribe"],
  channels: [
    {
      channel: "email",
      costPerSend: 0.002,
      reminderLift: 0.08,
      unsubscribeLogit: -6.6,
      openLogit: -1.2,
      clickLogit: -2.2,
      campaignWeight: 0.45,
      sendHoursUtc: [13, 14, 15],
      spreadMinutes: 60,
      lengthWeights: { short: 0.2, medium: 0.5, long: 0.3 }
    },
    {
      channel: "sms",
      costPerSend: 0.01,
      reminderLift: 0.14,
      unsubscribeLogit: -6.0,
      openLogit: null,
      clickLogit: -2.8,
      campaignWeight: 0.32,
      sendHoursUtc: [14, 16, 21],
      spreadMinutes: 20,
      lengthWeights: { short: 0.65, medium: 0.3, long: 0.05 }
    },
    {
      channel: "call",
      costPerSend: 0.8,
      reminderLift: 0.2,
      unsubscribeLogit: -5.5,
      openLogit: null,
      clickLogit: null,
      campaignWeight: 0.12,
      sendHoursUtc: [14],
      spreadMinutes: 480,
      lengthWeights: { short: 0.2, medium: 0.7, long: 0.1 }
    },
    {
      channel: "mail",
      costPerSend: 0.55,
      reminderLift: 0.15,
      unsubscribeLogit: -7.2,
      openLogit: null,
      clickLogit: null,
      campaignWeight: 0.11,
      sendHoursUtc: [15],
      spreadMinutes: 720,
      lengthWeights: { short: 0.05, medium: 0.4, long: 0.55 }
    }
  ],
  segments: [
    {
      id: "chronic_care",
      description: "Patients managing a long-term condition",
      rule: "active_care_plan = true",
      share: 0.2,
      lifecycleStage: "ongoing_care",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [500, 5000],
      priors: {
        baseConversion7d: 0.028,
        priceSensitivity: 0.35,
        urgencyResponsiveness: 0.3,
        brandLoyalty: 0.7,
        fatigueTolerance: 0.6,
        orderValue: 140,
        channelAffinity: { email: 1.0, sms: 1.2, call: 1.3, mail: 1.0 },
        reachability: { email: 0.85, sms: 0.9, call: 0.95, mail: 0.98 },
        topicWeights: { refills: 5, checkups: 2, telehealth: 2, vaccines: 1, dental: 0.5 },
        ageMean: 62,
        ageSd: 12
      }
    },
    {
      id: "young_families",
      description: "Parents with children on their plan",
      rule: "dependents >= 1 and age < 45",
      share: 0.22,
      lifecycleStage: "active",
      valueTier: "silver",
      joinsDuringHistory: false,
      tenureDays: [200, 3000],
      priors: {
        baseConversion7d: 0.024,
        priceSensitivity: 0.55,
        urgencyResponsiveness: 0.45,
        brandLoyalty: 0.5,
        fatigueTolerance: 0.5,
        orderValue: 120,
        channelAffinity: { email: 1.1, sms: 1.1, call: 0.8, mail: 0.7 },
        reachability: { email: 0.95, sms: 0.9, call: 0.8, mail: 0.95 },
        topicWeights: { vaccines: 3, checkups: 3, telehealth: 2, dental: 2, refills: 0.5 },
        ageMean: 34,
        ageSd: 6
      }
    },
    {
      id: "seniors",
      description: "Patients aged 65 and over",
      rule: "age >= 65",
      share: 0.18,
      lifecycleStage: "active",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [700, 6000],
      priors: {
        baseConversion7d: 0.024,
        priceSensitivity: 0.45,
        urgencyResponsiveness: 0.25,
        brandLoyalty: 0.7,
        fatigueTolerance: 0.55,
        orderValue: 150,
        channelAffinity: { email: 0.8, sms: 0.9, call: 1.3, mail: 1.3 },
        reachability: { email: 0.7, sms: 0.8, call: 0.97, mail: 0.99 },
        topicWeights: { vaccines: 3, checkups: 3, refills: 3, dental: 1, telehealth: 0.5 },
        ageMean: 73,
        ageSd: 6
      }
    },
    {
      id: "lapsed_patients",
      description: "Patients without a visit for eighteen months",
      rule: "days_since_last_visit >= 540",
      share: 0.2,
      lifecycleStage: "lapsed",
      valueTier: "bronze",
      joinsDuringHistory: false,
      tenureDays: [600, 5000],
      priors: {
        baseConversion7d: 0.006,
        priceSensitivity: 0.6,
        urgencyResponsiveness: 0.5,
        brandLoyalty: 0.3,
        fatigueTolerance: 0.3,
        orderValue: 130,
        channelAffinity: { email: 0.8, sms: 0.9, call: 0.9, mail: 0.9 },
        reachability: { email: 0.85, sms: 0.8, call: 0.85, mail: 0.97 },
        topicWeights: { checkups: 3, dental: 2, vaccines: 2, telehealth: 1, refills: 1 },
        ageMean: 45,
        ageSd: 15
      }
    },
    {
      id: "new_patients",
      description: "Patients who registered during the last two years",
      rule: "registered within the last 24 months",
      share: 0.2,
      lifecycleStage: "onboarding",
      valueTier: "bronze",
      joinsDuringHistory: true,
      tenureDays: [0, 0],
      priors: {
        baseConversion7d: 0.012,
        priceSensitivity: 0.5,
        urgencyResponsiveness: 0.45,
        brandLoyalty: 0.3,
        fatigueTolerance: 0.45,
        orderValue: 110,
        channelAffinity: { email: 1.1, sms: 1.1, call: 0.8, mail: 0.7 },
        reachability: { email: 0.95, sms: 0.9, call: 0.85, mail: 0.9 },
        topicWeights: { checkups: 3, telehealth: 3, dental: 2, vaccines: 1, refills: 0.5 },
        ageMean: 36,
        ageSd: 12
      }
    }
  ],
  topics: [
    {
      id: "checkups",
      label: "check-ups",
      copyA: {
        nouns: ["check-ups", "annual physicals"],
        benefits: ["A yearly check-up catches problems early.", "Blood pressure, cholesterol and more in one visit."]
      },
      copyB: {
        nouns: ["wellness exams", "health screenings"],
        benefits: ["Spot issues before they become serious.", "A head-to-toe review with your doctor."]
      }
    },
    {
      id: "vaccines",
      label: "flu shots",
      copyA: {
        nouns: ["flu shots", "vaccines"],
        benefits: ["Protect yourself and your family this flu season.", "Walk-in vaccines, no appointment needed."]
      },
      copyB: {
        nouns: ["immunizations", "jabs"],
        benefits: ["Stay well through the winter months.", "Drop by for a quick jab with zero waiting."]
      }
    },
    {
      id: "refills",
      label: "prescription refills",
      copyA: {
        nouns: ["prescription refills", "refills"],
        benefits: ["Refill your prescriptions in two taps.", "Never run out of your medication."]
      },
      copyB: {
        nouns: ["repeat scripts", "pharmacy orders"],
        benefits: ["Your pills, ready when you need them.", "Home delivery from the pharmacy counter."]
      }
    },
    {
      id: "dental",
      label: "dental cleanings",
      copyA: {
        nouns: ["dental cleanings", "dentist visits"],
        benefits: ["Brighter smiles start with a cleaning.", "Gentle dentists with evening appointments."]
      },
      copyB: {
        nouns: ["hygienist sessions", "oral care"],
        benefits: ["Polish away stains and keep gums healthy.", "A calm chair and a caring team."]
      }
    },
    {
      id: "telehealth",
      label: "video visits",
      copyA: {
        nouns: ["video visits", "telehealth"],
        benefits: ["See a doctor from your couch.", "Video visits in under 15 minutes."]
      },
      copyB: {
        nouns: ["online consultations", "virtual care"],
        benefits: ["Talk to a clinician from anywhere.", "No commute and no waiting room."]
      }
    }
  ],
  themes: [
    {
      id: "flu_campaign",
      name: "Flu shots",
      weight: 2,
      season: "flu_season",
      segmentWeights: { seniors: 3, young_families: 3, chronic_care: 2, new_patients: 1, lapsed_patients: 1 },
      offerWeights: { free: 0.6, none: 0.3, gift: 0.1 },
      percentDepths: [0.2],
      amounts: [10],
      urgencyWeights: { none: 0.3, soft: 0.5, hard: 0.2 },
      exclusivityShare: 0,
      socialProofShare: 0.4,
      topicFocusShare: 1,
      topicWeights: { vaccines: 1 }
    },
    {
      id: "checkup_reminder",
      name: "Check-up reminder",
      weight: 2.5,
      segmentWeights: { lapsed_patients: 3, new_patients: 2, young_families: 2, seniors: 1, chronic_care: 1 },
      offerWeights: { none: 0.6, percent: 0.2, amount: 0.2 },
      percentDepths: [0.1, 0.15, 0.2],
      amounts: [20, 25, 40],
      urgencyWeights: { none: 0.5, soft: 0.4, hard: 0.1 },
      exclusivityShare: 0.05,
      socialProofShare: 0.2,
      topicFocusShare: 1,
      topicWeights: { checkups: 3, dental: 2 }
    },
    {
      id: "refill_adherence",
      name: "Refill reminder",
      weight: 2,
      segmentWeights: { chronic_care: 5, seniors: 3 },
      offerWeights: { none: 0.6, free: 0.3, amount: 0.1 },
      percentDepths: [0.1],
      amounts: [5, 10],
      urgencyWeights: { none: 0.4, soft: 0.5, hard: 0.1 },
      exclusivityShare: 0,
      socialProofShare: 0.1,
      topicFocusShare: 1,
      topicWeights: { refills: 1 },
      channelWeights: { sms: 2, call: 1.5, email: 1, mail: 0.3 }
    },
    {
      id: "telehealth_launch",
      name: "Virtual care",
      weight: 1.5,
      segmentWeights: { new_patients: 3, young_families: 2, lapsed_patients: 1 },
      offerWeights: { percent: 0.3, amount: 0.3, free: 0.2, none: 0.2 },
      percentDepths: [0.2, 0.25, 0.5],
      amounts: [20, 30],
      urgencyWeights: { none: 0.5, soft: 0.4, hard: 0.1 },
      exclusivityShare: 0.2,
      socialProofShare: 0.4,
      topicFocusShare: 1,
      topicWeights: { telehealth: 1 }
    },
    {
      id: "dental",
      name: "Dental",
      weight: 1,
      season: "back_to_school",
      segmentWeights: { young_families: 2, lapsed_patients: 2, new_patients: 1 },
      offerWeights: { percent: 0.4, gift: 0.3, none: 0.3 },
      percentDepths: [0.15, 0.2, 0.3],
      amounts: [25],
      urgencyWeights: { none: 0.4, soft: 0.4, hard: 0.2 },
      exclusivityShare: 0.1,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { dental: 1 }
    }
  ],
  seasons: [
    { name: "flu_season", peakDay: 290, widthDays: 25, conversionLift: 0.3, campaignDensity: 5 },
    { name: "new_year", peakDay: 12, widthDays: 12, conversionLift: 0.2, campaignDensity: 0.8 },
    { name: "back_to_school", peakDay: 225, widthDays: 12, conversionLift: 0.2, campaignDensity: 0.8 }
  ],
  regions: ["downtown", "north", "south", "east", "west"],
  interestAttribute: "interest",
  extraAttributes: [
    {
      kind: "category",
      name: "insurance",
      values: ["private", "medicare", "medicaid", "self_pay"],
      weightsBySegment: {
        seniors: [0.15, 0.8, 0.03, 0.02],
        chronic_care: [0.45, 0.35, 0.15, 0.05],
        lapsed_patients: [0.45, 0.15, 0.15, 0.25]
      },
      defaultWeights: [0.65, 0.05, 0.15, 0.15]
    },
    {
      kind: "number",
      name: "visits_12m",
      medianBySegment: { chronic_care: 6, seniors: 4, young_families: 3, lapsed_patients: 0.3, new_patients: 1 },
      fallback: 2,
      logSd: 0.5,
      decimals: 0
    }
  ],
  discountScale: 0.45,
  orderValueLogSd: 0.35,
  copyA: {
    headlines: {
      none: ["Time for your {scope}.", "Book your {scope} with {brand}.", "Don't skip your {scope}."],
      percent: ["{pct}% off {scope} for uninsured patients.", "Save {pct}% on {scope}."],
      amount: ["{money} off {scope}.", "Save {money} on {scope}."],
      free: ["Free {scope} with your plan.", "Get {scope} free of charge."],
      gift: ["Get a free wellness kit with your {scope}.", "Book {scope} and get a free gift."]
    },
    cta: {
      soft: ["Learn more.", "See open times."],
      direct: ["Book now.", "Schedule your visit."],
      strong: ["Book now!", "Book your slot now!"]
    },
    generalScope: ["care", "services"],
    generalBenefits: ["Board-certified doctors, same-day appointments.", "Most insurance plans accepted."],
    signOff: ["Stay healthy, the {brand} care team."]
  },
  copyB: {
    headlines: {
      none: ["A reminder from your clinic: {scope}.", "{scope} slots are available."],
      percent: ["{scope} for {pct} percent less.", "Pay {pct} percent less for {scope}."],
      amount: ["{amount} dollars less for {scope}.", "Pay {amount} dollars less for {scope}."],
      free: ["{scope} fully covered, zero copay.", "{scope} will cost you nothing."],
      gift: ["A thank-you health pack comes with {scope}.", "We'll include a little care package with {scope}."]
    },
    halfPriceHeadlines: ["{scope} at half the usual price."],
    cta: {
      soft: ["Read about it when convenient.", "Have a look at the calendar."],
      direct: ["Reserve an appointment online.", "Call the front desk."],
      strong: ["Secure your place immediately!", "Reply YES to confirm a time!"]
    },
    generalScope: ["treatment", "health needs"],
    generalBenefits: ["Experienced clinicians who listen.", "We work with nearly every insurer."],
    signOff: ["Wishing you good health, {brand}."]
  },
  exampleCreatives: {
    email: [
      "Hi {{name}}, time for your annual physical. A yearly check-up catches problems early. Book now.",
      "Free flu shots with your plan. Walk-in vaccines, no appointment needed. Learn more."
    ],
    sms: ["Evergreen Health: refill your prescriptions in two taps. Book now. Reply STOP to opt out."],
    call: [
      "Hi {{name}}, this is Evergreen Health calling about your check-up. We have open times this week. Shall I book one for you?"
    ],
    mail: [
      "Dear patient, protect yourself and your family this flu season. Free flu shots with your plan at every clinic."
    ]
  }
}
