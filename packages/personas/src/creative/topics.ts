// A generic taxonomy of marketing topics across retail, telecom, finance, healthcare and real estate, each a
// list of synonyms (words and phrases) with weights: ambiguous words ("home", "card", "boots", "visit") weigh
// less than unambiguous ones. A topic's score is 1 − exp(−Σ weights of its matches) ∈ [0, 1).

/** The topic ids, in the fixed order the feature vector uses. */
export const TOPICS = [
  "footwear",
  "apparel",
  "beauty",
  "home_furniture",
  "electronics",
  "grocery",
  "restaurant",
  "sports_fitness",
  "toys_kids",
  "jewelry_accessories",
  "pets",
  "travel",
  "entertainment",
  "automotive",
  "education",
  "data_plan",
  "device_upgrade",
  "broadband",
  "tv_streaming",
  "credit_card",
  "loan",
  "savings_investment",
  "insurance",
  "mortgage",
  "appointment",
  "pharmacy",
  "wellness",
  "listing",
  "rental",
  "loyalty_rewards",
  "subscription"
] as const
export type Topic = (typeof TOPICS)[number]

// "word" weighs 1, "word:0.5" weighs 0.5; entries with a space or hyphen are phrases.
const SYNONYMS: Readonly<Record<Topic, string>> = {
  footwear:
    "shoes shoe sneakers sneaker trainers:0.6 boots:0.7 boot:0.5 sandals sandal heels loafers slippers footwear kicks:0.5 running-shoes:1.5 flats:0.3 stilettos brogues espadrilles clogs",
  apparel:
    "clothing clothes dress dresses jeans jacket jackets coat coats shirt shirts t-shirt tee tees hoodie hoodies sweater sweaters knitwear fashion outfit outfits apparel wardrobe denim trousers pants:0.6 skirt skirts swimwear lingerie activewear menswear womenswear leggings blazer suit:0.5",
  beauty:
    "beauty skincare skin-care makeup make-up cosmetics fragrance fragrances perfume lipstick mascara moisturiser moisturizer serum haircare hair-care salon nails spa:0.6 facial shampoo conditioner foundation:0.4",
  home_furniture:
    "furniture sofa sofas couch bed:0.6 beds mattress mattresses decor homeware homewares kitchen:0.6 bedding rug rugs lamp lamps lighting cushions curtains garden gardening patio diy tools:0.5 cookware appliances:0.6 home-decor:1.5 interiors",
  electronics:
    "electronics laptop laptops tablet:0.5 tablets:0.5 tv:0.6 television headphones earbuds camera cameras gadget gadgets smartwatch console gaming speaker speakers computer computers pc monitor",
  grocery:
    "grocery groceries food:0.6 fruit vegetables veg produce:0.5 snacks meal:0.6 meals:0.6 recipe recipes organic:0.4 bakery coffee wine beer drinks pantry fresh-food supermarket",
  restaurant:
    "restaurant restaurants dining dinner:0.6 lunch:0.5 brunch takeaway takeout pizza burger burgers menu:0.6 cafe bar:0.3 table-for:1 dine eatery chef",
  sports_fitness:
    "fitness gym workout workouts training:0.4 yoga running:0.7 cycling bike bikes sports sport football soccer tennis golf hiking outdoor:0.7 outdoors:0.7 camping athletic marathon pilates swimming exercise",
  toys_kids:
    "toys toy kids children child baby babies toddler toddlers nursery back-to-school:1.5 school:0.4 lego games:0.3 playtime",
  jewelry_accessories:
    "jewelry jewellery necklace necklaces ring:0.4 rings:0.4 earrings bracelet bracelets watches watch:0.3 handbag handbags bag:0.3 bags:0.3 sunglasses accessories wallet wallets",
  pets: "pet pets dog dogs cat cats puppy puppies kitten kittens vet:0.6 pet-food:1.5 grooming:0.5",
  travel:
    "travel trip trips flight flights hotel hotels holiday:0.6 holidays:0.6 vacation getaway cruise destination destinations resort beach:0.6 airline luggage:0.7 city-break:1.5 all-inclusive:1",
  entertainment:
    "books:0.6 novel reading:0.4 magazine music concert concerts tickets:0.4 ticket:0.3 movie movies film films podcast album festival event:0.4 events:0.4 theatre theater gig show:0.2",
  automotive:
    "car cars vehicle vehicles test-drive:1.5 dealership mot tyres tires ev:0.6 electric-vehicle:1.5 suv hybrid:0.5 servicing:0.6",
  education:
    "course courses class:0.5 classes lesson lessons learn:0.2 workshop workshops webinar certificate degree tuition tutor",
  data_plan:
    "data:0.8 gigabytes gb 5g:0.7 4g:0.5 unlimited-data:1.5 data-plan:1.5 sim sim-only:1.5 mobile-plan:1.5 phone-plan:1.5 minutes:0.4 texts:0.4 roaming top-up:0.6 tariff prepaid postpaid allowance:0.6 bundle:0.3 5g-plan:1.5",
  device_upgrade:
    "phone:0.8 smartphone smartphones iphone android galaxy:0.7 pixel:0.5 handset handsets device:0.5 devices:0.5 upgrade:0.5 trade-in:1.2 new-phone:1.5 upgrade-your-phone:1.5",
  broadband:
    "broadband fibre fiber wifi wi-fi internet router mbps gbps home-internet:1.5 connection:0.4 speeds:0.5 landline full-fibre:1.5",
  tv_streaming:
    "tv-package:1.5 channels:0.6 streaming:0.7 netflix sports-package:1.5 box-set:1.2 on-demand:1 set-top:1",
  credit_card:
    "card:0.5 credit-card:1.5 cashback:0.6 cash-back:0.6 apr rewards-card:1.5 credit-limit:1.5 balance-transfer:1.5 contactless annual-fee:1.2 cardholder cardholders",
  loan: "loan loans borrow borrowing personal-loan:1.5 car-finance:1.5 credit:0.4 repayments repayment lender refinance refinancing debt-consolidation:1.5",
  savings_investment:
    "savings savings-account:1.5 interest-rate:1.2 aer apy isa deposit:0.5 invest investing investment investments portfolio pension retirement fund:0.6 funds:0.6 stocks:0.5 shares:0.3 returns:0.4",
  insurance:
    "insurance insure insured policy:0.5 cover:0.4 coverage premium:0.2 claims:0.4 protection:0.4 quote:0.4 underwriting",
  mortgage:
    "mortgage mortgages remortgage home-loan:1.5 fixed-rate:1 first-time-buyer:1.5 first-time-buyers:1.5 ltv deposit:0.3",
  appointment:
    "appointment appointments check-up checkup check-ups visit:0.4 booking:0.4 consultation clinic doctor gp dentist:0.7 screening exam:0.6 reminder:0.3 schedule:0.3 reschedule",
  pharmacy:
    "prescription prescriptions pharmacy refill refills medication medications medicine medicines pills repeat-prescription:1.5 pharmacist",
  wellness:
    "health:0.7 healthy:0.5 wellness wellbeing well-being vaccine vaccines vaccination flu-jab:1.5 flu-shot:1.5 vitamins nutrition mental-health:1.5 therapy sleep:0.4 dental eye-test:1.5 hearing blood-pressure:1.5",
  listing:
    "home:0.4 homes:0.7 property properties listing listings house:0.7 houses apartment apartments flat:0.2 condo bedroom bedrooms bath:0.4 bathroom:0.4 sq-ft:1.5 square-feet:1.5 for-sale:1 just-listed:1.5 new-listing:1.5 open-house:1.5 viewing:0.6 viewings estate-agent:1.5 realtor neighborhood neighbourhood",
  rental: "rent rental rentals lease:0.6 tenant tenants to-let:1.2 letting landlord move-in:1",
  loyalty_rewards:
    "points:0.5 rewards:0.7 loyalty member:0.3 membership:0.5 tier:0.5 perks redeem:0.3 earn:0.3 status:0.2",
  subscription:
    "subscription subscriptions subscribe:0.6 renew:0.6 renewal plan:0.3 trial:0.5 monthly:0.3 cancel-anytime:1.5 auto-renew:1.5"
}

