-- Routing state shared by every router instance of a deployment (one row per deployment).
-- Writers compare-and-set on revision; every committed revision is also kept in the history table and
-- announced with NOTIFY intentops_routing, payload '<revision>:<deployment>'.
CREATE TABLE intentops_routing_state (
  deployment  text        PRIMARY KEY,
  revision    bigint      NOT NULL CHECK (revision >= 1),
  state       jsonb       NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intentops_routing_history (
  deployment    text        NOT NULL,
  revision      bigint      NOT NULL,
  state         jsonb       NOT NULL,
  committed_at  timestamptz NOT NULL DEFAULT now(),
  committed_by  text        NOT NULL DEFAULT '',
  PRIMARY KEY (deployment, revision)
);
