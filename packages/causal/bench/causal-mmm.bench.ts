// MMM benchmark: Bayesian fit (posterior mode + NUTS) of pymc-marketing's mmm_example, its wall-clock
// time and the recovered parameters against the known data-generating values.
import { type Figures, reportBench, timeSeconds } from "@preflight/bench-harness"
import { Effect } from "effect"
import { fitMmm, optimizeBudget } from "../src/index.ts"
import { loadMmmExample, missingSharedFiles, sharedDataDir, sharedDataFiles } from "../test/support/shared-data.ts"

const missing = missingSharedFiles(sharedDataFiles.mmmExample)
if (missing.length > 0) {
  console.error(
    `causal-mmm: ${missing.join(", ")} not found in ${sharedDataDir}; this benchmark needs the shared data.`
  )
  process.exit(1)
}
const chains = Number(process.argv[2] ?? 4)
const data = loadMmmExample()
const { value: fit, seconds } = await timeSeconds(() =>
  Effect.runPromise(
    fitMmm(
      {
        target: data.y,
        channels: [
          { name: "x1", spend: data.x1 },
          { name: "x2", spend: data.x2 }
        ],
        controls: [
          { name: "event_1", values: data.event1 },
          { name: "event_2", values: data.event2 }
        ],
        seasonality: { dayOfYear: data.dayOfYear, order: 2 }
      },
      { targetScale: 1000, channelScaling: "none", chains, warmup: 500, draws: 500, seed: 1 }
    )
  )
)
const truth: Record<string, number> = {
  "x1.adstock.alpha": 0.4,
  "x1.saturation.lambda": 4,
  "x1.beta": 3,
  "x2.adstock.alpha": 0.2,
  "x2.saturation.lambda": 3,
  "x2.beta": 2,
  sigma: 0.25
}
const figures: Figures = { fit_s: seconds, chains, warmup_per_chain: 500, draws_per_chain: 500 }
for (const [name, value] of Object.entries(truth)) {
  const p = fit.parameters.find((entry) => entry.name === name)
  const key = name.replaceAll(".", "_")
  figures[`${key}_mean`] = p?.mean ?? null
  figures[`${key}_sd`] = p?.sd ?? null
  figures[`${key}_truth`] = value
  figures[`${key}_z`] = p === undefined ? null : Math.abs(p.mean - value) / p.sd
  figures[`${key}_rhat`] = p?.rhat ?? null
}
const roas = fit.channels.map((channel) => channel.roi.mean / 1000)
figures.x1_roas = roas[0] ?? null
figures.x1_roas_truth = 4.968
figures.x1_roas_relative_error = Math.abs((roas[0] ?? 0) - 4.968) / 4.968
figures.x2_roas = roas[1] ?? null
figures.x2_roas_truth = 2.275
figures.x1_marginal_roas = (fit.channels[0]?.marginalRoi.mean ?? 0) / 1000
figures.x2_marginal_roas = (fit.channels[1]?.marginalRoi.mean ?? 0) / 1000
figures.r2 = fit.diagnostics.r2
figures.nrmse = fit.diagnostics.nrmse
figures.mape = fit.diagnostics.mape
figures.decomp_rssd = fit.diagnostics.decompRssd
figures.divergences = fit.diagnostics.divergences
figures.max_rhat = fit.diagnostics.maxRhat
figures.min_ess = fit.diagnostics.minEss
figures.gradient_evaluations = fit.diagnostics.gradientEvaluations
const budget = [data.x1, data.x2].map((x) => x.reduce((s, v) => s + v, 0) / x.length).reduce((s, v) => s + v, 0)
const { value: plan, seconds: optimizeSeconds } = await timeSeconds(() =>
  Effect.runSync(optimizeBudget(fit, { totalBudget: budget }))
)
figures.budget_optimize_s = optimizeSeconds
figures.budget_x1_share = (plan.allocation[0]?.spend ?? 0) / budget
figures.budget_response_per_week = plan.totalResponse.mean

reportBench({
  id: "causal-mmm",
  figures,
  goals: [
    { figure: "x1_adstock_alpha_z", target: 2, better: "lower" },
    { figure: "x1_saturation_lambda_z", target: 2, better: "lower" },
    { figure: "x1_beta_z", target: 2, better: "lower" },
    { figure: "x1_roas_relative_error", target: 0.1, better: "lower" }
  ],
  notes: [
    "Truth: pymc-marketing mmm_example DGP (α 0.4/0.2, λ 4/3, β 3/2, σ 0.25 on y/1000, raw spend); z = |mean − truth| / posterior SD.",
    "Reference NLS with the oracle structure (ref_extra_out.txt M1): R² 0.9519, NRMSE 0.0465, MAPE 0.0375, DECOMP.RSSD 0.2103, mROAS x1 3.53 / x2 1.11, 0.014 s (point estimate only, no posterior).",
    "Budget optimizer: the historical mean weekly spend re-split between x1 and x2 (no bounds)."
  ]
})
