-- Results of background jobs (apps/worker), one row per job id. A handler writes its result row in the same
-- transaction as its own effects (a fit, an import, a simulation's response), so a job that is re-run after a
-- crash, an expiry or a lost completion finds the row and does nothing twice. The queue itself (pg-boss) keeps
-- its own tables in its own schema.
CREATE TABLE job_results (
  job_id        uuid PRIMARY KEY,
  queue         varchar NOT NULL CHECK (queue <> ''),
  result        jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Which attempt wrote it (0 = the first), to see in the data when a job needed retries.
  attempt       integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  completed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_results_queue_idx ON job_results (queue, completed_at);
