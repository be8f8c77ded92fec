-- The canary judge's evidence per instance and version (fleet mode, PgEvidenceExchange). Each row is
-- the instance's CUMULATIVE evidence of the version since the row was created; only that instance adds
-- to it. Every other instance reads the rows and feeds its judge the growth since its last read, so
-- each piece of evidence reaches every judge exactly once, whatever order transactions commit in.
CREATE TABLE intentops_fleet_evidence (
  deployment         text        NOT NULL,
  version            text        NOT NULL,
  instance_id        text        NOT NULL,
  requests           bigint      NOT NULL CHECK (requests >= 0),
  server_errors      bigint      NOT NULL CHECK (server_errors >= 0 AND server_errors <= requests),
  latency_histogram  bigint[]    NOT NULL,  -- requests per bin of the judge's latency boundaries, overflow last
  out_of_scope       bigint      NOT NULL CHECK (out_of_scope >= 0),
  labels             jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- successful requests per predicted label
  shadow_compared    bigint      NOT NULL CHECK (shadow_compared >= 0),
  shadow_disagreed   bigint      NOT NULL CHECK (shadow_disagreed >= 0 AND shadow_disagreed <= shadow_compared),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (deployment, version, instance_id)
);
