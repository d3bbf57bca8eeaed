// `pnpm bench calibration`: raking 1,000,000 units on 3 margins, ECE on 1,000,000 predictions and SMM on the
// reference's lognormal spend example, each timed here and — on the same data files — by the Python reference
// (bench/python/calibration_bench.py, the reference script's own algorithms and tighter NumPy versions of them).
// Goal: no slower than Python; for SMM, than the faster of the reference's code and a NumPy version that
// simulates the moments once per objective call (the reference simulates them twice).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  median,
  peerVersionFigures,
  pythonPeers,
  reportBench,
  runPythonPeer,
  sharedDataDir,
  timeSeconds
} from "@preflight/bench-harness"
import { SeededRandom } from "@preflight/numeric"
import { Result } from "effect"
import { calibrationErrorsKernel } from "../src/probability/calibration-errors.ts"
import { rake } from "../src/raking/rake.ts"
import { simulatedMethodOfMoments } from "../src/smm/simulated-method-of-moments.ts"
import { lognormalSpendProblem } from "../test/support/lognormal-example.ts"

const repetitions = Number(process.env.BENCH_REPETITIONS ?? 3)
// The peer must be able to run before anything is timed: a goal without its reference has no value.
const peers = pythonPeers("calibration", ["numpy", "pandas", "scipy"])
const notes: Array<string> = []
const random = new SeededRandom(20261124)
const workDir = mkdtempSync(join(tmpdir(), "calibration-bench-"))

// ---- data: 1M units with three correlated categorical margins (so IPF needs several sweeps, as in the
// reference's Hillstrom case) and targets 10–35 % away from the sample's own shares (sample shares: region
// .37/.43/.20, channel .14/.21/.27/.22/.16, tenure .11/.25/.34/.30).
const units = 1_000_000
const margins = [
  { name: "region", levels: 3, targets: [0.3, 0.45, 0.25] },
  { name: "channel", levels: 5, targets: [0.16, 0.24, 0.25, 0.2, 0.15] },
  { name: "tenure", levels: 4, targets: [0.14, 0.28, 0.32, 0.26] }
].map((margin) => ({ ...margin, categories: new Uint8Array(units) }))
for (let i = 0; i < units; i++) {
  const latent = random.normal()
  for (const [m, margin] of margins.entries()) {
    // Category thresholds on a mix of a shared latent factor and noise: margins are dependent.
    const score = 0.8 * latent + 0.6 * random.normal() + 0.3 * m
    const level = Math.min(margin.levels - 1, Math.max(0, Math.floor((score + 1.5) * (margin.levels / 3.5))))
    margin.categories[i] = level
  }
}
for (const margin of margins) writeFileSync(join(workDir, `${margin.name}.u8`), margin.categories)

// 1M binary predictions: p from a logistic score, outcomes from a slightly miscalibrated truth.
const labels = new Float64Array(units)
const probabilities = new Float64Array(units)
for (let i = 0; i < units; i++) {
  const score = -2 + 1.2 * random.normal()
  const p = 1 / (1 + Math.exp(-score))
  probabilities[i] = p
  labels[i] = random.next() < 1 / (1 + Math.exp(-(0.9 * score - 0.1))) ? 1 : 0
}
writeFileSync(join(workDir, "labels.f64"), new Uint8Array(labels.buffer))
writeFileSync(join(workDir, "probabilities.f64"), new Uint8Array(probabilities.buffer))

// Spend among Hillstrom converters (n = 578), or a synthetic lognormal sample of that size without the data.
let spend: Array<number>
const hillstromPath = join(sharedDataDir(), "hillstrom.csv")
if (existsSync(hillstromPath)) {
  spend = readFileSync(hillstromPath, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => Number(line.slice(line.lastIndexOf(",") + 1)))
    .filter((value) => value > 0)
} else {
  spend = Array.from({ length: 578 }, () => Math.exp(4.4 + 0.84 * random.normal()))
  notes.push(`shared data not found at ${hillstromPath}; SMM ran on a synthetic lognormal sample of n = 578`)
}
writeFileSync(join(workDir, "spend.f64"), new Uint8Array(Float64Array.from(spend).buffer))
writeFileSync(
  join(workDir, "meta.json"),
  JSON.stringify({ margins: margins.map(({ name, targets }) => ({ name, targets })) })
)

// ---- TypeScript timings (one warm-up run each, then the median of `repetitions`)
const timeMedian = async <A>(work: () => A, runs: number): Promise<{ seconds: number; value: A }> => {
  work()
  const times: Array<number> = []
  let value = work()
  for (let r = 0; r < runs; r++) {
    const timed = await timeSeconds(work)
    times.push(timed.seconds)
    value = timed.value
  }
  return { seconds: median(times), value }
}

const raked = await timeMedian(
  () => Result.getOrThrow(rake(margins.map(({ name, categories, targets }) => ({ name, categories, targets })))),
  repetitions
)
const ece = await timeMedian(
  () => calibrationErrorsKernel(labels, probabilities, 10, "uniform", "left"),
  Math.max(repetitions, 5)
)
const smm = await timeMedian(
  () => Result.getOrThrow(simulatedMethodOfMoments(lognormalSpendProblem(spend))),
  repetitions
)

