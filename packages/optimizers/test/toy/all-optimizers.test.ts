import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { BootstrapFewShot } from "../../src/bootstrap/bootstrap-few-shot.ts"
import { GEPA } from "../../src/gepa/gepa.ts"
import { MIPROv2 } from "../../src/mipro/mipro-v2.ts"
import { SIMBA } from "../../src/simba/simba.ts"
import { heldOutScore } from "../support/held-out.ts"
import { toyLayer, zoneData, zoneMetric, zoneProgram } from "../support/toy-task.ts"

const { trainset, valset, testset } = zoneData()

describe("toy task: instruction-and-demo optimizers against zero-shot", () => {
  it.effect("MIPROv2, SIMBA and GEPA beat zero-shot on the held-out set", () => {
    const { layer } = toyLayer()
    return Effect.gen(function* () {
      const zeroShot = yield* heldOutScore(zoneProgram(), testset)
      const bootstrap = yield* new BootstrapFewShot({ maxBootstrappedDemos: 4, maxLabeledDemos: 4 }).compile(
        zoneProgram(),
        {
          trainset,
          valset,
          metric: zoneMetric
        }
      )
      const mipro = yield* new MIPROv2({ auto: "light" }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: zoneMetric
      })
      const simba = yield* new SIMBA({ bsize: 12, numCandidates: 6, maxSteps: 8 }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: zoneMetric
      })
      const gepa = yield* new GEPA({ maxMetricCalls: 400 }).compile(zoneProgram(), {
        trainset,
        valset,
        metric: zoneMetric
      })
      const scores = {
        zeroShot,
        bootstrap: yield* heldOutScore(bootstrap.program, testset),
        mipro: yield* heldOutScore(mipro.program, testset),
        simba: yield* heldOutScore(simba.program, testset),
        gepa: yield* heldOutScore(gepa.program, testset)
      }
      console.log("toy held-out scores", scores, {
        mipro: { trials: mipro.trials.length, calls: mipro.cost.lmCalls, score: mipro.score },
        simba: { trials: simba.trials.length, calls: simba.cost.lmCalls, score: simba.score },
        gepa: {
          trials: gepa.trials.length,
          calls: gepa.cost.lmCalls,
          score: gepa.score,
          metricCalls: gepa.cost.metricCalls
        }
      })
      for (const [name, score] of Object.entries(scores)) {
        if (name !== "zeroShot") assert.isAbove(score, zeroShot + 0.2, name)
      }
    }).pipe(Effect.provide(layer))
  })
})
