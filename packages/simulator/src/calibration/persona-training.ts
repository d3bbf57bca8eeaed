// The persona program's training task. Each training cell of the history becomes one example per persona of
// its segment: the persona, the creative and the channel as the program's inputs, and as the label the intent
// the cell's realised uplift stands for, `target = clamp(u / scale, −1, 1)` with u the cell's logit uplift over
// its segment's holdout and `scale` the 90th percentile of |u| over the training cells. The labels double as
// labeled demos (intent_delta, emotional_response, rationale), so a few-shot program carries the
// organisation's own history into the persona model.
//
// The per-example metric is 1 − |intent − target| / 2; the set-level score the optimizers rank candidates by
// is the seeds' composite over cells, each cell's prediction being its holdout rate moved by
// `scale × mean intent` on the logit scale. On training campaigns there is no out-of-sample causal forecast,
// so the level comes from the holdout and the personas are scored on what they are for: the uplift.
import { Example, type Prediction } from "@preflight/core-signatures"
import type { ScoredExample } from "@preflight/optimizers"
import { type Persona, type PersonaReaction, personaResponseInputs } from "@preflight/personas"
import { Result } from "effect"
import { cellComposite } from "./cell-composite.ts"
import { cellLogitUplift, type HistoryCell, smoothedLogit } from "./history-cells.ts"

/** Below this the uplifts of a history are noise; the scale never goes lower (logit units per unit intent). */
export const MIN_INTENT_SCALE = 0.05

const INPUT_FIELDS = [
  "persona_profile",
  "creative_content",
  "context",
  "proposed_channel",
  "recent_exposures",
  "competitive_options"
] as const

/** Logit uplift per unit of intent: the recipient-weighted 90th percentile of |u| over `cells`. */
export const intentScale = (cells: ReadonlyArray<HistoryCell>): number => {
  const entries = cells
    .map((cell) => ({ value: Math.abs(cellLogitUplift(cell)), weight: cell.recipients }))
    .sort((a, b) => a.value - b.value)
  const total = entries.reduce((sum, entry) => sum + entry.weight, 0)
  let running = 0
  for (const entry of entries) {
    running += entry.weight
    if (running >= 0.9 * total) return Math.max(MIN_INTENT_SCALE, entry.value)
  }
  return MIN_INTENT_SCALE
}

const emotionOf = (target: number): string =>
  target > 0.5
    ? "excited"
    : target > 0.15
      ? "interested"
      : target > -0.15
        ? "neutral"
        : target > -0.5
          ? "annoyed"
          : "angry"

export type PersonaExample = Example

/** One example per (training cell, persona of its segment). */
export const personaExamples = (
  cells: ReadonlyArray<HistoryCell>,
  personasBySegment: ReadonlyMap<string, ReadonlyArray<Persona>>,
  scale: number
): ReadonlyArray<PersonaExample> =>
  cells.flatMap((cell) => {
    const uplift = cellLogitUplift(cell)
    const target = Math.max(-1, Math.min(1, uplift / scale))
    return (personasBySegment.get(cell.segment) ?? []).map((persona) =>
      Example.of({
        ...personaResponseInputs(persona, cell.text, cell.channel),
        cell: cell.key,
        target,
        recipients: cell.recipients,
        conversions: cell.conversions,
        control_recipients: cell.controlRecipients,
        control_conversions: cell.controlConversions,
        intent_delta: Math.round(target * 100) / 100,
        emotional_response: emotionOf(target),
        rationale: `Messages like this moved customers like me by ${uplift >= 0 ? "+" : ""}${uplift.toFixed(2)} on the logit scale against not being contacted.`
      }).withInputs(...INPUT_FIELDS)
    )
  })

type Reaction = Prediction<PersonaReaction>

/** Per example: how close the persona's intent came to the intent the cell's realised uplift stands for. */
export const intentMetric = (example: Example, prediction: Reaction): number => {
  const target = Number(example.get("target"))
  const intent = prediction.outputs.intentDelta
  return Number.isFinite(intent) && Number.isFinite(target) ? 1 - Math.abs(intent - target) / 2 : 0
}

/**
 * The set-level score: per cell, the mean intent of its personas moves its holdout rate by `scale × intent`;
 * the composite ranks cells by realised against predicted uplift. Falls back to the mean metric when the set is
 * too small for a composite (fewer than two cells).
 */
export const intentAggregate =
  (scale: number, weights?: { ranking?: number; moments?: number; calibration?: number }) =>
  (outcomes: ReadonlyArray<ScoredExample<Reaction>>): number => {
    const byCell = new Map<string, { example: Example; intents: Array<number> }>()
    for (const outcome of outcomes) {
      const key = String(outcome.example.get("cell"))
      const entry = byCell.get(key) ?? { example: outcome.example, intents: [] }
      byCell.set(key, entry)
      // A failed run counts as no reaction (intent 0), as its metric counts as the failure score.
      entry.intents.push(outcome.prediction?.outputs.intentDelta ?? 0)
    }
    const cells = [...byCell.values()].map(({ example, intents }) => {
      const intent = intents.reduce((sum, value) => sum + value, 0) / intents.length
      const control = smoothedLogit(
        Number(example.get("control_conversions")),
        Number(example.get("control_recipients"))
      )
      const conversions = Number(example.get("conversions"))
      const recipients = Number(example.get("recipients"))
      return {
        predicted: 1 / (1 + Math.exp(-(control + scale * intent))),
        conversions,
        recipients,
        rankActual: Number(example.get("target")),
        rankPredicted: intent
      }
    })
    const mean = outcomes.reduce((sum, outcome) => sum + outcome.score, 0) / Math.max(1, outcomes.length)
    if (cells.length < 2) return mean
    const composite = cellComposite(cells, weights === undefined ? {} : { weights })
    return Result.isSuccess(composite) ? composite.success.total : mean
  }
