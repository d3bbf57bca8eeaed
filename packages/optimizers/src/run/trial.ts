// The trial log: one entry per candidate evaluation (minibatch or full), with the candidate's instructions,
// demo counts and optimizer-specific parameters, its score and what it cost. It is plain JSON, identical for
// two runs with the same seed and a deterministic or cached model.

/** A JSON value (what a trial's parameters may hold). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<JsonValue>
  | { readonly [key: string]: JsonValue }

/** Which candidate was tried: instructions and demo counts per predictor, plus optimizer-specific parameters. */
export type CandidateSnapshot = {
  readonly instructions: Readonly<Record<string, string>>
  readonly demos: Readonly<Record<string, number>>
  readonly params: Readonly<Record<string, JsonValue>>
}

/** What a trial (or a whole run) cost. */
export type TrialCost = {
  readonly lmCalls: number
  readonly metricCalls: number
  readonly totalTokens: number
  readonly usd: number
}

/** One evaluation of one candidate. */
export type Trial = {
  /** 0-based position in the run's log. */
  readonly index: number
  /** "full" = the whole validation set; "minibatch" = a sample of it (or a reflection batch). */
  readonly kind: "full" | "minibatch"
  /** What produced the candidate ("zero-shot", "bootstrap", "tpe", "mutation", "merge", ...). */
  readonly label: string
  readonly candidate: CandidateSnapshot
  /** Mean metric score over the evaluated examples; null when the budget ran out before it finished. */
  readonly score: number | null
  readonly examples: number
  /** Cost of producing and evaluating this candidate since the previous trial. */
  readonly cost: TrialCost
  /** The trial whose candidate this one was derived from, if any. */
  readonly parentTrial: number | null
}
