// The offer in a creative: discount depth (percentages, fractions in words, multibuys, was/now prices),
// money off (reported apart from depth: "$15 off" says nothing about the fraction), a stated price ("from
// $9.99" is a price, not money off), free shipping, a bonus (free gift, extra data, free month), financing
// (0 % APR, pay later), and explicit absence ("no discount today", "full price", "not on sale").
import { type NormalizedText, negatedAt } from "./normalize-text.ts"

/** How a discount was stated. */
export type DiscountKind = "none" | "percent" | "fraction" | "multibuy" | "was_now" | "amount" | "generic"

/** The offer a creative makes. */
export interface OfferReading {
  readonly discount: boolean
  /** Fraction off in [0, 1] when stated (largest), else 0. */
  readonly discountDepth: number
  readonly discountKind: DiscountKind
  /** "up to 30% off": the depth is a ceiling. */
  readonly upTo: boolean
  /** Money off (largest amount), in the text's currency; null when none is stated. */
  readonly amountOff: number | null
  readonly currency: string | null
  /** A price stated without a discount cue ("from $9.99", "only £5/month"); null when none. */
  readonly price: number | null
  /** The text says explicitly that there is no discount. */
  readonly noDiscountStated: boolean
  readonly freeShipping: boolean
  /** A free gift, bonus, free trial or month, extra allowance ("50% more data"). */
  readonly bonus: boolean
  /** 0 % APR, interest-free, pay later. */
  readonly financing: boolean
  /** The phrases that decided the reading (for rationales and tests). */
  readonly cues: ReadonlyArray<string>
}

const CURRENCY_SYMBOL: Readonly<Record<string, string>> = { $: "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR" }
const CURRENCY_WORD: Readonly<Record<string, string>> = {
  usd: "USD",
  dollar: "USD",
  dollars: "USD",
  bucks: "USD",
  gbp: "GBP",
  pound: "GBP",
  pounds: "GBP",
  quid: "GBP",
  eur: "EUR",
  euro: "EUR",
  euros: "EUR",
  inr: "INR",
  rupees: "INR",
  aud: "AUD",
  cad: "CAD"
}

const parseAmount = (digits: string, suffix: string | undefined): number => {
  const value = Number.parseFloat(digits.replace(/,(?=\d{3}\b)/g, "").replace(",", "."))
  return suffix === "k" ? value * 1000 : value
}

// A money amount: "$15", "$ 15.99", "£1,200", "15$", "€5", "usd 20", "20 euros", "$2k".
const MONEY = String.raw`(?:([$£€¥₹])\s?(\d[\d,]*(?:\.\d+)?)(k)?|(\d[\d,]*(?:\.\d+)?)(k)?\s?([$£€¥₹])|(usd|gbp|eur|aud|cad|inr)\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?(dollars?|bucks|pounds?|quid|euros?|rupees|usd|gbp|eur))`
const moneyOf = (match: RegExpExecArray, at: number): { amount: number; currency: string } | undefined => {
  const symbol = match[at]
  if (symbol !== undefined)
    return { amount: parseAmount(match[at + 1] as string, match[at + 2]), currency: CURRENCY_SYMBOL[symbol] ?? symbol }
  if (match[at + 3] !== undefined) {
    return {
      amount: parseAmount(match[at + 3] as string, match[at + 4]),
      currency: CURRENCY_SYMBOL[match[at + 5] as string] ?? "?"
    }
  }
  if (match[at + 6] !== undefined)
    return {
      amount: parseAmount(match[at + 7] as string, undefined),
      currency: CURRENCY_WORD[match[at + 6] as string] ?? "?"
    }
  if (match[at + 8] !== undefined)
    return {
      amount: parseAmount(match[at + 8] as string, undefined),
      currency: CURRENCY_WORD[match[at + 9] as string] ?? "?"
    }
  return undefined
}

