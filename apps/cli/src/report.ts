// The simulation report a marketer reads in a terminal: the expected outcomes with intervals, each variant ×
// channel against the control, the segments, the best configuration and why, the insights with their
// confidence, the constraints, and how well the models did on the history's own last campaigns.
import type { SimulateResponse } from "@preflight/simulator"

const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}%`
const points = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(2)} pts`
const money = (value: number) =>
  `${value < 0 ? "-" : ""}$${Math.abs(value).toLocaleString("en-US", { maximumFractionDigits: 0 })}`
const range = (interval: readonly [number, number], format: (value: number) => string) =>
  `[${format(interval[0])}, ${format(interval[1])}]`

/** Left-aligned first column, right-aligned others, two spaces between. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): Array<string> => {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)))
  const line = (row: ReadonlyArray<string>) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd()
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)]
}

export const simulationReport = (response: SimulateResponse): Array<string> => {
  const { predictions, assumptions } = response
  const expected = predictions.expected_outcomes
  const confidence = `${Math.round(assumptions.confidence_level * 100)}%`
  const lines: Array<string> = [
    `Simulation ${response.simulation_id} (seed ${response.seed}, fit ${response.model_versions.fit_id.slice(0, 8)})`,
    `${assumptions.target_size.toLocaleString("en-US")} recipients, sent ${assumptions.send_at.slice(0, 16).replace("T", " ")} UTC, outcomes over ${assumptions.horizon_days} days; intervals are ${confidence}.`,
    "",
    "Expected outcomes",
    ...table(
      ["", "estimate", `${confidence} interval`],
      [
        [
          "conversion rate",
          percent(expected.conversion_rate.value),
          range(expected.conversion_rate.confidence_interval, (value) => percent(value))
        ],
        ["uplift vs no message", points(expected.conversion_rate.uplift_vs_control), ""],
        ["revenue", money(expected.revenue.value), range(expected.revenue.confidence_interval, money)],
        [
          "incremental revenue",
          money(expected.revenue.incremental.value),
          range(expected.revenue.incremental.confidence_interval, money)
        ],
        ["cost", money(expected.revenue.cost), ""],
        ["ROI", expected.revenue.roi === null ? "n/a" : `${expected.revenue.roi.toFixed(2)}x`, ""],
        [
          `unsubscribe rate (${expected.unsubscribe_rate.risk_level})`,
          percent(expected.unsubscribe_rate.value, 3),
          range(expected.unsubscribe_rate.confidence_interval, (value) => percent(value, 3))
        ]
      ]
    ),
    "",
    "Variants",
    ...table(
      [
        "variant",
        "channel",
        "recipients",
        "conversion",
        `${confidence} interval`,
        "uplift",
        "unsubscribe",
        "revenue/recipient"
      ],
      [
        ...predictions.variant_breakdown.map((variant) => [
          variant.variant_id,
          variant.channel,
          variant.recipients.toLocaleString("en-US"),
          percent(variant.conversion_rate.value),
          range(variant.conversion_rate.confidence_interval, (value) => percent(value)),
          points(variant.conversion_rate.uplift_vs_control),
          percent(variant.unsubscribe_rate.value, 3),
          `$${variant.revenue.value.toFixed(2)}`
        ]),
        [
          "control (no message)",
          "",
          "",
          percent(predictions.control.conversion_rate.value),
          range(predictions.control.conversion_rate.confidence_interval, (value) => percent(value)),
          "",
          "",
          ""
        ]
      ]
    ),
    "",
    "Segments",
    ...table(
      ["segment", "recipients", "conversion", "uplift", "unsubscribe", "revenue share", "personas", "panel says"],
      predictions.segment_breakdown.map((segment) => [
        segment.segment,
        segment.recipients.toLocaleString("en-US"),
        percent(segment.response_rate),
        points(segment.uplift_vs_control),
        percent(segment.unsubscribe_rate, 3),
        percent(segment.revenue_contribution, 0),
        String(segment.personas.count),
        segment.personas.count === 0
          ? ""
          : `${segment.personas.dominant_emotion}, ${percent(segment.personas.action_shares.engage, 0)} engage`
      ])
    )
  ]
  const best = predictions.optimal_configuration
  lines.push(
    "",
    `Best configuration: ${best.content_variant} on ${best.channels.join(" + ")}, ${best.timing}: ${percent(best.expected_conversion_rate)} conversion (${points(best.expected_uplift)} over no message), ROI ${best.expected_roi === null ? "n/a" : `${best.expected_roi.toFixed(2)}x`}${best.constraints_met ? "" : " (constraints NOT met)"}.`,
    `  ${best.reason}`
  )
  if (response.constraints.length > 0) {
    lines.push("", "Constraints")
    for (const check of response.constraints) {
      lines.push(
        `  ${check.met ? "met    " : "NOT met"} ${check.constraint} ${check.limit} (predicted ${check.predicted === null ? "n/a" : Number(check.predicted.toPrecision(4))})`
      )
    }
  }
  if (response.insights.length > 0) {
    lines.push("", "Insights")
    for (const insight of response.insights) {
      lines.push(`  [${percent(insight.confidence, 0)} sure] ${insight.finding}`, `      ${insight.recommendation}`)
    }
  }
  const quality = response.calibration_quality
  lines.push(
    "",
    `Calibration: ${quality.program_version === null ? "persona program not calibrated yet" : `program v${quality.program_version}, composite score ${quality.historical_accuracy === null ? "n/a" : quality.historical_accuracy.toFixed(3)} on the validation campaigns${quality.drift_detected ? " (the latest campaigns drifted from the training period)" : ""}`}; backtest of the models on the history's last ${quality.backtest.campaigns} campaigns: ${quality.backtest.within_10_percent === null ? "n/a" : percent(quality.backtest.within_10_percent, 0)} of arms within 10% of what they realised, ${quality.backtest.interval_coverage === null ? "n/a" : percent(quality.backtest.interval_coverage, 0)} inside their intervals.`,
    `Personas: ${response.personas.sampled} of ${response.personas.requested} requested through ${response.personas.program} on ${response.personas.language_model} (${response.personas.program_calls} program calls, ${response.personas.calls_saved_by_deduplication} saved by archetypes).`
  )
  for (const warning of response.warnings) lines.push(`Warning: ${warning}`)
  return lines
}
