// MIPROv2's run presets and trial formula (dspy/teleprompt/mipro_optimizer_v2.py): `auto` picks the number of
// candidates n and the validation size; trials = int(max(2·V·log2(n), 1.5·n)) with V the number of
// predictors, doubled when demos are optimized too.

/** DSPy's AUTO_RUN_SETTINGS. */
export const MIPRO_AUTO_SETTINGS = {
  light: { n: 6, valSize: 100 },
  medium: { n: 12, valSize: 300 },
  heavy: { n: 18, valSize: 1000 }
} as const

export type MiproAuto = keyof typeof MIPRO_AUTO_SETTINGS

/** Minibatches are used under `auto` only when the validation set is larger than this (DSPy MIN_MINIBATCH_SIZE). */
export const MIN_MINIBATCH_VALSET = 50

/** `int(max(2·V·log2(n), 1.5·n))`, V = predictors (× 2 when demos are optimized). */
export const miproTrialCount = (predictors: number, candidates: number, optimizeDemos: boolean): number => {
  const variables = predictors * (optimizeDemos ? 2 : 1)
  return Math.trunc(Math.max(2 * variables * Math.log2(candidates), 1.5 * candidates))
}

/** Instruction and demo-set candidates under `auto`: n each, instructions halved when demos are optimized. */
export const miproCandidateCounts = (
  auto: MiproAuto,
  optimizeDemos: boolean
): { readonly instructions: number; readonly demoSets: number } => {
  const n = MIPRO_AUTO_SETTINGS[auto].n
  return { instructions: optimizeDemos ? Math.trunc(0.5 * n) : n, demoSets: n }
}