interface Entry {
  readonly topic: number
  readonly weight: number
}

const words = new Map<string, Entry[]>()
const phrases: Array<{ readonly pattern: RegExp; readonly topic: number; readonly weight: number }> = []
TOPICS.forEach((topic, index) => {
  for (const raw of SYNONYMS[topic].split(/\s+/)) {
    const [term, weightText] = raw.split(":")
    if (term === undefined || term === "") continue
    const weight = weightText === undefined ? 1 : Number(weightText)
    if (
      term.includes("-") &&
      ![
        "t-shirt",
        "make-up",
        "skin-care",
        "hair-care",
        "wi-fi",
        "well-being",
        "check-up",
        "check-ups",
        "top-up",
        "trade-in",
        "sim-only",
        "all-inclusive",
        "set-top",
        "move-in",
        "auto-renew",
        "back-to-school"
      ].includes(term)
    ) {
      // A phrase: words separated by spaces or hyphens in the text.
      const body = term.split("-").join("[\\s-]")
      phrases.push({ pattern: new RegExp(`\\b${body}\\b`, "g"), topic: index, weight })
    } else if (term.includes("-")) {
      // A hyphenated word also written with a space or run together ("wi-fi", "wifi", "wi fi").
      const [head, ...rest] = term.split("-")
      phrases.push({ pattern: new RegExp(`\\b${head}[\\s-]?${rest.join("[\\s-]?")}\\b`, "g"), topic: index, weight })
    } else {
      const list = words.get(term) ?? []
      list.push({ topic: index, weight })
      words.set(term, list)
    }
  }
})

/** Topic scores of a lower-cased text and its tokens. */
export const scoreTopics = (lower: string, tokens: ReadonlyArray<{ readonly text: string }>): Float64Array => {
  const sums = new Float64Array(TOPICS.length)
  for (const token of tokens) {
    const entries = words.get(token.text)
    if (entries === undefined) continue
    for (const entry of entries) sums[entry.topic] = (sums[entry.topic] as number) + entry.weight
  }
  for (const phrase of phrases) {
    phrase.pattern.lastIndex = 0
    let count = 0
    while (phrase.pattern.exec(lower) !== null) count++
    if (count > 0) sums[phrase.topic] = (sums[phrase.topic] as number) + count * phrase.weight
  }
  for (let i = 0; i < sums.length; i++) sums[i] = 1 - Math.exp(-(sums[i] as number))
  return sums
}

/** A topic counts as present from this score (one full-weight synonym gives 0.63). */
export const TOPIC_PRESENT = 0.4
