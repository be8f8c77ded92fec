package io.intentops.governance.auth;

/**
 * What a governance call does, as checked by an {@link Authorizer}. One constant per kind of mutating
 * call. Reads (registry, audit queries, lineage) are not access-controlled in-process, since whoever
 * holds the handle can read the store's files; {@link #READ} is there for a host that serves them to
 * users and asks the same authorizer first.
 */
public enum Permission {
  /** Register a version or bundle. */
  REGISTER,
  /** Attach an eval report to a version. */
  ATTACH_EVAL,
  /** Move a version between non-production stages. */
  TRANSITION,
  /** Point a custom alias at a version. */
  SET_ALIAS,
  /** Open an approval request (submit for review). */
  REQUEST_APPROVAL,
  /** Record an approval decision or review step (in a role the principal holds). */
  DECIDE,
  /** Run the deploy gate. */
  GATE_CHECK,
  /** Promote a version to production. */
  PROMOTE,
  /** Roll production back to the previous version. */
  ROLLBACK,
  /** Write a correction record for a release. */
  CORRECT,
  /** Ask for a break-glass override of a policy {@code deny}. */
  REQUEST_OVERRIDE,
  /** Approve a break-glass override (in a role the principal holds). */
  APPROVE_OVERRIDE,
  /** Read the registry, the audit log and lineage (for hosts that gate reads; see the class comment). */
  READ
}
