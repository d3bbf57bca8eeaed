-- Fitted causal models and simulations. A fit is one run of the simulator's `fit` use case over a window of
-- history: its models (response, revenue, unsubscribe hazard, MMM, …) are rows of `fitted_models`, each with
-- its own diagnostics, and the fit's status says whether it is usable. Simulations keep the request, the
-- response, the seed and the versions they used, keyed by a deterministic id, so a repeated request is
-- recognised and a result can always be traced to the models behind it.

CREATE TABLE model_fits (
  fit_id          uuid PRIMARY KEY,
  version         integer GENERATED ALWAYS AS IDENTITY,
  status          varchar NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  data_from       timestamptz,
  data_to         timestamptz,
  settings        jsonb NOT NULL DEFAULT '{}'::jsonb,
  diagnostics     jsonb NOT NULL DEFAULT '{}'::jsonb,
  error           text,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX model_fits_completed_idx ON model_fits (version) WHERE status = 'completed';

CREATE TABLE fitted_models (
  fit_id       uuid NOT NULL REFERENCES model_fits (fit_id) ON DELETE CASCADE,
  name         varchar NOT NULL CHECK (name <> ''),
  kind         varchar NOT NULL CHECK (kind <> ''),
  diagnostics  jsonb NOT NULL DEFAULT '{}'::jsonb,
  payload      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (fit_id, name)
);

CREATE TABLE simulations (
  simulation_id    varchar PRIMARY KEY CHECK (simulation_id <> ''),
  status           varchar NOT NULL DEFAULT 'completed' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  request          jsonb NOT NULL,
  response         jsonb,
  seed             bigint NOT NULL,
  fit_id           uuid REFERENCES model_fits (fit_id) ON DELETE SET NULL,
  program_version  integer,
  error            jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz
);
CREATE INDEX simulations_created_idx ON simulations (created_at);
