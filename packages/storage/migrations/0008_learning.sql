-- The learning loop (the simulator's `learning/`): canary experiments between the active persona program and a
-- candidate, and which version served each simulation.
--
-- An experiment keeps the calibration package's CanaryExperiment (traffic step, the sequential test's running
-- state) and the policy it runs under, and a log of its decisions. At most one experiment runs per program, for
-- every writer (partial unique index). The traffic shares themselves stay on program_versions.
--
-- A simulation served during an experiment records its routing unit (the campaign it is for: assignment is
-- sticky per unit), the experiment and the version that served it, so actual results reported against it
-- become feedback for that version's arm.

CREATE TABLE canary_experiments (
  experiment_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id            varchar NOT NULL REFERENCES programs (program_id) ON DELETE CASCADE,
  active_version_id     uuid NOT NULL REFERENCES program_versions (version_id) ON DELETE CASCADE,
  candidate_version_id  uuid NOT NULL REFERENCES program_versions (version_id) ON DELETE CASCADE,
  policy                jsonb NOT NULL,
  state                 jsonb NOT NULL,
  status                varchar NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'promoted', 'rolled_back')),
  decisions             jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at            timestamptz NOT NULL DEFAULT now(),
  ended_at              timestamptz
);
CREATE UNIQUE INDEX canary_experiments_one_running ON canary_experiments (program_id) WHERE status = 'running';

ALTER TABLE simulations
  ADD COLUMN routing_unit text,
  ADD COLUMN experiment_id uuid REFERENCES canary_experiments (experiment_id) ON DELETE SET NULL,
  ADD COLUMN program_version_id uuid REFERENCES program_versions (version_id) ON DELETE SET NULL;
CREATE INDEX simulations_experiment_idx ON simulations (experiment_id) WHERE experiment_id IS NOT NULL;
