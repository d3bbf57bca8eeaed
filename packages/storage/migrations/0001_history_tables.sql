-- The historical-data tables of the PRD: segments, entities, interventions, exposures, outcomes.
-- Types follow the PRD; TIMESTAMP is stored as timestamptz (UTC) so instants are unambiguous.
--
-- Foreign keys: entities.segment_id -> segments, exposures/outcomes.entity_id -> entities.
-- Facts often arrive before their dimension rows, so imports insert "inferred" placeholder rows
-- (inferred = true) for unknown entities and segments (Kimball's inferred members); importing the
-- real row later fills it in and clears the flag. exposures.intervention_id is VARCHAR in the PRD
-- while interventions.intervention_id is UUID, so that reference is kept as an indexed text column.
-- The foreign keys are DEFERRABLE (checked immediately unless a transaction defers them): a bulk
-- load defers them while it COPYs and then checks them all at once with SET CONSTRAINTS.

CREATE TABLE segments (
  segment_id          varchar PRIMARY KEY,
  definition          jsonb NOT NULL DEFAULT '{}'::jsonb,
  size                integer CHECK (size IS NULL OR size >= 0),
  trait_priors        jsonb NOT NULL DEFAULT '{}'::jsonb,
  historical_metrics  jsonb NOT NULL DEFAULT '{}'::jsonb,
  inferred            boolean NOT NULL DEFAULT false
);

CREATE TABLE entities (
  entity_id        uuid PRIMARY KEY,
  segment_id       varchar REFERENCES segments (segment_id) ON UPDATE CASCADE DEFERRABLE,
  created_at       timestamptz,
  attributes       jsonb NOT NULL DEFAULT '{}'::jsonb,
  lifecycle_stage  varchar,
  value_tier       varchar,
  inferred         boolean NOT NULL DEFAULT false
);
CREATE INDEX entities_segment_idx ON entities (segment_id);

CREATE TABLE interventions (
  intervention_id     uuid PRIMARY KEY,
  type                varchar NOT NULL,
  content_template    text,
  creative_elements   jsonb NOT NULL DEFAULT '{}'::jsonb,
  targeting_criteria  jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX interventions_type_idx ON interventions (type);

CREATE TABLE exposures (
  exposure_id           uuid PRIMARY KEY,
  entity_id             uuid NOT NULL REFERENCES entities (entity_id) DEFERRABLE,
  "timestamp"           timestamptz NOT NULL,
  channel               varchar NOT NULL,
  intervention_id       varchar,
  content               jsonb NOT NULL DEFAULT '{}'::jsonb,
  cost                  numeric CHECK (cost IS NULL OR cost >= 0),
  frequency_cumulative  integer CHECK (frequency_cumulative IS NULL OR frequency_cumulative >= 0)
);
CREATE INDEX exposures_entity_time_idx ON exposures (entity_id, "timestamp");
CREATE INDEX exposures_intervention_time_idx ON exposures (intervention_id, "timestamp");
CREATE INDEX exposures_time_idx ON exposures ("timestamp");

CREATE TABLE outcomes (
  outcome_id     uuid PRIMARY KEY,
  entity_id      uuid NOT NULL REFERENCES entities (entity_id) DEFERRABLE,
  "timestamp"    timestamptz NOT NULL,
  outcome_type   varchar NOT NULL,
  outcome_value  numeric,
  metadata       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX outcomes_entity_time_idx ON outcomes (entity_id, "timestamp");
CREATE INDEX outcomes_type_time_idx ON outcomes (outcome_type, "timestamp");
