// Every route module, in the order their routes appear in the OpenAPI document. Calibrations
// (`POST /api/v1/calibrations`, `GET /api/v1/calibrations/{id}`) become one more module here once the
// simulator exports its calibrate use case.
import type { RouteModule } from "../http/route-kit.ts"
import { dataImportRoutes } from "./data-import.ts"
import { feedbackRoutes } from "./feedback.ts"
import { healthRoutes } from "./health.ts"
import { panelAndUpliftRoutes } from "./panel-and-uplift.ts"
import { programRoutes } from "./programs.ts"
import { simulationRoutes } from "./simulations.ts"

export const ROUTE_MODULES: ReadonlyArray<RouteModule> = [
  simulationRoutes,
  panelAndUpliftRoutes,
  dataImportRoutes,
  programRoutes,
  feedbackRoutes,
  healthRoutes
]
