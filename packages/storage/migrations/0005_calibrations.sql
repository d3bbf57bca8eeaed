-- Calibrations: one row per run of the simulator's `calibrate` use case (from the CLI, the API or the worker).
-- It names the fit it calibrated against, the optimization run it started, the program version it registered
-- (none when the gate refused), and keeps its report: the before/after composite scores, the gate's reasons,
-- the fitted intent → probability mapping and the drift of the most recent outcomes. `queued` rows are created
-- by callers that run the calibration later (the API's asynchronous route, the worker).

CREATE TABLE calibrations (
  calibration_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status          varchar NOT NULL DEFAULT 'running' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  settings        jsonb NOT NULL DEFAULT '{}'::jsonb,
  fit_id          uuid REFERENCES model_fits (fit_id) ON DELETE SET NULL,
  run_id          uuid REFERENCES optimization_runs (run_id) ON DELETE SET NULL,
  version_id      uuid REFERENCES program_versions (version_id) ON DELETE SET NULL,
  report          jsonb,
  error           jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz
);
CREATE INDEX calibrations_created_idx ON calibrations (created_at);
