// The queues this worker serves out of the box. A new queue is one module that calls `defineJobHandler`,
// added to this list (or passed to `runWorker` beside it).
import { calibrateJob } from "./calibrate-job.ts"
import { canaryTickJob } from "./canary-tick-job.ts"
import { driftCheckJob } from "./drift-check-job.ts"
import { fitJob } from "./fit-job.ts"
import { importJob } from "./import-job.ts"
import { optimizeJob } from "./optimize-job.ts"
import { simulateJob } from "./simulate-job.ts"

export const BUILT_IN_HANDLERS = [
  simulateJob,
  fitJob,
  importJob,
  driftCheckJob,
  calibrateJob,
  optimizeJob,
  canaryTickJob
] as const
