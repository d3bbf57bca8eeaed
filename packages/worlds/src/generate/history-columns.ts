// Column stores for the simulated history: touches (messages and holdout rows) and outcome events, kept in
// growable typed arrays because a standard world has hundreds of thousands of each and per-row objects made
// the garbage collector the largest cost of generation.

const grownFloat64 = (array: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> => {
  if (needed <= array.length) return array
  const next = new Float64Array(Math.max(needed, array.length * 2))
  next.set(array)
  return next
}

const grownInt32 = (array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> => {
  if (needed <= array.length) return array
  const next = new Int32Array(Math.max(needed, array.length * 2))
  next.set(array)
  return next
}

/** What the true model expects of one touch, given when it is added. */
export interface TouchExpectations {
  readonly hazardNatural: number
  readonly hazardTotal: number
  readonly unsubscribeProbability: number
  readonly openProbability: number
  readonly clickProbability: number
  readonly orderValueMean: number
}

/**
 * Touches in creation order (campaign by campaign). A touch is one exposure row: a message, or a holdout
 * row (`variant` −1). The expected-value columns are filled when the touch's window is closed.
 */
export class TouchColumns {
  count = 0
  entity = new Int32Array(1024)
  timeMs = new Float64Array(1024)
  campaign = new Int32Array(1024)
  /** Index into the campaign's variants; −1 for a holdout row. */
  variant = new Int32Array(1024)
  /** Messages in the 30 days up to and including this one (a holdout row counts only earlier messages). */
  frequency = new Int32Array(1024)
  /** Cumulative 7-day purchase hazards without and with the message (equal for a holdout row). */
  hazardNatural = new Float64Array(1024)
  hazardTotal = new Float64Array(1024)
  unsubscribeProbability = new Float64Array(1024)
  openProbability = new Float64Array(1024)
  clickProbability = new Float64Array(1024)
  /** Expected order value of a purchase credited to this touch. */
  orderValueMean = new Float64Array(1024)
  /** P(purchase credited to this touch by the attribution rule), given when the next touch came. */
  expectedConversion = new Float64Array(1024)
  /** P(purchase within the whole 7-day window after this touch): the campaign's own effect, whatever came next. */
  expectedConversionFullWindow = new Float64Array(1024)
  /** The same as the history files show it (outcomes after the end of the history are not in them). */
  expectedConversionInHistory = new Float64Array(1024)
  expectedUnsubscribeInHistory = new Float64Array(1024)

  /** Appends a touch and returns its index. */
  add(
    entity: number,
    timeMs: number,
    campaign: number,
    variant: number,
    frequency: number,
    expectations: TouchExpectations
  ): number {
    const index = this.count
    const needed = index + 1
    if (needed > this.entity.length) {
      this.entity = grownInt32(this.entity, needed)
      this.timeMs = grownFloat64(this.timeMs, needed)
      this.campaign = grownInt32(this.campaign, needed)
      this.variant = grownInt32(this.variant, needed)
      this.frequency = grownInt32(this.frequency, needed)
      this.hazardNatural = grownFloat64(this.hazardNatural, needed)
      this.hazardTotal = grownFloat64(this.hazardTotal, needed)
      this.unsubscribeProbability = grownFloat64(this.unsubscribeProbability, needed)
      this.openProbability = grownFloat64(this.openProbability, needed)
      this.clickProbability = grownFloat64(this.clickProbability, needed)
      this.orderValueMean = grownFloat64(this.orderValueMean, needed)
      this.expectedConversion = grownFloat64(this.expectedConversion, needed)
      this.expectedConversionFullWindow = grownFloat64(this.expectedConversionFullWindow, needed)
      this.expectedConversionInHistory = grownFloat64(this.expectedConversionInHistory, needed)
      this.expectedUnsubscribeInHistory = grownFloat64(this.expectedUnsubscribeInHistory, needed)
    }
    this.entity[index] = entity
    this.timeMs[index] = timeMs
    this.campaign[index] = campaign
    this.variant[index] = variant
    this.frequency[index] = frequency
    this.hazardNatural[index] = expectations.hazardNatural
    this.hazardTotal[index] = expectations.hazardTotal
    this.unsubscribeProbability[index] = expectations.unsubscribeProbability
    this.openProbability[index] = expectations.openProbability
    this.clickProbability[index] = expectations.clickProbability
    this.orderValueMean[index] = expectations.orderValueMean
    this.count = needed
    return index
  }
}

export const OUTCOME_TYPES = ["open", "click", "purchase", "unsubscribe"] as const
export type OutcomeType = (typeof OUTCOME_TYPES)[number]
export const OUTCOME_CODE: Readonly<Record<OutcomeType, number>> = { open: 0, click: 1, purchase: 2, unsubscribe: 3 }

/** Outcome events in the order they were drawn (not in time order). */
export class EventColumns {
  count = 0
  entity = new Int32Array(1024)
  timeMs = new Float64Array(1024)
  /** Index into OUTCOME_TYPES. */
  type = new Int32Array(1024)
  /** Revenue of a purchase; NaN for other outcomes. */
  value = new Float64Array(1024)
  /** The touch that caused the event; −1 for a purchase at the natural rate outside every window. */
  touch = new Int32Array(1024)
  /** 1 for a purchase made with a message's offer in hand. */
  promo = new Int32Array(1024)

  add(entity: number, timeMs: number, type: OutcomeType, value: number, touch: number, promo: boolean): void {
    const index = this.count
    const needed = index + 1
    if (needed > this.entity.length) {
      this.entity = grownInt32(this.entity, needed)
      this.timeMs = grownFloat64(this.timeMs, needed)
      this.type = grownInt32(this.type, needed)
      this.value = grownFloat64(this.value, needed)
      this.touch = grownInt32(this.touch, needed)
      this.promo = grownInt32(this.promo, needed)
    }
    this.entity[index] = entity
    this.timeMs[index] = timeMs
    this.type[index] = OUTCOME_CODE[type]
    this.value[index] = value
    this.touch[index] = touch
    this.promo[index] = promo ? 1 : 0
    this.count = needed
  }
}
