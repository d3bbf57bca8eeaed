// Finance template: a retail bank selling cards, savings, mortgages, investing and loans by email, SMS,
// app push and letters. A "purchase" is a product opened, valued at its first-year revenue to the bank;
// January and the tax season are the busy periods.
import type { IndustryTemplate } from "./template-types.ts"

export const finance: IndustryTemplate = {
  industry: "finance",
  displayName: "Finance (retail bank)",
  brand: "Harbor Bank",
  currency: "USD",
  conversionEvent: "a product opened (card, account, loan); outcome_value is its first-year revenue net of bonuses",
  outcomeTypes: ["open", "click", "purchase", "unsubscribe"],
  channels: [
    {
      channel: "email",
      costPerSend: 0.002,
      reminderLift: 0.07,
      unsubscribeLogit: -6.6,
      openLogit: -1.45,
      clickLogit: -2.2,
      campaignWeight: 0.55,
      sendHoursUtc: [13, 14, 15],
      spreadMinutes: 60,
      lengthWeights: { short: 0.15, medium: 0.5, long: 0.35 }
    },
    {
      channel: "sms",
      costPerSend: 0.01,
      reminderLift: 0.1,
      unsubscribeLogit: -5.9,
      openLogit: null,
      clickLogit: -3.2,
      campaignWeight: 0.15,
      sendHoursUtc: [16, 21],
      spreadMinutes: 20,
      lengthWeights: { short: 0.6, medium: 0.3, long: 0.1 }
    },
    {
      channel: "push",
      costPerSend: 0.0005,
      reminderLift: 0.05,
      unsubscribeLogit: -6.2,
      openLogit: -2.7,
      clickLogit: -1.0,
      campaignWeight: 0.18,
      sendHoursUtc: [12, 17, 23],
      spreadMinutes: 15,
      lengthWeights: { short: 0.6, medium: 0.35, long: 0.05 }
    },
    {
      channel: "mail",
      costPerSend: 0.55,
      reminderLift: 0.15,
      unsubscribeLogit: -7.0,
      openLogit: null,
      clickLogit: null,
      campaignWeight: 0.12,
      sendHoursUtc: [15],
      spreadMinutes: 720,
      lengthWeights: { short: 0.05, medium: 0.35, long: 0.6 }
    }
  ],
  segments: [
    {
      id: "premium_clients",
      description: "Customers with high balances and several products",
      rule: "total_balance >= 100000",
      share: 0.12,
      lifecycleStage: "active",
      valueTier: "gold",
      joinsDuringHistory: false,
      tenureDays: [1000, 6000],
      priors: {
        baseConversion7d: 0.012,
        priceSensitivity: 0.25,
        urgencyResponsiveness: 0.25,
        brandLoyalty: 0.75,
        fatigueTolerance: 0.6,
        orderValue: 420,
        channelAffinity: { email: 1.2, sms: 0.8, push: 1.0, mail: 1.2 },
        reachability: { email: 0.98, sms: 0.8, push: 0.7, mail: 0.98 },
        topicWeights: { investing: 4, cards: 2, mortgages: 2, savings: 2, loans: 0.5 },
        ageMean: 52,
        ageSd: 10
      }
    },
    {
      id: "young_professionals",
      description: "Salaried customers under 35 who bank on their phone",
      rule: "age < 35 and monthly_income_band >= 'mid'",
      share: 0.24,
      lifecycleStage: "active",
      valueTier: "silver",
      joinsDuringHistory: false,
      tenureDays: [100, 2000],
      priors: {
        baseConversion7d: 0.011,
        priceSensitivity: 0.5,
        urgencyResponsiveness: 0.5,
        brandLoyalty: 0.35,
        fatigueTolerance: 0.45,
        orderValue: 160,
        channelAffinity: { email: 1.0, sms: 1.0, push: 1.3, mail: 0.6 },
        reachability: { email: 0.95, sms: 0.85, push: 0.75, mail: 0.9 },
        topicWeights: { cards: 3, savings: 2, investing: 2, loans: 2, mortgages: 1 },
        ageMean: 29,
        ageSd: 4
      }
    },
    {
      id: "savers",
      description: "Customers who keep most of their money in savings",
      rule: "savings_share_of_balance >= 0.7",
      share: 0.22,
      lifecycleStage: "active",
      valueTier: "silver",
      joinsDuringHistory: false,
      tenureDays: [500, 5000],
      priors: {
        baseConversion7d: 0.009,
        priceSensitivity: 0.7,
        urgencyResponsiveness: 0.3,
        brandLoyalty: 0.6,
        fatigueTolerance: 0.5,
        orderValue: 120,
        channelAffinity: { email: 1.1, sms: 0.9, push: 0.9, mail: 1.1 },
        reachability: { email: 0.93, sms: 0.75, push: 0.5, mail: 0.97 },
        topicWeights: { savings: 5, investing: 2, cards: 1, mortgages: 1, loans: 0.5 },
        ageMean: 48,
        ageSd: 14
      }
    },
    {
      id: "credit_builders",
      description: "Customers with thin or recovering credit files",
      rule: "credit_score_band in ('fair', 'poor')",
      share: 0.22,
      lifecycleStage: "building",
      valueTier: "bronze",
      joinsDuringHistory: true,
      tenureDays: [0, 0],
      priors: {
        baseConversion7d: 0.014,
        priceSensitivity: 0.85,
        urgencyResponsiveness: 0.6,
        brandLoyalty: 0.3,
        fatigueTolerance: 0.35,
        orderValue: 90,
        channelAffinity: { email: 0.9, sms: 1.15, push: 1.1, mail: 0.8 },
        reachability: { email: 0.9, sms: 0.9, push: 0.6, mail: 0.95 },
        topicWeights: { cards: 4, loans: 3, savings: 1, mortgages: 0.5, investing: 0.5 },
        ageMean: 31,
        ageSd: 9
      }
    },
    {
      id: "dormant_accounts",
      description: "Accounts with no customer-initiated activity for a year",
      rule: "days_since_last_activity >= 365",
      share: 0.2,
      lifecycleStage: "dormant",
      valueTier: "bronze",
      joinsDuringHistory: false,
      tenureDays: [700, 5000],
      priors: {
        baseConversion7d: 0.006,
        priceSensitivity: 0.6,
        urgencyResponsiveness: 0.45,
        brandLoyalty: 0.25,
        fatigueTolerance: 0.3,
        orderValue: 110,
        channelAffinity: { email: 0.8, sms: 0.8, push: 0.6, mail: 1.0 },
        reachability: { email: 0.88, sms: 0.7, push: 0.3, mail: 0.97 },
        topicWeights: { savings: 2, cards: 2, loans: 1, investing: 1, mortgages: 1 },
        ageMean: 45,
        ageSd: 15
      }
    }
  ],
  topics: [
    {
      id: "cards",
      label: "credit cards",
      copyA: {
        nouns: ["credit cards", "cashback cards"],
        benefits: ["Earn cashback on every purchase.", "No foreign transaction fees."]
      },
      copyB: {
        nouns: ["rewards plastic", "spending accounts"],
        benefits: ["Money back each time you tap to pay.", "Spend overseas without extra charges."]
      }
    },
    {
      id: "savings",
      label: "savings",
      copyA: {
        nouns: ["savings accounts", "top savings rates"],
        benefits: ["Grow your savings at 4.5% APY.", "No minimum balance, no monthly fees."]
      },
      copyB: {
        nouns: ["high-yield deposits", "nest-egg funds"],
        benefits: ["Watch your cushion climb with interest paid daily.", "Put money aside without a catch."]
      }
    },
    {
      id: "mortgages",
      label: "mortgages",
      copyA: {
        nouns: ["mortgages", "home loans", "mortgage rates"],
        benefits: ["Lock in a low fixed rate.", "Get pre-approved in minutes."]
      },
      copyB: {
        nouns: ["property financing", "house financing"],
        benefits: ["Keep repayments steady for years.", "A decision in principle before your coffee cools."]
      }
    },
    {
      id: "investing",
      label: "investing",
      copyA: {
        nouns: ["investing", "investment accounts"],
        benefits: ["Start investing with just $50.", "Low-cost index funds and expert portfolios."]
      },
      copyB: {
        nouns: ["wealth building", "the stock market"],
        benefits: ["Begin growing wealth from pocket change.", "Diversified baskets managed by professionals."]
      }
    },
    {
      id: "loans",
      label: "personal loans",
      copyA: {
        nouns: ["personal loans", "loans"],
        benefits: ["Borrow up to $40,000 at a fixed rate.", "Funds in your account the next day."]
      },
      copyB: {
        nouns: ["credit lines", "cash advances"],
        benefits: ["Consolidate debts into one simple repayment.", "Money lands within 24 hours."]
      }
    }
  ],
  themes: [
    {
      id: "card_offer",
      name: "Card acquisition",
      weight: 2.5,
      segmentWeights: { young_professionals: 3, credit_builders: 3, premium_clients: 1 },
      offerWeights: { amount: 0.5, percent: 0.3, free: 0.2 },
      percentDepths: [0.02, 0.03, 0.05],
      amounts: [100, 150, 200],
      urgencyWeights: { none: 0.3, soft: 0.5, hard: 0.2 },
      exclusivityShare: 0.2,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { cards: 1 }
    },
    {
      id: "savings_push",
      name: "Savings rates",
      weight: 2,
      season: "tax_season",
      segmentWeights: { savers: 4, premium_clients: 2, young_professionals: 1, dormant_accounts: 1 },
      offerWeights: { none: 0.5, percent: 0.3, gift: 0.2 },
      percentDepths: [0.01, 0.02],
      amounts: [50],
      urgencyWeights: { none: 0.5, soft: 0.4, hard: 0.1 },
      exclusivityShare: 0.2,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { savings: 1 }
    },
    {
      id: "reactivation",
      name: "Reactivation",
      weight: 1.5,
      segmentWeights: { dormant_accounts: 5, credit_builders: 1 },
      offerWeights: { amount: 0.5, gift: 0.3, free: 0.2 },
      percentDepths: [0.02],
      amounts: [25, 50, 100],
      urgencyWeights: { none: 0.3, soft: 0.4, hard: 0.3 },
      exclusivityShare: 0.05,
      socialProofShare: 0.2,
      topicFocusShare: 0.4,
      channelWeights: { mail: 1.5, email: 1, sms: 1, push: 0.5 }
    },
    {
      id: "wealth",
      name: "Investing and mortgages",
      weight: 1.5,
      season: "new_year",
      segmentWeights: { premium_clients: 4, young_professionals: 2, savers: 1 },
      offerWeights: { none: 0.6, free: 0.3, amount: 0.1 },
      percentDepths: [0.01],
      amounts: [100, 250],
      urgencyWeights: { none: 0.7, soft: 0.3, hard: 0 },
      exclusivityShare: 0.6,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { investing: 3, mortgages: 2 }
    },
    {
      id: "loans",
      name: "Personal loans",
      weight: 1,
      segmentWeights: { credit_builders: 3, young_professionals: 2 },
      offerWeights: { percent: 0.4, none: 0.4, amount: 0.2 },
      percentDepths: [0.01, 0.02, 0.03],
      amounts: [50, 100],
      urgencyWeights: { none: 0.4, soft: 0.4, hard: 0.2 },
      exclusivityShare: 0.1,
      socialProofShare: 0.3,
      topicFocusShare: 1,
      topicWeights: { loans: 1 }
    }
  ],
  seasons: [
    { name: "new_year", peakDay: 15, widthDays: 14, conversionLift: 0.2, campaignDensity: 3 },
    { name: "tax_season", peakDay: 95, widthDays: 18, conversionLift: 0.25, campaignDensity: 5 },
    { name: "back_to_school", peakDay: 245, widthDays: 12, conversionLift: 0.1, campaignDensity: 0.5 }
  ],
  regions: ["northeast", "southeast", "midwest", "southwest", "west"],
  interestAttribute: "interest",
  extraAttributes: [
    {
      kind: "category",
      name: "credit_score_band",
      values: ["poor", "fair", "good", "excellent"],
      weightsBySegment: {
        premium_clients: [0, 0.05, 0.35, 0.6],
        credit_builders: [0.35, 0.55, 0.1, 0],
        young_professionals: [0.05, 0.25, 0.5, 0.2]
      },
      defaultWeights: [0.1, 0.25, 0.4, 0.25]
    },
    {
      kind: "number",
      name: "products_held",
      medianBySegment: {
        premium_clients: 4,
        young_professionals: 2,
        savers: 2,
        credit_builders: 1,
        dormant_accounts: 1
      },
      fallback: 2,
      logSd: 0.35,
      decimals: 0
    }
  ],
  discountScale: 0.6,
  orderValueLogSd: 0.5,
  copyA: {
    headlines: {
      none: ["Discover our latest {scope}.", "See what's new in {scope}.", "Introducing {scope} from {brand}."],
      percent: ["{pct}% cashback on {scope}.", "Earn {pct}% cashback with {scope}."],
      amount: ["Get a {money} bonus with {scope}.", "{money} bonus when you open {scope}."],
      free: ["No annual fee on {scope}.", "Free transfers with {scope}."],
      gift: ["Get a free gift when you open {scope}.", "Open {scope} and get a welcome gift."]
    },
    cta: {
      soft: ["Learn more.", "See the details."],
      direct: ["Apply now.", "Open an account now."],
      strong: ["Apply now!", "Start your application now!"]
    },
    generalScope: ["accounts", "banking"],
    generalBenefits: ["FDIC insured up to $250,000.", "Award-winning mobile banking app."],
    signOff: ["Thank you for banking with {brand}."]
  },
  copyB: {
    headlines: {
      none: ["Meet the newest {scope}.", "{scope}, reimagined."],
      percent: ["{pct} percent back on {scope}.", "{scope} that return {pct} percent of what you spend."],
      amount: [
        "A reward of {amount} dollars for starting {scope}.",
        "{amount} dollars deposited once you set up {scope}."
      ],
      free: ["{scope} without the yearly charge.", "Not a cent in yearly charges for {scope}."],
      gift: ["A thank-you present arrives with {scope}.", "Begin {scope} and a little surprise is on us."]
    },
    halfPriceHeadlines: ["Half the usual charges on {scope}."],
    cta: {
      soft: ["Read the fine print at your leisure.", "Have a browse through the features."],
      direct: ["Sign up online.", "Visit a branch."],
      strong: ["Secure your spot immediately!", "Reply YES to begin!"]
    },
    generalScope: ["financial products", "money tools"],
    generalBenefits: ["Your deposits are protected by federal guarantees.", "Handle everything from your phone."],
    signOff: ["Kind regards, {brand}."]
  },
  exampleCreatives: {
    email: [
      "Hi {{name}}, grow your savings at 4.5% APY. No minimum balance, no monthly fees. Learn more.",
      "Get a $150 bonus with cashback cards. Earn cashback on every purchase. Apply now."
    ],
    sms: ["Harbor Bank: no annual fee on credit cards. Apply now. Reply STOP to opt out."],
    push: ["Start investing with just $50. Learn more."],
    mail: [
      "Dear customer, mortgage rates are moving. Lock in a low fixed rate and get pre-approved in minutes. Visit harbor.example or call your branch."
    ]
  }
}
