package io.intentops.governance.auth;

/**
 * What a governance call does, as checked by an {@link Authorizer}. One constant per kind of call;
 * reads of the registry are not access-controlled in-process (whoever holds the store can read it),
 * except audit queries and lineage, which need {@link #READ}.
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
  /** Query the audit log, proofs and lineage. */
  READ
}