// A percentage is a discount only with a discount word next to it; "50% more data", "4.9% APR", "100% cotton",
// "95% of customers" are not.
const PERCENT = /(-\s?)?(\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b|pct\b)/g
const DISCOUNT_AFTER =
  /^\s*(?:off\b|discount|savings?\b|reduction|less\b|cheaper|markdown|cash\s?back|back\b|rebate|price\s+(?:cut|drop)|sale\b|lower\b|below\b)/
const DISCOUNT_BEFORE =
  /(?:\bsave|\bsaving|\bsavings of|\bget|\btake|\benjoy|\bextra|\breduced by|\bcut by|\bdiscounts? of|\bdiscounts? up to|\b(?:slashed|cut|lowered|dropped|knocked|marked down|reduced) by|\b(?:marked|knocked) down|\bslashed|\bup to|\bflat|\ban? (?:extra|additional))\s+(?:up to\s+|an? (?:extra|additional)\s+|over\s+)?$/
const NOT_PRICE_AFTER =
  /^\s*(?:more|extra|faster|bigger|larger|longer|of\b|apr|apy|aer|interest|rate|financing|finance|fixed|variable|battery|cotton|wool|organic|recycled|natural|juice|cocoa|match|chance|off\s+(?:the\s+)?(?:carbon|emissions))/
const UP_TO_BEFORE = /\bup to\s+(?:an? (?:extra|additional)\s+)?$/

const FRACTIONS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(?:reduced|cut|slashed|lowered|dropped|marked down|knocked)\b[^.!?]{0,40}?\bby half\b/g, 0.5],
  [/\b(?:reduced|cut|slashed|lowered|dropped|marked down|knocked)\b[^.!?]{0,40}?\bby (?:a|one)[\s-]third\b/g, 1 / 3],
  [/\b(?:reduced|cut|slashed|lowered|dropped|marked down|knocked)\b[^.!?]{0,40}?\bby (?:a|one)[\s-]quarter\b/g, 0.25],
  [/\bhalf[\s-]?(?:price|off)\b|\b50\s?\/\s?50 sale\b|\bhalf the price\b/g, 0.5],
  [/\b(?:a|one)[\s-]third off\b|\b1\/3 off\b/g, 1 / 3],
  [/\b(?:2|two)[\s-]thirds off\b|\b2\/3 off\b/g, 2 / 3],
  [/\b(?:a[\s-])?quarter off\b|\b1\/4 off\b/g, 0.25],
  [/\b(?:3|three)[\s-]quarters off\b|\b3\/4 off\b/g, 0.75]
]

// Each starts with a literal, which keeps them fast (one alternation of all of them backtracks at every position).
const BONUS: ReadonlyArray<RegExp> = [
  /\bfree\s+(?:gift|sample|samples|bonus|trial|month|months|week|add-on|upgrade|consultation|check-?up|assessment|valuation|appraisal|tote|item|accessory|case|engraving|\d+\s?(?:gb|months?|weeks?|days?))/,
  /\bfree\s+for\s+\d+\s+(?:months?|weeks?|days?)/,
  /gifts? with (?:purchase|every|your)/,
  /\bbonus\b/,
  /complimentary(?! (?:standard |express )?(?:shipping|delivery|postage))/,
  /on the house/,
  /%\s+(?:more|extra)\s+(?:data|gb|minutes|texts|storage|points|miles|rewards)/,
  /(?:double|triple|twice the|2x|3x)\s+(?:the\s+)?(?:data|gb|minutes|texts|storage|points|miles|rewards)/,
  /extra\s+\d+\s?(?:gb|minutes|months?|points)/,
  /(?:first|1st)\s+(?:month|year|lesson|visit|session)\s+(?:is\s+)?free\b/,
  /\d\s+(?:months?|weeks?)\s+free\b/,
  // A free item with a purchase: "get free earbuds with phone upgrades", "a free tote when you spend".
  /\b(?:get|receive|claim|enjoy|grab|with)\s+(?:an?\s+|your\s+)?free\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:with|when)\b/,
  /\bfree\s+(?:activation|installation|install|set-?up|connection|unlocking|cleaning|fitting|alterations|engraving)\b/,
  // Something extra at no charge, in other words: "we'll add a little extra, on us", "a thank-you present",
  // "headphones come bundled with", "thrown in".
  /\b(?:extra|something|gift|present|treat|one|it)\b[^.!?]{0,12}\bon us\b/,
  /\b(?:thank-you|thank you|bonus|free|little|welcome|surprise) (?:gift|present|surprise|treat)\b/,
  /\bcomes? bundled with\b|\bbundled (?:in|with) (?:every|your|each|all)\b|\bthrown in\b/
]

