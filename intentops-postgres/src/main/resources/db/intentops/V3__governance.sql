-- Governance (registry, approvals, release records, outbox, release log) shared by every instance.
-- Records are JSON documents in the governance module's snake_case format. Every write happens in a
-- transaction that first takes pg_advisory_xact_lock(class, hashtext('governance:' || store)), so
-- governance transactions are exclusive across threads and processes and all-or-nothing.
CREATE TABLE intentops_gov_version (
  store    text  NOT NULL,
  model    text  NOT NULL,
  version  text  NOT NULL,
  entry    jsonb NOT NULL,
  PRIMARY KEY (store, model, version)
);

CREATE TABLE intentops_gov_aliases (
  store    text  NOT NULL,
  model    text  NOT NULL,
  aliases  jsonb NOT NULL,
  PRIMARY KEY (store, model)
);

CREATE TABLE intentops_gov_release (
  store       text   NOT NULL,
  model       text   NOT NULL,
  sequence    bigint NOT NULL,
  release_id  text   NOT NULL,
  record      jsonb  NOT NULL,
  PRIMARY KEY (store, model, sequence),
  UNIQUE (store, release_id)
);

CREATE TABLE intentops_gov_approval_request (
  store    text  NOT NULL,
  model    text  NOT NULL,
  version  text  NOT NULL,
  request  jsonb NOT NULL,
  PRIMARY KEY (store, model, version)
);

CREATE TABLE intentops_gov_approval (
  store        text    NOT NULL,
  model        text    NOT NULL,
  version      text    NOT NULL,
  ordinal      integer NOT NULL,
  approval_id  text    NOT NULL,
  record       jsonb   NOT NULL,
  PRIMARY KEY (store, model, version, ordinal),
  UNIQUE (store, approval_id)
);

CREATE TABLE intentops_gov_eval_report (
  store   text  NOT NULL,
  digest  text  NOT NULL,
  body    bytea NOT NULL,
  PRIMARY KEY (store, digest)
);

CREATE TABLE intentops_gov_outbox (
  store     text      NOT NULL,
  txn_id    text      NOT NULL,
  ordinal   bigserial NOT NULL,
  events    jsonb     NOT NULL,
  PRIMARY KEY (store, txn_id)
);

CREATE TABLE intentops_gov_release_log (
  store        text        NOT NULL,
  ordinal      bigserial   NOT NULL,
  markdown     text        NOT NULL,
  appended_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store, ordinal)
);

-- Audit log: one row per entry (the canonical JSON line, byte for byte as the file log writes it) and
-- one head row per log, which appenders lock (SELECT ... FOR UPDATE) so that index assignment, the
-- Merkle frontier and the signed head advance together, one append at a time.
CREATE TABLE intentops_audit_entry (
  log_name   text   NOT NULL,
  idx        bigint NOT NULL CHECK (idx >= 0),
  line       text   NOT NULL,
  leaf_hash  text   NOT NULL,
  PRIMARY KEY (log_name, idx)
);

CREATE TABLE intentops_audit_head (
  log_name    text        PRIMARY KEY,
  size        bigint      NOT NULL CHECK (size >= 0),
  root        text        NOT NULL,
  frontier    text[]      NOT NULL,  -- roots of the perfect subtrees, largest first (RFC 6962 append in O(log n))
  signed_at   timestamptz NOT NULL,
  signature   text
);
