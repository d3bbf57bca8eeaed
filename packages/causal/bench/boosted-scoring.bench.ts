// `pnpm bench boosted-scoring [repeats]`: rows per second of boosted-tree scoring, the reference (bin the rows,
// walk bin codes) against the compiled trees `boostedRawScores` uses, side by side in one run, on a model
// shaped like the simulator's uplift model (400 trees × 16 leaves, 40 columns) scoring 4,000 rows.
import { reportBench } from "@preflight/bench-harness"
import { SeededRandom } from "@preflight/numeric"
import { compileTrees } from "../src/learners/boosting/compiled-scoring.ts"
import {
  boostedRawScores,
  fitBoostedTreesKernel,
  referenceRawScores
} from "../src/learners/boosting/gradient-boosting.ts"
import type { Matrix } from "../src/matrix.ts"

const repeats = Number(process.argv[2] ?? 25)
const COLS = 40
const SCORED_ROWS = 4_000

/** Continuous, count-like and binary columns (as the simulator's design rows), with a logistic outcome. */
const synthetic = (rows: number, seed: number): { x: Matrix; y: Float64Array } => {
  const rng = new SeededRandom(seed)
  const values = new Float64Array(rows * COLS)
  const y = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const o = i * COLS
    for (let c = 0; c < COLS; c++) {
      values[o + c] = c < 10 ? rng.normal() : c < 25 ? Math.floor(rng.next() * 12) : rng.next() < 0.3 ? 1 : 0
    }
    const at = (c: number) => values[o + c] ?? 0
    const logit = -2 + 0.8 * at(0) - 0.5 * at(1) ** 2 + 0.1 * at(12) + 0.7 * at(30) * at(2) - 0.4 * at(26)
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
  }
  return { x: { rows, cols: COLS, values }, y }
}

const train = synthetic(10_000, 1)
const fitStarted = performance.now()
// The simulator's uplift-tree settings (DEFAULT_UPLIFT_TREES).
const model = fitBoostedTreesKernel(
  { x: train.x, y: train.y, task: "classification", seed: 1 },
  { nEstimators: 400, learningRate: 0.05, numLeaves: 16, minChildSamples: 100, l2: 10, subsample: 0.8, maxBins: 63 }
)
const fitSeconds = (performance.now() - fitStarted) / 1000
const scored = synthetic(SCORED_ROWS, 2).x

const compileStarted = performance.now()
const compiled = compileTrees(model)
const compileMs = performance.now() - compileStarted
if (compiled === undefined) throw new Error("boosted-scoring: the fitted model did not compile")

const reference = referenceRawScores(model, scored)
const fast = boostedRawScores(model, scored)
for (let i = 0; i < SCORED_ROWS; i++) {
  if (!Object.is(reference[i], fast[i]))
    throw new Error(`boosted-scoring: row ${i} differs: ${reference[i]} vs ${fast[i]}`)
}

// Thread CPU time is reported beside wall time: on a shared 2-core machine other processes stretch wall time
// but not the CPU time this thread spends scoring. The two sides alternate so both see the same load.
const timings = {
  reference: { wallMs: [] as Array<number>, cpuMs: [] as Array<number> },
  compiled: { wallMs: [] as Array<number>, cpuMs: [] as Array<number> }
}
const measure = (side: keyof typeof timings, score: () => Float64Array) => {
  const cpu = process.threadCpuUsage()
  const wall = performance.now()
  score()
  timings[side].wallMs.push(performance.now() - wall)
  const used = process.threadCpuUsage(cpu)
  timings[side].cpuMs.push((used.user + used.system) / 1000)
}
for (let round = 0; round < repeats; round++) {
  measure("reference", () => referenceRawScores(model, scored))
  measure("compiled", () => boostedRawScores(model, scored))
}
const best = (values: ReadonlyArray<number>) => Math.min(...values)
const rowsPerSecond = (ms: number) => Math.round(SCORED_ROWS / (ms / 1000))
const referenceCpu = best(timings.reference.cpuMs)
const compiledCpu = best(timings.compiled.cpuMs)
const depths = Array.from(compiled.depths)

reportBench({
  id: "boosted-scoring",
  figures: {
    trees: model.trees.length,
    mean_tree_depth: Number((depths.reduce((sum, d) => sum + d, 0) / depths.length).toFixed(2)),
    scored_rows: SCORED_ROWS,
    reference_rows_per_s_cpu: rowsPerSecond(referenceCpu),
    compiled_rows_per_s_cpu: rowsPerSecond(compiledCpu),
    speedup_cpu: Number((referenceCpu / compiledCpu).toFixed(2)),
    reference_ms_cpu: Number(referenceCpu.toFixed(2)),
    compiled_ms_cpu: Number(compiledCpu.toFixed(2)),
    reference_rows_per_s_wall: rowsPerSecond(best(timings.reference.wallMs)),
    compiled_rows_per_s_wall: rowsPerSecond(best(timings.compiled.wallMs)),
    compile_ms: Number(compileMs.toFixed(2)),
    bit_identical: true
  },
  goals: [{ figure: "speedup_cpu", target: 2, better: "higher" }],
  notes: [
    `fit of the model (not timed in the figures): ${fitSeconds.toFixed(1)} s; best of ${repeats} alternating runs per side after one warm-up each`,
    "compile_ms: the one-off compilation of the model, cached per model object afterwards"
  ]
})
