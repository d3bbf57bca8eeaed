// Every route module, in the order their routes appear in the OpenAPI document.
import type { RouteModule } from "../http/route-kit.ts"
import { calibrationRoutes } from "./calibrations.ts"
import { dataImportRoutes } from "./data-import.ts"
import { feedbackRoutes } from "./feedback.ts"
import { healthRoutes } from "./health.ts"
import { jobRoutes } from "./jobs.ts"
import { panelAndUpliftRoutes } from "./panel-and-uplift.ts"
import { programRoutes } from "./programs.ts"
import { simulationRoutes } from "./simulations.ts"

export const ROUTE_MODULES: ReadonlyArray<RouteModule> = [
  simulationRoutes,
  panelAndUpliftRoutes,
  dataImportRoutes,
  calibrationRoutes,
  programRoutes,
  feedbackRoutes,
  jobRoutes,
  healthRoutes
]
