// Real-estate template: a brokerage with rentals and mortgage brokering, reaching buyers, sellers and renters
// by email, SMS, app push and agent calls. A "purchase" is a booked appointment (viewing, valuation or
// mortgage consultation), valued at the lead's expected commission; the spring market is the busy season.
import type { IndustryTemplate } from "./template-types.ts"

export const realestate: IndustryTemplate = {
  industry: "realestate",
  displayName: "Real estate (brokerage, rentals and mortgages)",
  brand: "Keystone Realty",
  currency: "USD",
  conversionEvent:
    "an appointment booked (viewing, valuation, mortgage consultation); outcome_value is the lead's expected commission",
  outcomeTypes: ["open", "click", "purchase", "unsubscribe"],
  channels: [
    {
      channel: "email",
      costPerSend: 0.002,
      reminderLift: 0.08,
      unsubscribeLogit: -6.3,
      openLogit: -1.3,
      clickLogit: -1.9,
      campaignWeight: 0.5,
      sendHoursUtc: [13, 14, 22],
      spreadMinutes: 60,
      lengthWeights: { short: 0.15, medium: 0.5, long: 0.35 }
    },
    {
      channel: "sms",
      costPerSend: 0.01,
      reminderLift: 0.12,
      unsubscribeLogit: -5.7,
      openLogit: null,
      clickLogit: -2.9,
      campaignWeight: 0.2,
      sendHoursUtc: [16, 22],
      spreadMinutes: 20,
      lengthWeights: { short: 0.6, medium: 0.35, long: 0.05 }
    },
    {
      channel: "push",
      costPerSend: 0.0005,
      reminderLift: 0.06,
      unsubscribeLogit: -6.0,
      openLogit: -2.5,
      clickLogit: -0.8,
      campaignWeight: 0.2,
      sendHoursUtc: [12, 17, 0],
      spreadMinutes: 15,
      lengthWeights: { short: 0.6, medium: 0.35, long: 0.05 }
    },
    {
      channel: "call",
      costPerSend: 2.5,
      reminderLift: 0.2,
      unsubscribeLogit: -5.4,
      openLogit: null,
      clickLogit: null,
      campaignWeight: 0.1,
      sendHoursUtc: [15],
      spreadMinutes: 480,
      lengthWeights: { short: 0.2, medium: 0.6, long: 0.2 }
    }
  ],
  segments: [
    {
      id: "first_time_buyers",
      description: "Renters saving for their first home",
      rule: "owns_home = false and saved_search_type = 'buy'",
      share: 0.22,
      lifecycleStage: "searching",
      valueTier: "silver",
      joinsDuringHistory: false,
      tenureDays: [30, 900],
      priors: {
        baseConversion7d: 0.02,
        priceSensitivity: 0.7,
        urgencyResponsiveness: 0.55,
        brandLoyalty: 0.3,
        fatigueTolerance: 0.45,
        orderValue: 350,
        channelAffinity: { email: 1.0, sms: 1.1, push: 1.2, call: 0.8 },
        reachability: { email: 0.95, sms: 0.85, push: 0.6, call: 0.8 },
        topicWeights: { listings: 3, mortgage: 3, viewings: 2, rentals: 1, valuation: 0.3 },
        ageMean: 31,
        ageSd: 5
      }
    },
    {
      id: "upsizers",
      description: "Homeowners looking for a bigger place",
      rule: "owns_home = true and saved_search_bedrooms > current_bedrooms",
      share: 0.18,
      lifecycleStage: "searching",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [60, 1500],
      priors: {
        baseConversion7d: 0.02,
        priceSensitivity: 0.45,
        urgencyResponsiveness: 0.45,
        brandLoyalty: 0.45,
        fatigueTolerance: 0.5,
        orderValue: 600,
        channelAffinity: { email: 1.1, sms: 1.0, push: 1.0, call: 1.0 },
        reachability: { email: 0.95, sms: 0.85, push: 0.55, call: 0.85 },
        topicWeights: { listings: 3, viewings: 2, valuation: 2, mortgage: 2, rentals: 0.2 },
        ageMean: 39,
        ageSd: 6
      }
    },
    {
      id: "downsizers",
      description: "Older homeowners thinking of selling",
      rule: "owns_home = true and age >= 55",
      share: 0.14,
      lifecycleStage: "selling",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [100, 2500],
      priors: {
        baseConversion7d: 0.014,
        priceSensitivity: 0.35,
        urgencyResponsiveness: 0.25,
        brandLoyalty: 0.55,
        fatigueTolerance: 0.55,
        orderValue: 700,
        channelAffinity: { email: 1.1, sms: 0.8, push: 0.6, call: 1.3 },
        reachability: { email: 0.9, sms: 0.75, push: 0.35, call: 0.95 },
        topicWeights: { valuation: 4, listings: 2, viewings: 2, mortgage: 0.5, rentals: 0.5 },
        ageMean: 63,
        ageSd: 7
      }
    },
    {
      id: "investors",
      description: "Buyers of rental property",
      rule: "properties_owned >= 2",
      share: 0.12,
      lifecycleStage: "active",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [200, 3000],
      priors: {
        baseConversion7d: 0.024,
        priceSensitivity: 0.6,
        urgencyResponsiveness: 0.6,
        brandLoyalty: 0.4,
        fatigueTolerance: 0.6,
        orderValue: 900,
        channelAffinity: { email: 1.2, sms: 1.0, push: 1.0, call: 1.1 },
        reachability: { email: 0.97, sms: 0.85, push: 0.55, call: 0.9 },
        topicWeights: { listings: 3, rentals: 3, valuation: 2, mortgage: 1, viewings: 1 },
        ageMean: 48,
        ageSd: 10
      }
    },
    {
      id: "renters",
      description: "People who signed up while searching for a rental",
      rule: "saved_search_type = 'rent'",
      share: 0.34,
      lifecycleStage: "browsing",
      valueTier: "bronze",
      joinsDuringHistory: true,
      tenureDays: [0, 0],
      priors: {
        baseConversion7d: 0.012,
        priceSensitivity: 0.75,
        urgencyResponsiveness: 0.5,
        brandLoyalty: 0.2,
        fatigueTolerance: 0.4,
        orderValue: 180,
        channelAffinity: { email: 0.9, sms: 1.0, push: 1.3, call: 0.6 },
        reachability: { email: 0.95, sms: 0.7, push: 0.65, call: 0.6 },
        topicWeights: { rentals: 5, listings: 1, viewings: 2, mortgage: 1, valuation: 0.2 },
        ageMean: 28,
        ageSd: 6
      }
    }
  ],
  topics: [
    {
      id: "listings",
      label: "new listings",
      copyA: {
        nouns: ["new listings", "homes for sale"],
        benefits: ["Homes in your price range, updated daily.", "Three-bedroom homes near parks and cafes."]
      },
      copyB: {
        nouns: ["properties on the market", "houses just listed"],
        benefits: ["Houses matching your budget land in your inbox.", "Family places a short walk from good schools."]
      }
    },
    {
      id: "viewings",
      label: "open houses",
      copyA: {
        nouns: ["open houses", "viewings"],
        benefits: ["Tour homes this weekend with a local agent.", "Walk through before anyone else."]
      },
      copyB: {
        nouns: ["walkthroughs", "private tours"],
        benefits: ["See the rooms in person on Saturday.", "A guide shows you around each property."]
      }
    },
    {
      id: "mortgage",
      label: "mortgage rates",
      copyA: {
        nouns: ["mortgage rates", "pre-approval"],
        benefits: ["Compare rates from 20 lenders.", "Know your budget before you bid."]
      },
      copyB: {
        nouns: ["home loan quotes", "financing"],
        benefits: ["Find out what you can borrow in ten minutes.", "Brokers shop around so you don't have to."]
      }
    },
    {
      id: "valuation",
      label: "home valuations",
      copyA: {
        nouns: ["home valuations", "valuations"],
        benefits: ["Find out what your home is worth.", "Local sales data and expert opinion."]
      },
      copyB: {
        nouns: ["property appraisals", "market estimates"],
        benefits: ["Learn the price your house could fetch.", "Recent neighborhood deals, read by a pro."]
      }
    },
    {
      id: "rentals",
      label: "rentals",
      copyA: {
        nouns: ["rentals", "apartments for rent"],
        benefits: ["Pet-friendly apartments near transit.", "Move-in ready with flexible leases."]
      },
      copyB: {
        nouns: ["flats to let", "lettings"],
        benefits: ["Bring the dog, the building loves pets.", "Keys in hand within a week."]
      }
    }
  ],
  themes: [
    {
      id: "new_listings",
      name: "New listings alert",
      weight: 3,
      season: "spring_market",
      segmentWeights: { first_time_buyers: 3, upsizers: 3, investors: 2, renters: 0.5 },
      offerWeights: { none: 0.8, free: 0.2 },
      percentDepths: [0.1],
      amounts: [100],
      urgencyWeights: { none: 0.5, soft: 0.4, hard: 0.1 },
      exclusivityShare: 0.3,
      socialProofShare: 0.2,
      topicFocusShare: 1,
      topicWeights: { listings: 4, viewings: 1 }
    },
    {
      id: "open_house",
      name: "Open house invitations",
      weight: 2,
      season: "spring_market",
      segmentWeights: { first_time_buyers: 3, upsizers: 3, downsizers: 1 },
      offerWeights: { none: 0.7, gift: 0.3 },
      percentDepths: [0.1],
      amounts: [100],
      urgencyWeights: { none: 0.3, soft: 0.5, hard: 0.2 },
      exclusivityShare: 0.4,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { viewings: 1 }
    },
    {
      id: "valuation_drive",
      name: "Valuation campaign",
      weight: 1.5,
      segmentWeights: { downsizers: 4, upsizers: 2, investors: 2 },
      offerWeights: { free: 0.5, percent: 0.3, amount: 0.2 },
      percentDepths: [0.1, 0.2, 0.25, 0.5],
      amounts: [100, 250, 500],
      urgencyWeights: { none: 0.5, soft: 0.4, hard: 0.1 },
      exclusivityShare: 0.2,
      socialProofShare: 0.4,
      topicFocusShare: 1,
      topicWeights: { valuation: 1 },
      channelWeights: { call: 2, email: 1, sms: 0.7, push: 0.5 }
    },
    {
      id: "mortgage_rates",
      name: "Mortgage rates",
      weight: 1.5,
      segmentWeights: { first_time_buyers: 4, upsizers: 2, investors: 1 },
      offerWeights: { none: 0.5, percent: 0.3, amount: 0.2 },
      percentDepths: [0.1, 0.25],
      amounts: [250, 500],
      urgencyWeights: { none: 0.4, soft: 0.4, hard: 0.2 },
      exclusivityShare: 0.1,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { mortgage: 1 }
    },
    {
      id: "rentals",
      name: "Rental listings",
      weight: 2,
      segmentWeights: { renters: 5, investors: 1 },
      offerWeights: { none: 0.6, amount: 0.2, free: 0.2 },
      percentDepths: [0.1],
      amounts: [100, 200],
      urgencyWeights: { none: 0.4, soft: 0.4, hard: 0.2 },
      exclusivityShare: 0.1,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { rentals: 1 },
      channelWeights: { push: 1.5, email: 1, sms: 1, call: 0.1 }
    }
  ],
  seasons: [
    { name: "spring_market", peakDay: 115, widthDays: 35, conversionLift: 0.35, campaignDensity: 4 },
    { name: "early_autumn", peakDay: 255, widthDays: 15, conversionLift: 0.15, campaignDensity: 0.6 },
    { name: "holiday_lull", peakDay: 358, widthDays: 10, conversionLift: -0.4, campaignDensity: -0.6 }
  ],
  regions: ["downtown", "suburbs_north", "suburbs_south", "riverside", "hills"],
  interestAttribute: "interest",
  extraAttributes: [
    {
      kind: "number",
      name: "budget",
      medianBySegment: {
        first_time_buyers: 380000,
        upsizers: 620000,
        downsizers: 450000,
        investors: 500000,
        renters: 2100
      },
      fallback: 400000,
      logSd: 0.3,
      decimals: 0
    },
    {
      kind: "category",
      name: "bedrooms_wanted",
      values: ["1", "2", "3", "4+"],
      weightsBySegment: {
        first_time_buyers: [0.25, 0.45, 0.25, 0.05],
        upsizers: [0, 0.1, 0.5, 0.4],
        downsizers: [0.2, 0.6, 0.2, 0],
        renters: [0.45, 0.4, 0.13, 0.02]
      },
      defaultWeights: [0.2, 0.35, 0.3, 0.15]
    }
  ],
  discountScale: 0.45,
  orderValueLogSd: 0.5,
  copyA: {
    headlines: {
      none: ["See the latest {scope}.", "Discover {scope} in your area."],
      percent: ["{pct}% off closing costs on {scope}.", "Save {pct}% on fees for {scope}."],
      amount: ["{money} toward closing costs on {scope}.", "Get {money} off fees for {scope}."],
      free: ["No fees on {scope}.", "{scope} with free professional photos."],
      gift: ["Get a free moving kit with {scope}.", "A free gift card when you close on {scope}."]
    },
    cta: {
      soft: ["Learn more.", "Browse listings."],
      direct: ["Book a viewing.", "Get your valuation."],
      strong: ["Book now!", "Call us now!"]
    },
    generalScope: ["homes", "listings"],
    generalBenefits: ["Local agents who know your neighborhood.", "Over 1,200 homes sold last year."],
    signOff: ["Talk soon, the {brand} agents."]
  },
  copyB: {
    headlines: {
      none: ["Meet the newest {scope}.", "{scope} worth a look nearby."],
      percent: ["{pct} percent less in commission on {scope}.", "Pay {pct} percent less in charges for {scope}."],
      amount: [
        "{amount} dollars credited at signing for {scope}.",
        "We cover {amount} dollars of your paperwork on {scope}."
      ],
      free: ["{scope} with zero commission.", "Not a cent in charges for {scope}."],
      gift: ["A housewarming hamper comes with {scope}.", "Sign for {scope} and we'll send a welcome-home basket."]
    },
    halfPriceHeadlines: ["Half the usual commission on {scope}."],
    cta: {
      soft: ["Take your time and explore.", "Have a wander through the photos."],
      direct: ["Arrange a tour.", "Request an estimate."],
      strong: ["Secure your slot immediately!", "Reply YES to reserve!"]
    },
    generalScope: ["places", "addresses"],
    generalBenefits: ["Specialists with deep roots locally.", "Hundreds of happy movers every season."],
    signOff: ["All the best, {brand}."]
  },
  exampleCreatives: {
    email: [
      "Hi {{name}}, see the latest homes for sale. Homes in your price range, updated daily. Book a viewing.",
      "Find out what your home is worth. No fees on home valuations. Get your valuation."
    ],
    sms: ["Keystone Realty: open houses this weekend. Book a viewing. Reply STOP to opt out."],
    push: ["New listings in your area. Browse listings."],
    call: [
      "Hi {{name}}, this is your Keystone agent. Mortgage rates dropped this week; can I book you a pre-approval call?"
    ]
  }
}
