// Telecom template: a mobile and broadband operator selling upgrades, add-ons and retention offers by
// email, SMS, app push and outbound calls. A "purchase" is an upgrade or add-on, valued at its first-year
// revenue; new-phone launches in September and the holidays are the busy seasons.
import type { IndustryTemplate } from "./template-types.ts"

export const telecom: IndustryTemplate = {
  industry: "telecom",
  displayName: "Telecom (mobile and broadband operator)",
  brand: "Skyline Mobile",
  currency: "USD",
  conversionEvent: "an upgrade, new line or add-on; outcome_value is its first-year revenue after discounts",
  outcomeTypes: ["open", "click", "purchase", "unsubscribe"],
  channels: [
    {
      channel: "email",
      costPerSend: 0.002,
      reminderLift: 0.07,
      unsubscribeLogit: -6.5,
      openLogit: -1.5,
      clickLogit: -2.1,
      campaignWeight: 0.5,
      sendHoursUtc: [14, 15, 16, 22],
      spreadMinutes: 60,
      lengthWeights: { short: 0.2, medium: 0.5, long: 0.3 }
    },
    {
      channel: "sms",
      costPerSend: 0.01,
      reminderLift: 0.12,
      unsubscribeLogit: -5.9,
      openLogit: null,
      clickLogit: -3.0,
      campaignWeight: 0.25,
      sendHoursUtc: [16, 17, 21],
      spreadMinutes: 20,
      lengthWeights: { short: 0.6, medium: 0.3, long: 0.1 }
    },
    {
      channel: "push",
      costPerSend: 0.0005,
      reminderLift: 0.05,
      unsubscribeLogit: -6.0,
      openLogit: -2.6,
      clickLogit: -0.9,
      campaignWeight: 0.15,
      sendHoursUtc: [17, 0],
      spreadMinutes: 15,
      lengthWeights: { short: 0.6, medium: 0.35, long: 0.05 }
    },
    {
      channel: "call",
      costPerSend: 2.0,
      reminderLift: 0.2,
      unsubscribeLogit: -5.3,
      openLogit: null,
      clickLogit: null,
      campaignWeight: 0.1,
      sendHoursUtc: [14],
      spreadMinutes: 480,
      lengthWeights: { short: 0.1, medium: 0.7, long: 0.2 }
    }
  ],
  segments: [
    {
      id: "heavy_streamers",
      description: "Young customers who use a lot of data",
      rule: "data_gb_month >= 30",
      share: 0.2,
      lifecycleStage: "active",
      valueTier: "silver",
      joinsDuringHistory: false,
      tenureDays: [200, 1800],
      priors: {
        baseConversion7d: 0.022,
        priceSensitivity: 0.5,
        urgencyResponsiveness: 0.55,
        brandLoyalty: 0.45,
        fatigueTolerance: 0.5,
        orderValue: 180,
        channelAffinity: { email: 0.8, sms: 1.0, push: 1.3, call: 0.6 },
        reachability: { email: 0.9, sms: 0.95, push: 0.65, call: 0.85 },
        topicWeights: { data_plans: 3, streaming: 3, phones: 2, roaming: 1, home_internet: 1 },
        ageMean: 27,
        ageSd: 6
      }
    },
    {
      id: "families",
      description: "Accounts with three or more lines",
      rule: "lines >= 3",
      share: 0.24,
      lifecycleStage: "active",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [400, 3000],
      priors: {
        baseConversion7d: 0.018,
        priceSensitivity: 0.6,
        urgencyResponsiveness: 0.35,
        brandLoyalty: 0.6,
        fatigueTolerance: 0.55,
        orderValue: 260,
        channelAffinity: { email: 1.1, sms: 1.0, push: 0.9, call: 1.0 },
        reachability: { email: 0.95, sms: 0.95, push: 0.5, call: 0.9 },
        topicWeights: { home_internet: 3, data_plans: 2, phones: 2, streaming: 2, roaming: 1 },
        ageMean: 41,
        ageSd: 8
      }
    },
    {
      id: "price_shoppers",
      description: "Out-of-contract customers who compare prices and are likely to leave",
      rule: "contract_months_left = 0 and churn_score >= 0.6",
      share: 0.2,
      lifecycleStage: "out_of_contract",
      valueTier: "bronze",
      joinsDuringHistory: false,
      tenureDays: [700, 3000],
      priors: {
        baseConversion7d: 0.009,
        priceSensitivity: 0.85,
        urgencyResponsiveness: 0.6,
        brandLoyalty: 0.2,
        fatigueTolerance: 0.3,
        orderValue: 140,
        channelAffinity: { email: 0.9, sms: 1.1, push: 0.8, call: 1.2 },
        reachability: { email: 0.9, sms: 0.95, push: 0.4, call: 0.9 },
        topicWeights: { data_plans: 3, phones: 2, home_internet: 1, roaming: 1, streaming: 1 },
        ageMean: 36,
        ageSd: 12
      }
    },
    {
      id: "business_travelers",
      description: "Frequent international travellers on premium plans",
      rule: "roaming_days_12m >= 10",
      share: 0.14,
      lifecycleStage: "active",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [300, 2500],
      priors: {
        baseConversion7d: 0.022,
        priceSensitivity: 0.2,
        urgencyResponsiveness: 0.3,
        brandLoyalty: 0.65,
        fatigueTolerance: 0.6,
        orderValue: 320,
        channelAffinity: { email: 1.2, sms: 0.9, push: 1.0, call: 0.8 },
        reachability: { email: 0.98, sms: 0.95, push: 0.6, call: 0.8 },
        topicWeights: { roaming: 4, phones: 2, data_plans: 1, home_internet: 1, streaming: 0.5 },
        ageMean: 45,
        ageSd: 9
      }
    },
    {
      id: "new_customers",
      description: "Customers who joined during the last two years",
      rule: "created_at within the last 24 months",
      share: 0.22,
      lifecycleStage: "onboarding",
      valueTier: "bronze",
      joinsDuringHistory: true,
      tenureDays: [0, 0],
      priors: {
        baseConversion7d: 0.015,
        priceSensitivity: 0.5,
        urgencyResponsiveness: 0.45,
        brandLoyalty: 0.3,
        fatigueTolerance: 0.45,
        orderValue: 150,
        channelAffinity: { email: 1.0, sms: 1.0, push: 1.1, call: 0.9 },
        reachability: { email: 0.92, sms: 0.97, push: 0.55, call: 0.9 },
        topicWeights: { data_plans: 2, phones: 2, streaming: 2, home_internet: 1, roaming: 1 },
        ageMean: 33,
        ageSd: 11
      }
    }
  ],
  topics: [
    {
      id: "data_plans",
      label: "data plans",
      copyA: {
        nouns: ["data plans", "unlimited data"],
        benefits: ["More data for streaming, gaming and video calls.", "Unlimited data with no slowdowns."]
      },
      copyB: {
        nouns: ["mobile bundles", "gigabyte packs"],
        benefits: ["Binge shows on the go without watching your allowance.", "Plenty of gigabytes for every scroll."]
      }
    },
    {
      id: "phones",
      label: "phone upgrades",
      copyA: {
        nouns: ["phone upgrades", "new phones", "the latest smartphones"],
        benefits: ["Upgrade to the latest phone with a trade-in.", "Sharper camera, longer battery life."]
      },
      copyB: {
        nouns: ["handsets", "next-gen devices"],
        benefits: ["Swap your old handset for something faster.", "Photos that pop and a charge that lasts all day."]
      }
    },
    {
      id: "roaming",
      label: "roaming",
      copyA: {
        nouns: ["roaming", "travel data"],
        benefits: ["Roam in 80 countries at home prices.", "Travel without bill shock."]
      },
      copyB: {
        nouns: ["passes for abroad", "overseas bundles"],
        benefits: ["Use your mobile abroad as if you never left.", "Land anywhere and stay connected."]
      }
    },
    {
      id: "home_internet",
      label: "home internet",
      copyA: {
        nouns: ["home internet", "fiber broadband"],
        benefits: ["Fast fiber for every room in the house.", "Work and stream at home without buffering."]
      },
      copyB: {
        nouns: ["household wifi", "gigabit connections"],
        benefits: ["Lightning speeds from the kitchen to the garden.", "Video meetings that never freeze."]
      }
    },
    {
      id: "streaming",
      label: "streaming",
      copyA: {
        nouns: ["streaming add-ons", "TV bundles"],
        benefits: ["Add Netflix and sports to your plan.", "Stream your favorite shows on any screen."]
      },
      copyB: {
        nouns: ["entertainment extras", "video packs"],
        benefits: ["Movies, series and live games included with your line.", "Watch on the couch or the commute."]
      }
    }
  ],
  themes: [
    {
      id: "upgrade_offer",
      name: "Phone upgrade",
      weight: 2.5,
      season: "new_phones",
      segmentWeights: { heavy_streamers: 3, families: 2, business_travelers: 2, price_shoppers: 1, new_customers: 0.5 },
      offerWeights: { amount: 0.4, gift: 0.3, percent: 0.3 },
      percentDepths: [0.1, 0.2, 0.25, 0.3],
      amounts: [5, 10, 15, 20],
      urgencyWeights: { none: 0.3, soft: 0.4, hard: 0.3 },
      exclusivityShare: 0.2,
      socialProofShare: 0.3,
      topicFocusShare: 0.9,
      topicWeights: { phones: 5, data_plans: 1 }
    },
    {
      id: "retention",
      name: "Retention offer",
      weight: 2,
      segmentWeights: { price_shoppers: 5, families: 1, heavy_streamers: 1 },
      offerWeights: { percent: 0.5, amount: 0.4, free: 0.1 },
      percentDepths: [0.15, 0.2, 0.25, 0.3, 0.4],
      amounts: [5, 10, 15],
      urgencyWeights: { none: 0.3, soft: 0.5, hard: 0.2 },
      exclusivityShare: 0.3,
      socialProofShare: 0.1,
      topicFocusShare: 0.6,
      topicWeights: { data_plans: 3, home_internet: 1 },
      channelWeights: { call: 2.5, email: 1, sms: 1, push: 0.3 }
    },
    {
      id: "add_on",
      name: "Add-on promotion",
      weight: 2,
      segmentWeights: { heavy_streamers: 3, families: 2, new_customers: 2, business_travelers: 1 },
      offerWeights: { none: 0.3, percent: 0.3, free: 0.4 },
      percentDepths: [0.2, 0.3, 0.5],
      amounts: [5],
      urgencyWeights: { none: 0.5, soft: 0.4, hard: 0.1 },
      exclusivityShare: 0.1,
      socialProofShare: 0.4,
      topicFocusShare: 1,
      topicWeights: { streaming: 3, home_internet: 2, data_plans: 1 }
    },
    {
      id: "travel",
      name: "Travel season",
      weight: 1,
      season: "summer_travel",
      segmentWeights: { business_travelers: 5, families: 1, heavy_streamers: 1 },
      offerWeights: { none: 0.3, percent: 0.4, free: 0.3 },
      percentDepths: [0.2, 0.25, 0.5],
      amounts: [10],
      urgencyWeights: { none: 0.5, soft: 0.4, hard: 0.1 },
      exclusivityShare: 0.1,
      socialProofShare: 0.2,
      topicFocusShare: 1,
      topicWeights: { roaming: 5 }
    },
    {
      id: "welcome",
      name: "Welcome",
      weight: 1,
      segmentWeights: { new_customers: 6 },
      offerWeights: { free: 0.5, percent: 0.3, gift: 0.2 },
      percentDepths: [0.1, 0.2],
      amounts: [10],
      urgencyWeights: { none: 0.6, soft: 0.3, hard: 0.1 },
      exclusivityShare: 0.2,
      socialProofShare: 0.5,
      topicFocusShare: 0.5
    }
  ],
  seasons: [
    { name: "new_phones", peakDay: 258, widthDays: 12, conversionLift: 0.35, campaignDensity: 5 },
    { name: "holiday", peakDay: 350, widthDays: 14, conversionLift: 0.25, campaignDensity: 3 },
    { name: "summer_travel", peakDay: 180, widthDays: 20, conversionLift: 0.1, campaignDensity: 0.8 }
  ],
  regions: ["north", "south", "east", "west", "metro"],
  interestAttribute: "interest",
  extraAttributes: [
    {
      kind: "category",
      name: "plan_type",
      values: ["prepaid", "postpaid", "unlimited"],
      weightsBySegment: {
        heavy_streamers: [0.1, 0.3, 0.6],
        price_shoppers: [0.5, 0.4, 0.1],
        business_travelers: [0, 0.4, 0.6]
      },
      defaultWeights: [0.25, 0.5, 0.25]
    },
    {
      kind: "number",
      name: "data_gb_month",
      medianBySegment: {
        heavy_streamers: 45,
        families: 20,
        price_shoppers: 8,
        business_travelers: 15,
        new_customers: 12
      },
      fallback: 12,
      logSd: 0.5,
      decimals: 1
    },
    {
      kind: "number",
      name: "lines",
      medianBySegment: { families: 4 },
      fallback: 1.3,
      logSd: 0.3,
      decimals: 0
    }
  ],
  discountScale: 0.5,
  orderValueLogSd: 0.4,
  copyA: {
    headlines: {
      none: ["Discover our latest {scope}.", "See what's new in {scope}.", "Introducing {scope} from {brand}."],
      percent: ["{pct}% off {scope}!", "Save {pct}% on {scope} for 12 months."],
      amount: ["{money} off {scope}.", "Save {money} a month on {scope}."],
      free: ["Free activation on {scope}.", "{scope} with free setup."],
      gift: ["Get free earbuds with {scope}.", "A free gift card when you switch to {scope}."]
    },
    cta: {
      soft: ["Learn more.", "Compare plans."],
      direct: ["Upgrade now.", "Switch now."],
      strong: ["Upgrade now!", "Lock it in now!"]
    },
    generalScope: ["plans", "mobile plans"],
    generalBenefits: ["The network rated most reliable in your area.", "Switching takes five minutes."],
    signOff: ["Thanks for being with {brand}."]
  },
  copyB: {
    headlines: {
      none: ["Meet the newest {scope}.", "{scope}, reimagined."],
      percent: ["{scope} for {pct} percent less.", "Pay {pct} percent less for {scope} through the year."],
      amount: ["Pay {amount} dollars less each billing cycle on {scope}.", "{amount} dollars back on {scope}."],
      free: ["We waive the connection fee on {scope}.", "Zero joining charge for {scope}."],
      gift: [
        "Wireless headphones come bundled with {scope}.",
        "Join {scope} and we'll send a little thank-you present."
      ]
    },
    halfPriceHeadlines: ["Half price on {scope}."],
    cta: {
      soft: ["Read the details.", "Weigh up your options."],
      direct: ["Make the move.", "Pop into a store."],
      strong: ["Secure your deal immediately!", "Reply YES to claim it!"]
    },
    generalScope: ["lines", "packages"],
    generalBenefits: ["Coverage you can count on, coast to coast.", "Moving over is quick and painless."],
    signOff: ["Cheers, your friends at {brand}."]
  },
  exampleCreatives: {
    email: [
      "Hi {{name}}, the latest smartphones are here. Save $10 a month on phone upgrades. Upgrade now.",
      "Roam in 80 countries at home prices. 25% off travel data. Learn more."
    ],
    sms: ["Skyline: 20% off unlimited data for 12 months. Switch now. Reply STOP to opt out."],
    push: ["Free activation on streaming add-ons. Learn more."],
    call: [
      "Hi {{name}}, this is Skyline Mobile. Your contract is up and we can offer 20% off data plans. Can I switch you over today?"
    ]
  }
}
