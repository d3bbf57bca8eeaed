-- What the HTTP API keeps: its keys (scrypt hashes looked up by a public prefix, scopes, an optional rate
-- limit, revocation), idempotency records (the first response to a POST, replayed on a retry with the same
-- key and body), feedback on simulations, and the actual results of campaigns that were sent.
-- Asynchronous simulations reuse `simulations` (status queued → running → completed | failed).

CREATE TABLE api_keys (
  key_id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prefix                 varchar NOT NULL UNIQUE CHECK (prefix <> ''),
  -- scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>; the secret itself is never stored.
  secret_hash            text NOT NULL CHECK (secret_hash LIKE 'scrypt$%'),
  name                   text NOT NULL CHECK (name <> ''),
  scopes                 text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'admin']),
  rate_limit_per_minute  integer CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0),
  created_at             timestamptz NOT NULL DEFAULT now(),
  revoked_at             timestamptz
);

CREATE TABLE idempotency_records (
  key_id           uuid NOT NULL REFERENCES api_keys (key_id) ON DELETE CASCADE,
  idempotency_key  varchar NOT NULL CHECK (idempotency_key <> ''),
  -- SHA-256 of method, path and body: the same key with another request is refused, not replayed.
  request_hash     text NOT NULL,
  -- NULL while the first request is still being answered.
  status_code      integer,
  content_type     text,
  location         text,
  response_body    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at);

CREATE TABLE simulation_feedback (
  feedback_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  simulation_id  varchar NOT NULL REFERENCES simulations (simulation_id) ON DELETE CASCADE,
  rating         smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment        text,
  key_id         uuid REFERENCES api_keys (key_id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX simulation_feedback_simulation_idx ON simulation_feedback (simulation_id);

-- One row per campaign × variant × channel; reporting the same arm again replaces its figures.
CREATE TABLE campaign_results (
  campaign_id    varchar NOT NULL CHECK (campaign_id <> ''),
  variant_id     varchar NOT NULL CHECK (variant_id <> ''),
  channel        varchar NOT NULL CHECK (channel <> ''),
  simulation_id  varchar REFERENCES simulations (simulation_id) ON DELETE SET NULL,
  recipients     integer NOT NULL CHECK (recipients >= 0),
  conversions    integer NOT NULL CHECK (conversions >= 0 AND conversions <= recipients),
  unsubscribes   integer CHECK (unsubscribes IS NULL OR (unsubscribes >= 0 AND unsubscribes <= recipients)),
  revenue        numeric CHECK (revenue IS NULL OR revenue >= 0),
  cost           numeric CHECK (cost IS NULL OR cost >= 0),
  sent_at        timestamptz,
  reported_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, variant_id, channel)
);
CREATE INDEX campaign_results_simulation_idx ON campaign_results (simulation_id);
