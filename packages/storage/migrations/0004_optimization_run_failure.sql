-- Why an optimization run failed (the optimizers record the error's tag and message, e.g.
-- "LmRequestRejected: ... 401 ..."), so a `failed` run in the registry says what to fix.
ALTER TABLE optimization_runs ADD COLUMN failure_reason text;
