// Worker-thread entry of `fitMmmInWorker`: the heavy stages (design, posterior mode, NUTS chains) run here,
// off the caller's event loop; the mode and the chains go back, and the fit is assembled on the caller's side.
import { parentPort, workerData } from "node:worker_threads"
import { buildMmmDesign, findPosteriorMode, type MmmInput, type MmmOptions, mmmChainSamplers } from "./fit-mmm.ts"
import type { NutsChain } from "./nuts.ts"

const { input, options } = workerData as { readonly input: MmmInput; readonly options: MmmOptions }
const design = buildMmmDesign(input, options)
const mode = findPosteriorMode(design)
const chains: Array<NutsChain> = []
for (const sampler of mmmChainSamplers(design, mode, options)) {
  for (;;) {
    const next = sampler.next()
    if (next.done === true) {
      chains.push(next.value)
      break
    }
  }
}
parentPort?.postMessage({ mode, chains })