// ---- Python reference on the same files, in the pinned peer environment (exits 2 with the fix when absent)
const pythonOutput = runPythonPeer("calibration", peers, [
  "bench/python/calibration_bench.py",
  workDir,
  String(repetitions)
])
const reference = JSON.parse(pythonOutput.trim().split("\n").at(-1) ?? "{}") as Record<string, number>
let weightGap: number | null = null
const pythonWeightsPath = join(workDir, "python_weights.f64")
if (existsSync(pythonWeightsPath)) {
  const bytes = readFileSync(pythonWeightsPath)
  const pythonWeights = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)
  weightGap = 0
  for (let i = 0; i < units; i++)
    weightGap = Math.max(weightGap, Math.abs((raked.value.weights[i] as number) - (pythonWeights[i] as number)))
}
rmSync(workDir, { recursive: true, force: true })

const ratio = (ts: number, py: number | undefined): number | null => (py === undefined || !(py > 0) ? null : ts / py)
// The SMM goal is against the faster Python: the reference's code evaluates moments(θ) twice per objective call.
const pythonSmmTimes = [reference?.smm_s, reference?.smm_single_s].filter((t): t is number => t !== undefined && t > 0)
const pythonSmmFastest = pythonSmmTimes.length === 0 ? undefined : Math.min(...pythonSmmTimes)
if (reference?.smm_single_same_result === 0)
  notes.push("python single-evaluation SMM did not reproduce the reference-faithful fit; check calibration_bench.py")
reportBench({
  id: "calibration",
  figures: {
    ...peerVersionFigures(peers),
    rake_1m_3margins_s: raked.seconds,
    rake_sweeps: raked.value.sweeps,
    rake_weight_min: raked.value.minWeight,
    rake_weight_max: raked.value.maxWeight,
    python_rake_pandas_s: reference?.rake_s ?? null,
    python_rake_sweeps: reference?.rake_sweeps ?? null,
    python_rake_numpy_bincount_s: reference?.rake_numpy_s ?? null,
    rake_max_weight_gap_vs_python: weightGap,
    rake_time_ratio_ts_over_python: ratio(raked.seconds, reference?.rake_s),
    rake_time_ratio_ts_over_numpy_bincount: ratio(raked.seconds, reference?.rake_numpy_s),
    ece_1m_s: ece.seconds,
    ece_1m: ece.value.ece,
    python_ece_1m_s: reference?.ece_s ?? null,
    python_ece_1m: reference?.ece ?? null,
    ece_abs_gap_vs_python: reference?.ece === undefined ? null : Math.abs(ece.value.ece - reference.ece),
    ece_time_ratio_ts_over_python: ratio(ece.seconds, reference?.ece_s),
    smm_lognormal_s: smm.seconds,
    smm_mu: smm.value.parameters[0] as number,
    smm_sigma: Math.exp(smm.value.parameters[1] as number),
    smm_iterations: smm.value.iterations,
    smm_evaluations: smm.value.evaluations,
    smm_ms_per_evaluation: (1000 * smm.seconds) / smm.value.evaluations,
    python_smm_s: reference?.smm_s ?? null,
    python_smm_single_evaluation_s: reference?.smm_single_s ?? null,
    python_smm_fastest_s: pythonSmmFastest ?? null,
    python_smm_mu: reference?.smm_mu ?? null,
    python_smm_sigma: reference?.smm_sigma ?? null,
    python_smm_iterations: reference?.smm_iterations ?? null,
    python_smm_evaluations: reference?.smm_evaluations ?? null,
    python_smm_ms_per_evaluation:
      pythonSmmFastest === undefined || reference?.smm_evaluations === undefined
        ? null
        : (1000 * pythonSmmFastest) / reference.smm_evaluations,
    smm_time_ratio_ts_over_python: ratio(smm.seconds, pythonSmmFastest),
    smm_time_ratio_ts_over_python_ref_extra: ratio(smm.seconds, reference?.smm_s)
  },
  goals: [
    { figure: "rake_time_ratio_ts_over_python", target: 1, better: "lower" },
    { figure: "ece_time_ratio_ts_over_python", target: 1, better: "lower" },
    { figure: "smm_time_ratio_ts_over_python", target: 1, better: "lower" }
  ],
  notes: [
    `median of ${repetitions} timed runs after one warm-up (ECE: ${Math.max(repetitions, 5)}); Python times only the computation, not loading`,
    "Python reference = the algorithms of ../shared/reference/python/ref_extra.py (pandas groupby raking, masked-bin ECE, NumPy SMM with scipy Nelder–Mead); the NumPy bincount raking is an extra, tighter comparison",
    "SMM goal ratio uses the faster Python SMM: ref_extra.py's objective simulates moments(θ) twice per call (python_smm_s), the single-evaluation NumPy version once (python_smm_single_evaluation_s); same iterates",
    "SMM draws differ (numpy PCG64 vs xoshiro128**), so estimates agree to simulation noise, not to the bit",
    ...notes
  ]
})
