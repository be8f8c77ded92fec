-- Per-instance SLO counters of one version over one epoch-aligned window. Instances upsert their
-- cumulative counts; the leader sums the rows of a window and judges the sum.
CREATE TABLE intentops_slo_counters (
  deployment         text        NOT NULL,
  version            text        NOT NULL,
  window_start       bigint      NOT NULL,  -- epoch seconds, a multiple of window_seconds
  window_seconds     integer     NOT NULL CHECK (window_seconds > 0),
  instance_id        text        NOT NULL,
  requests           bigint      NOT NULL CHECK (requests >= 0),
  server_errors      bigint      NOT NULL CHECK (server_errors >= 0),
  client_errors      bigint      NOT NULL CHECK (client_errors >= 0),
  latency_histogram  bigint[]    NOT NULL,  -- counts per bucket of the router's fixed bounds, overflow last
  published_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (deployment, version, window_seconds, window_start, instance_id)
);

CREATE INDEX intentops_slo_counters_age ON intentops_slo_counters (deployment, window_start);
