// Validation gate: accept a calibrated program only when its hold-out score is above a threshold (0.8 by
// default, strictly above as in the seeds' `if validation_score > 0.8`), and say why when it is not.
import { Result } from "effect"
import type { InvalidInput } from "../errors.ts"
import { invalid } from "../internal/validate.ts"
import type { CompositeResult } from "./composite-metric.ts"

export interface GateOptions {
  /** The total must be strictly above this (default 0.8, the seeds' rule). */
  readonly threshold?: number
  /** Optional per-part minimum scores, e.g. { calibration: 0.9 }. */
  readonly partFloors?: Readonly<Record<string, number>>
}

export interface GateDecision {
  readonly passed: boolean
  readonly score: number
  readonly threshold: number
  /** Empty when passed; otherwise each reason the gate refused, largest shortfall first. */
  readonly reasons: ReadonlyArray<string>
}

const format = (value: number): string => value.toFixed(4)

/**
 * Decides whether `result` passes the gate.
 *
 * @example validationGate(composite) // { passed: false, reasons: ["total 0.7420 is not above the threshold 0.8000 …", …] }
 */
export const validationGate = (
  result: CompositeResult | number,
  options: GateOptions = {}
): Result.Result<GateDecision, InvalidInput> =>
  Result.gen(function* () {
    const threshold = options.threshold ?? 0.8
    if (!Number.isFinite(threshold)) return yield* invalid("threshold", `must be finite, got ${threshold}`)
    const score = typeof result === "number" ? result : result.total
    if (!Number.isFinite(score)) return yield* invalid("score", `must be finite, got ${score}`)
    const parts = typeof result === "number" ? [] : result.parts
    const reasons: Array<string> = []
    if (!(score > threshold)) {
      reasons.push(
        `total ${format(score)} is not above the threshold ${format(threshold)} (short by ${format(threshold - score)})`
      )
      // Which parts cost the most: weight × (1 − score) is what each part gave up.
      const losses = parts
        .map((part) => ({ part, lost: part.weight * (1 - part.clippedScore) }))
        .filter((entry) => entry.lost > 0)
        .sort((a, b) => b.lost - a.lost)
      for (const { part, lost } of losses) {
        reasons.push(
          `${part.name} scored ${format(part.score)}${part.clipped ? " (clipped)" : ""} at weight ${format(part.weight)}, costing ${format(lost)} of the total`
        )
      }
    }
    for (const [name, floor] of Object.entries(options.partFloors ?? {})) {
      const part = parts.find((candidate) => candidate.name === name)
      if (part === undefined) return yield* invalid(`partFloors.${name}`, "names no part of the composite")
      if (part.score < floor) reasons.push(`${name} scored ${format(part.score)}, below its floor ${format(floor)}`)
    }
    return { passed: reasons.length === 0, score, threshold, reasons }
  })
