// The best configuration under the request's constraints: each variant × channel is judged as if the whole
// target population got it (cost, incremental revenue, ROI, unsubscribe rate); among those that meet every
// constraint, the one with the most incremental revenue wins (the most uplift when the history has no revenue).
import type { z } from "zod"
import type { Constraints } from "../contract/simulate-request.ts"
import type { OptimalConfiguration } from "../contract/simulate-response.ts"
import type { CellDraws, ControlDraws } from "./monte-carlo.ts"

export interface CellEconomics {
  readonly index: number
  readonly variantId: string
  readonly channel: string
  readonly conversion: number
  readonly uplift: number
  readonly revenuePerRecipient: number
  readonly controlRevenuePerRecipient: number
  readonly unsubscribe: number
  readonly costPerSend: number
  readonly draws: CellDraws
  readonly controlDraws: ControlDraws
}

export interface ConfigurationContext {
  readonly targetSize: number
  readonly constraints: z.output<typeof Constraints>
  readonly hasRevenue: boolean
  readonly timing: string
}

const round = (value: number, digits = 6): number => Math.round(value * 10 ** digits) / 10 ** digits

interface Judged {
  readonly cell: CellEconomics
  readonly cost: number
  readonly incremental: number
  readonly roi: number | null
  readonly failures: ReadonlyArray<string>
}

const judge = (cell: CellEconomics, context: ConfigurationContext): Judged => {
  const cost = cell.costPerSend * context.targetSize
  const incremental = (cell.revenuePerRecipient - cell.controlRevenuePerRecipient) * context.targetSize
  const roi = cost > 0 ? (incremental - cost) / cost : null
  const failures: Array<string> = []
  const { max_budget: budget, max_unsubscribe_rate: cap, min_roi: minRoi } = context.constraints
  if (budget !== undefined && cost > budget) failures.push(`costs ${round(cost, 2)} over the budget of ${budget}`)
  if (cap !== undefined && cell.unsubscribe > cap)
    failures.push(`unsubscribe rate ${round(cell.unsubscribe, 4)} over ${cap}`)
  if (minRoi !== undefined && (roi === null || roi < minRoi)) {
    failures.push(`ROI ${roi === null ? "undefined (no cost)" : round(roi, 2)} under ${minRoi}`)
  }
  return { cell, cost, incremental, roi, failures }
}

export const chooseConfiguration = (
  cells: ReadonlyArray<CellEconomics>,
  context: ConfigurationContext
): OptimalConfiguration => {
  const judged = cells.map((cell) => judge(cell, context))
  const objective = (item: Judged) => (context.hasRevenue ? item.incremental : item.cell.uplift)
  const byObjective = [...judged].sort(
    (a, b) => objective(b) - objective(a) || b.cell.uplift - a.cell.uplift || a.cell.index - b.cell.index
  )
  const feasible = byObjective.filter((item) => item.failures.length === 0)
  const best = feasible[0] ?? byObjective[0]
  if (best === undefined) {
    return {
      channels: [],
      timing: context.timing,
      content_variant: "",
      expected_uplift: 0,
      expected_conversion_rate: 0,
      expected_roi: null,
      constraints_met: false,
      reason: "the request has no variant × channel to choose from"
    }
  }
  const what = context.hasRevenue
    ? `the most incremental revenue (${round(best.incremental, 2)} over ${context.targetSize} recipients)`
    : `the largest conversion uplift (${round(best.cell.uplift)})`
  const reason =
    feasible.length > 0
      ? `${best.cell.variantId} on ${best.cell.channel} gives ${what} of the ${feasible.length} configuration${feasible.length === 1 ? "" : "s"} meeting every constraint`
      : `no configuration meets every constraint; ${best.cell.variantId} on ${best.cell.channel} gives ${what} but ${best.failures.join(" and ")}`
  return {
    channels: [best.cell.channel],
    timing: context.timing,
    content_variant: best.cell.variantId,
    expected_uplift: round(best.cell.uplift),
    expected_conversion_rate: round(best.cell.conversion),
    expected_roi: best.roi === null ? null : round(best.roi, 4),
    constraints_met: feasible.length > 0,
    reason
  }
}
