// Retail template: an online fashion and home store selling by email, SMS and app push. Levels follow
// published e-mail benchmarks (opens ~20%, clicks ~2–3% of sends, unsubscribes ~0.1–0.3% per send) and
// a holiday peak in late November and December.
import type { IndustryTemplate } from "./template-types.ts"

export const retail: IndustryTemplate = {
  industry: "retail",
  displayName: "Retail (online fashion and home)",
  brand: "Northwind",
  currency: "USD",
  conversionEvent: "an order; outcome_value is the order total after discounts",
  outcomeTypes: ["open", "click", "purchase", "unsubscribe"],
  channels: [
    {
      channel: "email",
      costPerSend: 0.002,
      reminderLift: 0.08,
      unsubscribeLogit: -6.4,
      openLogit: -1.39,
      clickLogit: -2.0,
      campaignWeight: 0.6,
      sendHoursUtc: [13, 14, 15, 22, 23],
      spreadMinutes: 60,
      lengthWeights: { short: 0.2, medium: 0.5, long: 0.3 }
    },
    {
      channel: "sms",
      costPerSend: 0.0125,
      reminderLift: 0.12,
      unsubscribeLogit: -5.8,
      openLogit: null,
      clickLogit: -3.05,
      campaignWeight: 0.22,
      sendHoursUtc: [16, 17, 21, 22],
      spreadMinutes: 20,
      lengthWeights: { short: 0.6, medium: 0.3, long: 0.1 }
    },
    {
      channel: "push",
      costPerSend: 0.0005,
      reminderLift: 0.05,
      unsubscribeLogit: -6.1,
      openLogit: -2.75,
      clickLogit: -0.85,
      campaignWeight: 0.18,
      sendHoursUtc: [17, 23, 0],
      spreadMinutes: 15,
      lengthWeights: { short: 0.6, medium: 0.3, long: 0.1 }
    }
  ],
  segments: [
    {
      id: "high_value",
      description: "Top spenders of the last two years",
      rule: "spend_24m in the top 12% of customers",
      share: 0.12,
      lifecycleStage: "active",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [700, 2600],
      priors: {
        baseConversion7d: 0.026,
        priceSensitivity: 0.25,
        urgencyResponsiveness: 0.35,
        brandLoyalty: 0.75,
        fatigueTolerance: 0.65,
        orderValue: 160,
        channelAffinity: { email: 1.2, sms: 0.9, push: 1.0 },
        reachability: { email: 0.97, sms: 0.6, push: 0.5 },
        topicWeights: { dresses: 3, shoes: 2, outerwear: 2, beauty: 2, home: 1 },
        ageMean: 44,
        ageSd: 10
      }
    },
    {
      id: "loyal",
      description: "Regular customers who buy several times a year at full price",
      rule: "orders_12m >= 3 and promo_order_share < 0.5",
      share: 0.22,
      lifecycleStage: "active",
      valueTier: "silver",
      joinsDuringHistory: false,
      tenureDays: [400, 2200],
      priors: {
        baseConversion7d: 0.022,
        priceSensitivity: 0.35,
        urgencyResponsiveness: 0.35,
        brandLoyalty: 0.7,
        fatigueTolerance: 0.6,
        orderValue: 85,
        channelAffinity: { email: 1.15, sms: 0.9, push: 1.0 },
        reachability: { email: 0.95, sms: 0.5, push: 0.45 },
        topicWeights: { dresses: 2, shoes: 2, outerwear: 1, beauty: 2, home: 2 },
        ageMean: 40,
        ageSd: 11
      }
    },
    {
      id: "bargain_hunters",
      description: "Customers who mostly buy on promotion",
      rule: "promo_order_share >= 0.6",
      share: 0.24,
      lifecycleStage: "active",
      valueTier: "bronze",
      joinsDuringHistory: false,
      tenureDays: [200, 1800],
      priors: {
        baseConversion7d: 0.016,
        priceSensitivity: 0.8,
        urgencyResponsiveness: 0.65,
        brandLoyalty: 0.3,
        fatigueTolerance: 0.4,
        orderValue: 55,
        channelAffinity: { email: 1.0, sms: 1.15, push: 1.1 },
        reachability: { email: 0.93, sms: 0.65, push: 0.5 },
        topicWeights: { dresses: 1, shoes: 2, outerwear: 1, beauty: 1, home: 2 },
        ageMean: 35,
        ageSd: 11
      }
    },
    {
      id: "at_risk",
      description: "Former regulars who have not ordered for six months",
      rule: "days_since_last_order between 180 and 540",
      share: 0.18,
      lifecycleStage: "lapsing",
      valueTier: "bronze",
      joinsDuringHistory: false,
      tenureDays: [300, 2400],
      priors: {
        baseConversion7d: 0.0075,
        priceSensitivity: 0.6,
        urgencyResponsiveness: 0.5,
        brandLoyalty: 0.3,
        fatigueTolerance: 0.3,
        orderValue: 70,
        channelAffinity: { email: 0.85, sms: 0.8, push: 0.7 },
        reachability: { email: 0.9, sms: 0.45, push: 0.3 },
        topicWeights: { dresses: 1, shoes: 1, outerwear: 1, beauty: 1, home: 1 },
        ageMean: 42,
        ageSd: 12
      }
    },
    {
      id: "new_users",
      description: "Customers who signed up during the last two years",
      rule: "created_at within the last 24 months",
      share: 0.24,
      lifecycleStage: "onboarding",
      valueTier: "bronze",
      joinsDuringHistory: true,
      tenureDays: [0, 0],
      priors: {
        baseConversion7d: 0.018,
        priceSensitivity: 0.5,
        urgencyResponsiveness: 0.5,
        brandLoyalty: 0.25,
        fatigueTolerance: 0.45,
        orderValue: 60,
        channelAffinity: { email: 1.0, sms: 1.0, push: 1.2 },
        reachability: { email: 0.96, sms: 0.5, push: 0.55 },
        topicWeights: { dresses: 2, shoes: 2, outerwear: 1, beauty: 2, home: 1 },
        ageMean: 31,
        ageSd: 9
      }
    }
  ],
  topics: [
    {
      id: "shoes",
      label: "shoes",
      copyA: {
        nouns: ["shoes", "sneakers", "boots"],
        benefits: ["Comfortable shoes built for all-day wear.", "Sneakers and boots in every size and color."]
      },
      copyB: {
        nouns: ["footwear", "trainers", "kicks"],
        benefits: [
          "Cushioned soles keep feet happy from morning to night.",
          "Trainers to suit any outfit, sized from petite to wide fit."
        ]
      }
    },
    {
      id: "outerwear",
      label: "jackets",
      copyA: {
        nouns: ["jackets", "coats", "outerwear"],
        benefits: ["Warm jackets and coats for cold days.", "Lightweight outerwear that packs down small."]
      },
      copyB: {
        nouns: ["layers", "parkas", "anoraks"],
        benefits: ["Parkas that shrug off wind and rain.", "Cozy layers for chilly evenings."]
      }
    },
    {
      id: "dresses",
      label: "dresses",
      copyA: {
        nouns: ["dresses", "skirts"],
        benefits: ["Dresses for work, weekends and everything in between.", "Flattering cuts in easy-care fabrics."]
      },
      copyB: {
        nouns: ["frocks", "gowns", "sundresses"],
        benefits: ["Frocks that take you from the office to dinner.", "Breezy silhouettes that need no ironing."]
      }
    },
    {
      id: "home",
      label: "home decor",
      copyA: {
        nouns: ["home decor", "bedding", "kitchenware"],
        benefits: ["Refresh your home with new bedding and decor.", "Kitchenware that makes cooking easier."]
      },
      copyB: {
        nouns: ["interiors", "linens", "cookware"],
        benefits: ["Give every room a cozy makeover.", "Pots and pans that chefs swear by."]
      }
    },
    {
      id: "beauty",
      label: "skincare",
      copyA: {
        nouns: ["skincare", "makeup", "beauty"],
        benefits: ["Skincare that works for every skin type.", "Makeup artists' favorite shades."]
      },
      copyB: {
        nouns: ["cosmetics", "serums", "self-care essentials"],
        benefits: ["Serums that leave a dewy glow.", "Cosmetics that dermatologists recommend."]
      }
    }
  ],
  themes: [
    {
      id: "seasonal_sale",
      name: "Seasonal sale",
      weight: 3,
      season: "holiday",
      segmentWeights: { high_value: 1, loyal: 2, bargain_hunters: 3, at_risk: 2, new_users: 2 },
      offerWeights: { percent: 0.7, amount: 0.2, free: 0.1 },
      percentDepths: [0.15, 0.2, 0.25, 0.3, 0.4, 0.5],
      amounts: [10, 15, 20],
      urgencyWeights: { none: 0.2, soft: 0.4, hard: 0.4 },
      exclusivityShare: 0.1,
      socialProofShare: 0.3,
      topicFocusShare: 0.5
    },
    {
      id: "new_arrivals",
      name: "New arrivals",
      weight: 2.5,
      segmentWeights: { high_value: 3, loyal: 3, bargain_hunters: 1, new_users: 2 },
      offerWeights: { none: 0.7, free: 0.2, gift: 0.1 },
      percentDepths: [0.1],
      amounts: [10],
      urgencyWeights: { none: 0.6, soft: 0.35, hard: 0.05 },
      exclusivityShare: 0.3,
      socialProofShare: 0.4,
      topicFocusShare: 0.9
    },
    {
      id: "win_back",
      name: "Win-back",
      weight: 1.5,
      segmentWeights: { at_risk: 5, bargain_hunters: 1, loyal: 0.5 },
      offerWeights: { percent: 0.5, amount: 0.4, gift: 0.1 },
      percentDepths: [0.15, 0.2, 0.25, 0.3],
      amounts: [10, 15, 20],
      urgencyWeights: { none: 0.2, soft: 0.5, hard: 0.3 },
      exclusivityShare: 0.05,
      socialProofShare: 0.3,
      topicFocusShare: 0.4,
      channelWeights: { email: 1.5, sms: 1, push: 0.3 }
    },
    {
      id: "loyalty_reward",
      name: "Loyalty reward",
      weight: 1.5,
      segmentWeights: { high_value: 4, loyal: 4 },
      offerWeights: { gift: 0.3, amount: 0.3, percent: 0.2, free: 0.2 },
      percentDepths: [0.1, 0.15, 0.2],
      amounts: [10, 20, 25],
      urgencyWeights: { none: 0.6, soft: 0.3, hard: 0.1 },
      exclusivityShare: 0.8,
      socialProofShare: 0.1,
      topicFocusShare: 0.5
    },
    {
      id: "welcome",
      name: "Welcome offer",
      weight: 1,
      segmentWeights: { new_users: 6 },
      offerWeights: { percent: 0.6, free: 0.4 },
      percentDepths: [0.1, 0.15],
      amounts: [10],
      urgencyWeights: { none: 0.4, soft: 0.5, hard: 0.1 },
      exclusivityShare: 0.2,
      socialProofShare: 0.5,
      topicFocusShare: 0.3
    },
    {
      id: "clearance",
      name: "Clearance",
      weight: 1,
      season: "summer_sale",
      segmentWeights: { bargain_hunters: 4, at_risk: 2, loyal: 1 },
      offerWeights: { percent: 1 },
      percentDepths: [0.4, 0.5],
      amounts: [20],
      urgencyWeights: { none: 0, soft: 0.4, hard: 0.6 },
      exclusivityShare: 0,
      socialProofShare: 0.2,
      topicFocusShare: 0.5
    }
  ],
  seasons: [
    { name: "holiday", peakDay: 335, widthDays: 14, conversionLift: 0.4, campaignDensity: 8 },
    { name: "summer_sale", peakDay: 190, widthDays: 12, conversionLift: 0.15, campaignDensity: 1.5 },
    { name: "spring", peakDay: 85, widthDays: 15, conversionLift: 0.1, campaignDensity: 0.6 }
  ],
  regions: ["northeast", "southeast", "midwest", "southwest", "west"],
  interestAttribute: "favorite_category",
  extraAttributes: [
    {
      kind: "category",
      name: "loyalty_program",
      values: ["none", "member", "plus"],
      weightsBySegment: { high_value: [0.2, 0.4, 0.4], loyal: [0.3, 0.5, 0.2], new_users: [0.7, 0.3, 0] },
      defaultWeights: [0.6, 0.35, 0.05]
    },
    {
      kind: "number",
      name: "store_visits_12m",
      medianBySegment: { high_value: 6, loyal: 4, bargain_hunters: 2, at_risk: 0.5, new_users: 1 },
      fallback: 2,
      logSd: 0.6,
      decimals: 0
    }
  ],
  discountScale: 0.55,
  orderValueLogSd: 0.45,
  copyA: {
    headlines: {
      none: ["New {scope} just landed.", "Discover our latest {scope}.", "See what's new in {scope}."],
      percent: ["{pct}% off {scope}!", "Save {pct}% on {scope}.", "Take {pct}% off all {scope}."],
      amount: ["{money} off {scope}.", "Save {money} on {scope}.", "Get {money} off when you shop {scope}."],
      free: ["Free shipping on all {scope}.", "Get free shipping when you shop {scope}."],
      gift: ["Get a free gift when you shop {scope}.", "Free gift with your {scope} order."]
    },
    cta: {
      soft: ["Take a look.", "Browse the collection."],
      direct: ["Shop now.", "Shop the collection."],
      strong: ["Buy now!", "Add to cart now!"]
    },
    generalScope: ["styles", "bestsellers", "new-season favorites"],
    generalBenefits: ["Quality you can feel, at prices you'll love.", "Easy returns within 30 days."],
    signOff: ["Happy shopping, the {brand} team."]
  },
  copyB: {
    headlines: {
      none: ["Fresh {scope} has arrived.", "Meet the newest {scope}.", "The season's arrivals are in: {scope}."],
      percent: [
        "{scope} for {pct} percent less.",
        "{scope}, marked down {pct} percent.",
        "Pay {pct} percent less for {scope}."
      ],
      amount: ["Pay {amount} dollars less for {scope}.", "{amount} dollars back on {scope} purchases."],
      free: ["Delivery's on us for {scope}.", "{scope} delivered to your door at no charge."],
      gift: ["A bonus surprise comes with {scope} purchases.", "Pick up {scope} and we'll add a little extra, on us."]
    },
    halfPriceHeadlines: ["Half price on {scope}.", "{scope} at half price."],
    cta: {
      soft: ["Have a peek whenever it suits you.", "Explore the range."],
      direct: ["Head to the store.", "Find yours online."],
      strong: ["Grab yours immediately!", "Claim yours this minute!"]
    },
    generalScope: ["pieces", "wardrobe staples", "must-haves"],
    generalBenefits: ["Well made and fairly priced.", "Changed your mind? Send it back at no cost for a month."],
    signOff: ["Warm wishes from everyone at {brand}."]
  },
  exampleCreatives: {
    email: [
      "Hi {{name}}, 20% off dresses this week. Flattering cuts in easy-care fabrics. Shop now.",
      "New boots just landed. Free shipping on all orders. Browse the collection."
    ],
    sms: [
      "Northwind: 30% off sneakers, today only! Shop now. Reply STOP to opt out.",
      "{{name}}, your $15 off is waiting. Shop now. Reply STOP to opt out."
    ],
    push: ["Final hours: 40% off outerwear!", "New skincare just landed. Take a look."]
  }
}
