-- The program registry and the optimization log: programs, their versions (state JSON, status, traffic share,
-- lineage, score, the run that created them), optimization runs and every trial, the training examples
-- programs are optimized on, and the persistent language-model response cache.
--
-- At most one active and one candidate version per program: partial unique indexes, so the rule holds for
-- every writer, not only for the repository code. Promote and roll back change several rows in one
-- transaction; they lock the program row first so concurrent promotions of one program are serialized.

CREATE TABLE programs (
  program_id   varchar PRIMARY KEY CHECK (program_id <> ''),
  name         text NOT NULL,
  description  text,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE optimization_runs (
  run_id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id   varchar REFERENCES programs (program_id) ON DELETE SET NULL,
  optimizer    varchar NOT NULL CHECK (optimizer <> ''),
  config       jsonb NOT NULL DEFAULT '{}'::jsonb,
  seed         bigint NOT NULL,
  budget       jsonb NOT NULL DEFAULT '{}'::jsonb,
  cost         jsonb NOT NULL DEFAULT '{}'::jsonb,
  status       varchar NOT NULL DEFAULT 'running'
               CHECK (status IN ('running', 'completed', 'budget_exhausted', 'failed')),
  best_score   double precision,
  best_state   jsonb,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX optimization_runs_program_idx ON optimization_runs (program_id, started_at);

CREATE TABLE optimization_trials (
  run_id        uuid NOT NULL REFERENCES optimization_runs (run_id) ON DELETE CASCADE,
  trial_index   integer NOT NULL CHECK (trial_index >= 0),
  kind          varchar NOT NULL CHECK (kind IN ('full', 'minibatch')),
  label         text NOT NULL,
  candidate     jsonb NOT NULL,
  score         double precision,
  examples      integer NOT NULL CHECK (examples >= 0),
  cost          jsonb NOT NULL DEFAULT '{}'::jsonb,
  parent_trial  integer,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, trial_index)
);

CREATE TABLE program_versions (
  version_id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id                  varchar NOT NULL REFERENCES programs (program_id) ON DELETE CASCADE,
  version                     integer NOT NULL CHECK (version >= 1),
  state                       jsonb NOT NULL,
  status                      varchar NOT NULL
                              CHECK (status IN ('active', 'candidate', 'deprecated', 'rolled_back')),
  traffic_share               double precision NOT NULL DEFAULT 0
                              CHECK (traffic_share >= 0 AND traffic_share <= 1),
  parent_version_id           uuid REFERENCES program_versions (version_id),
  previous_active_version_id  uuid REFERENCES program_versions (version_id),
  score                       double precision,
  created_by_run_id           uuid REFERENCES optimization_runs (run_id) ON DELETE SET NULL,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  status_changed_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (program_id, version)
);
CREATE UNIQUE INDEX program_versions_one_active ON program_versions (program_id) WHERE status = 'active';
CREATE UNIQUE INDEX program_versions_one_candidate ON program_versions (program_id) WHERE status = 'candidate';

CREATE TABLE training_examples (
  example_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  position    bigint GENERATED ALWAYS AS IDENTITY,
  program_id  varchar REFERENCES programs (program_id) ON DELETE CASCADE,
  inputs      jsonb NOT NULL,
  labels      jsonb NOT NULL,
  source      varchar NOT NULL CHECK (source <> ''),
  split       varchar NOT NULL CHECK (split IN ('train', 'val', 'test')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_examples_program_split_idx ON training_examples (program_id, split, position);

CREATE TABLE lm_cache (
  key         text PRIMARY KEY,
  completion  jsonb NOT NULL,
  model       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