/** Reads the offer of a normalised creative. */
export const readOffer = (normalized: NormalizedText): OfferReading => {
  const text = normalized.lower
  const cues: string[] = []
  let depth = 0
  let kind: DiscountKind = "none"
  let upTo = false
  let discount = false
  let amountOff: number | null = null
  let currency: string | null = null
  let price: number | null = null
  let masked = text
  // Money amounts already read as money off or was/now prices, by their start offset (not prices again).
  const used = new Set<number>()
  const setDepth = (value: number, how: DiscountKind, cue: string) => {
    if (value > depth) {
      depth = Math.min(1, value)
      kind = how
    }
    discount = true
    cues.push(cue)
  }

  // Multibuys: "buy 1 get 1 free" (½), "buy 1 get 1 half off" (¼), "buy 2 get 1 free" (⅓), "3 for 2" (⅓), BOGO.
  const MULTIBUY =
    /\bbuy\s?(\d+)[\s,]*(?:and\s+)?get\s?(\d+)(?:\s+(?:free|for free|at no cost|on us)|\s+(half|50%)\s?(?:off|price))?/g
  for (let m = MULTIBUY.exec(text); m !== null; m = MULTIBUY.exec(text)) {
    const bought = Number(m[1])
    const given = Number(m[2])
    if (!(bought > 0 && given > 0)) continue
    const share = given / (bought + given)
    setDepth(m[3] === undefined ? share : share / 2, "multibuy", m[0])
    masked = masked.slice(0, m.index) + " ".repeat(m[0].length) + masked.slice(m.index + m[0].length)
  }
  // "pay for 10 months, get 12": the unpaid share; "buy 2, get the third free": one in three.
  const PAY_GET = /\bpay (?:for )?(\d+)(?: months?| items?)?,? (?:and )?get (\d+)\b/g
  for (let m = PAY_GET.exec(text); m !== null; m = PAY_GET.exec(text)) {
    const paid = Number(m[1])
    const got = Number(m[2])
    if (got > paid && paid > 0) setDepth((got - paid) / got, "multibuy", m[0])
  }
  const NTH_FREE =
    /\bbuy (?:any )?(\d+)\b[^.!?]{0,40}?\bget (?:the|a|your) (\d+|third|3rd|fourth|4th|fifth|5th|second|2nd)(?: one| item)? (?:free|for free|on us)/g
  const ORDINAL: Readonly<Record<string, number>> = {
    second: 2,
    "2nd": 2,
    third: 3,
    "3rd": 3,
    fourth: 4,
    "4th": 4,
    fifth: 5,
    "5th": 5
  }
  for (let m = NTH_FREE.exec(text); m !== null; m = NTH_FREE.exec(text)) {
    const nth = ORDINAL[m[2] as string] ?? Number(m[2])
    if (nth > 1) setDepth(1 / nth, "multibuy", m[0])
  }
  if (/\bbogo\b|\bb1g1\b/.test(text)) setDepth(/\bbogo\s+(?:half|50%)/.test(text) ? 0.25 : 0.5, "multibuy", "bogo")
  const FOR =
    /\b(\d+)\s?(?:-\s?)?for\s?(?:-\s?)?(\d+)\b(?!\s?(?:%|\$|£|€|months?|years?|days?|weeks?|hours?|minutes?|people|guests|nights?))/g
  for (let m = FOR.exec(text); m !== null; m = FOR.exec(text)) {
    const items = Number(m[1])
    const paid = Number(m[2])
    // "3 for 2" is a multibuy; "2 for $10" has a currency and is a price; "1 for 1" means nothing.
    if (items > paid && paid > 0 && items <= 10) setDepth((items - paid) / items, "multibuy", m[0])
  }

  // Percentages and fractions are read with the multibuys blanked out ("buy 1 get 1 half price" is ¼, not ½).
  PERCENT.lastIndex = 0
  for (let m = PERCENT.exec(masked); m !== null; m = PERCENT.exec(masked)) {
    const value = Number.parseFloat(m[2] as string)
    const after = masked.slice(m.index + m[0].length, m.index + m[0].length + 24)
    const before = masked.slice(Math.max(0, m.index - 28), m.index)
    if (NOT_PRICE_AFTER.test(after) && !/^\s*off\b/.test(after)) continue
    const minus = m[1] !== undefined && /(?:^|[\s(])$/.test(before)
    // "reduced the price of our duvet by 30%": a reduction verb earlier in the clause, then "by".
    const reducedBy =
      /\bby\s+$/.test(before) &&
      /\b(?:reduced|cut|slashed|lowered|dropped|marked down|knocked)\b[^.!?]*$/.test(
        masked.slice(Math.max(0, m.index - 60), m.index)
      )
    if (!(minus || reducedBy || DISCOUNT_AFTER.test(after) || DISCOUNT_BEFORE.test(before))) continue
    if (value <= 0 || value > 100 || negatedAt(normalized, m.index, 3)) continue
    if (UP_TO_BEFORE.test(before)) upTo = true
    setDepth(value / 100, "percent", m[0].trim())
  }
  for (const [pattern, value] of FRACTIONS) {
    pattern.lastIndex = 0
    for (let m = pattern.exec(masked); m !== null; m = pattern.exec(masked)) {
      if (negatedAt(normalized, m.index, 3)) continue
      setDepth(value, "fraction", m[0])
    }
  }

  // Was/now: "was $50 now $30", "reduced from £80 to £60", "rrp €40, now €25"; and "now $30 (was $50)",
  // "$30, down from $50". A bare "from X to Y" is a price range, not a reduction.
  const WAS_NOW = new RegExp(
    `(?:\\bwas|reduced from|regular(?:ly)?(?: price)?|\\brrp|orig(?:inally)?|list price)\\s*:?\\s*${MONEY}\\s*[,;.)-]?\\s*(?:now|to|only|->|→)\\s*:?\\s*${MONEY}`,
    "g"
  )
  const NOW_WAS = new RegExp(
    `${MONEY}\\s*[,(]?\\s*(?:was|down from|reduced from|instead of|rrp|regular(?:ly)?)\\s*:?\\s*${MONEY}`,
    "g"
  )
  const wasNow = (
    was: { amount: number; currency: string } | undefined,
    now: { amount: number; currency: string } | undefined,
    cue: string
  ) => {
    if (was === undefined || now === undefined || !(was.amount > now.amount) || now.amount < 0) return
    setDepth(1 - now.amount / was.amount, "was_now", cue)
    if (amountOff === null || was.amount - now.amount > amountOff) {
      amountOff = Math.round((was.amount - now.amount) * 100) / 100
      currency = was.currency
    }
  }
  for (let m = WAS_NOW.exec(text); m !== null; m = WAS_NOW.exec(text)) {
    wasNow(moneyOf(m, 1), moneyOf(m, 11), m[0])
  }
  for (let m = NOW_WAS.exec(text); m !== null; m = NOW_WAS.exec(text)) {
    wasNow(moneyOf(m, 11), moneyOf(m, 1), m[0])
    // The "was" amount of "$30 (was $50)" is not the price.
    for (let at = m.index + m[0].length - 1; at > m.index && /[\d$£€¥₹.,k]/.test(text[at] ?? ""); at--) used.add(at)
  }

  // Money off: "$15 off", "save £10", "€5 voucher", "get $20 back", "$10 credit", "£5 discount".
  const OFF_AFTER = new RegExp(
    `${MONEY}\\s*(?:off\\b|less\\b|discount|voucher|coupon|gift card|credit\\b|back\\b|cash\\s?back|rebate|saving|reward)`,
    "g"
  )
  const OFF_BEFORE = new RegExp(
    `\\b(?:save|saving|savings of|take|knock|get|enjoy|claim|extra|discount of|rebate of)\\s+(?:up to\\s+|an? (?:extra\\s+)?|over\\s+)?${MONEY}`,
    "g"
  )
  for (const [pattern, requiresOff] of [
    [OFF_AFTER, false],
    [OFF_BEFORE, true]
  ] as const) {
    pattern.lastIndex = 0
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const money = moneyOf(m, 1)
      if (money === undefined || !(money.amount > 0) || negatedAt(normalized, m.index, 3)) continue
      // "get $20 for every referral" is a reward, still money in hand; "get 2 for $10" is not matched here.
      if (
        requiresOff &&
        /^(?:get|enjoy|claim)/.test(m[0]) &&
        !/\b(?:off|back|credit|voucher|discount)\b/.test(text.slice(m.index, m.index + m[0].length + 16))
      ) {
        continue
      }
      discount = true
      if (kind === "none") kind = "amount"
      cues.push(m[0].trim())
      for (let at = m.index; at < m.index + m[0].length; at++) used.add(at)
      if (amountOff === null || money.amount > amountOff) {
        amountOff = money.amount
        currency = money.currency
      }
    }
  }

  // A price without a discount cue: "from $9.99", "only £19", "just €5/month", "for $29", "$49.99". Money
  // you get ("refer a friend and get $25") is a reward; "orders over £50" is a threshold; "for £0" is free.
  let reward = false
  const PRICE = new RegExp(`(?:\\b(?:from|only|just|for|at|now|costs?|priced at|starting at)\\s+)?${MONEY}`, "g")
  for (let m = PRICE.exec(text); m !== null; m = PRICE.exec(text)) {
    const money = moneyOf(m, 1)
    if (money === undefined || used.has(m.index + m[0].length - 1)) continue
    const lead = text.slice(Math.max(0, m.index - 24), m.index)
    if (
      /(?:\bover|\babove|\borders? of|\bspend(?:ing)?|\bminimum(?: spend| order)?(?: of)?|\bmore than|\bat least|\bup to)\s*$/.test(
        lead
      )
    )
      continue
    if (
      /(?:\bget|\bearn|\breceive|\bwin|\bboth get|\bgive you|\bgift of)\s+(?:an? )?(?:extra |bonus )?$/.test(lead) &&
      !/^\s*(?:for|per|\/|a month|each)/.test(text.slice(m.index + m[0].length))
    ) {
      reward = true
      continue
    }
    if (money.amount === 0) {
      reward = true
      continue
    }
    const around = text.slice(m.index + m[0].length, m.index + m[0].length + 14)
    if (/^\s*(?:off\b|discount|voucher|coupon|credit|back\b|cash\s?back|rebate|saving)/.test(around)) continue
    const before = text.slice(Math.max(0, m.index - 14), m.index)
    if (/(?:save|saving|take|knock|extra|was|from)\s*$/.test(before) && !/^\s*(?:from|only|just|for|at|now)/.test(m[0]))
      continue
    if (price === null) price = money.amount
    if (currency === null) currency = money.currency
  }

  // Word-only discount cues: "sale", "discount", "deal", "promo code", "clearance", "markdown", "save on".
  const GENERIC =
    /\b(?:(?:summer|winter|spring|autumn|fall|flash|clearance|end of season|black friday|cyber monday|boxing day|holiday|mid-season|seasonal|big|biggest|annual|warehouse|friends and family|private|member|vip)\s+sale|sale\s+(?:now on|ends|starts|price|prices|items)|on sale\b|discount(?:ed|s)?\b|promo(?:tion(?:al)?)?\s*code|coupon|voucher|clearance|markdowns?|price\s+drops?|reduced\b|deals?\b(?!er)|special offer|limited[- ]time offer|save\s+(?:big|more|on|up to|when|with)|money[- ]off|cash\s?back|(?:dropped|fallen|cut|slashed|lowered|reduced) in price|prices? (?:drop|dropped|cut|slashed|lowered|reduced)|\ba steal\b)/g
  let genericNegated = false
  for (let m = GENERIC.exec(text); m !== null; m = GENERIC.exec(text)) {
    // "for sale" (a listing) and "sales team" are not discounts; "no code needed" is not a negated discount.
    if (/\bfor\s+$/.test(text.slice(Math.max(0, m.index - 5), m.index)) && m[0].startsWith("sale")) continue
    if (negatedAt(normalized, m.index, 3)) {
      genericNegated = true
      continue
    }
    discount = true
    if (kind === "none") kind = "generic"
    cues.push(m[0])
  }
  // Bare "sale" (not "for sale", a listing; not "sales"), as in "Sale: 2 days only".
  const BARE_SALE = /\bsale\b/g
  for (let m = BARE_SALE.exec(text); m !== null; m = BARE_SALE.exec(text)) {
    if (/\bfor\s+$/.test(text.slice(Math.max(0, m.index - 5), m.index))) continue
    if (negatedAt(normalized, m.index, 3)) {
      genericNegated = true
      continue
    }
    if (!discount) {
      discount = true
      kind = "generic"
      cues.push("sale")
    }
  }

  const fullPrice =
    /\b(?:full[- ]price|regular price(?! \$| £| €|\s*:)|no (?:discounts?|sale|deals?|promo(?:tion)?s?|coupons?|offers?)\b|not (?:on sale|discounted|reduced)|nothing(?:'s| is) (?:on sale|discounted|reduced)|without (?:any |a )?(?:promo(?:tion(?:al)?)?\s*code|discount|coupon|voucher|sale)|never (?:on sale|discounted))/.test(
      text
    )
  const noDiscountStated = !discount && (genericNegated || fullPrice)

  const freeShipping =
    /\bfree\s+(?:standard\s+|express\s+|next[- ]day\s+|uk\s+|us\s+|2[- ]day\s+)?(?:shipping|delivery|postage|p&p|returns\s+and\s+delivery)|\bships?\s+free\b|\bdelivery\s+(?:is\s+)?(?:on us|free)\b|\bno\s+(?:delivery|shipping)\s+(?:charges?|fees?|costs?)|\bcomplimentary\s+(?:standard\s+|express\s+)?(?:shipping|delivery|postage)|\b(?:delivery|shipping|postage)(?:'s| is| are)?\s+(?:on us|on the house|free of charge|at no (?:extra )?(?:charge|cost))|\bdeliver(?:ed|y)?\b[^.!?]{0,40}\b(?:at no (?:extra )?(?:charge|cost)|free of charge|on us)\b|\bships? (?:at no (?:extra )?(?:charge|cost)|free of charge|on us)\b/.test(
      text
    ) && !/\bno\s+free\s+(?:shipping|delivery)/.test(text)
  const bonus = reward || BONUS.some((pattern) => pattern.test(text))
  const financing =
    /\b0\s?%\s?(?:apr|interest|finance|financing)|\binterest[- ]free\b|\bno interest\b|\bpay (?:in|over) \d+|\bbuy now,? pay later\b|\bpay later\b|\bno (?:money|payment) down\b|\b\$0 down\b|\blow(?:er)? (?:apr|rates?|monthly payments?)\b|\bbalance transfer\b/.test(
      text
    )

  return {
    discount,
    discountDepth: discount ? depth : 0,
    discountKind: discount ? kind : "none",
    upTo: discount && upTo,
    amountOff,
    currency,
    price,
    noDiscountStated,
    freeShipping,
    bonus,
    financing,
    cues
  }
}
