-- Break-glass overrides of a policy deny: requests and approvals, both write-once JSON records in the
-- governance module's format (BreakGlassRequest, BreakGlassApproval).
CREATE TABLE intentops_gov_break_glass (
  store        text    NOT NULL,
  model        text    NOT NULL,
  version      text    NOT NULL,
  override_no  integer NOT NULL,
  ordinal      integer NOT NULL,  -- 0: the request; 1..n: its approvals
  record       jsonb   NOT NULL,
  PRIMARY KEY (store, model, version, override_no, ordinal)
);

-- Audit queries by entity (subject), actor, event type and time range without reading the log: the
-- indexed columns repeat fields of the hashed line (which stays the only source the proofs cover).
ALTER TABLE intentops_audit_entry ADD COLUMN ts timestamptz;
ALTER TABLE intentops_audit_entry ADD COLUMN type text;
ALTER TABLE intentops_audit_entry ADD COLUMN actor text;
ALTER TABLE intentops_audit_entry ADD COLUMN subject text;
UPDATE intentops_audit_entry SET ts = (line::jsonb ->> 'timestamp')::timestamptz, type = line::jsonb ->> 'type',
  actor = line::jsonb ->> 'actor', subject = line::jsonb ->> 'subject';
CREATE INDEX intentops_audit_entry_subject ON intentops_audit_entry (log_name, subject, idx);
CREATE INDEX intentops_audit_entry_actor ON intentops_audit_entry (log_name, actor, idx);
CREATE INDEX intentops_audit_entry_type ON intentops_audit_entry (log_name, type, idx);
CREATE INDEX intentops_audit_entry_ts ON intentops_audit_entry (log_name, ts);
