package io.intentops.governance;

import io.intentops.governance.policy.UnknownRoleException;
import io.intentops.governance.policy.Role;
import io.intentops.core.ModelVersion;
import java.util.Collection;
import java.util.List;

/**
 * Approval requests and decisions. Rules: a version needs an eval report and a request before anyone
 * decides; the submitter can never approve or reject their own request (separation of duties); each
 * approver decides once and decisions are final; one rejection blocks the version; a role outside
 * {@link Role} is rejected with {@link UnknownRoleException}. Every request and decision is recorded in
 * the store and the audit log. Thread-safe.
 */
public interface Approvals {

  /** Opens the approval request of a version (stage CANDIDATE or CANARY, eval report attached). */
  ApprovalRequest request(String model, ModelVersion version, String submitter);

  /** Records a decision; returns the immutable record. */
  ApprovalRecord decide(String model, ModelVersion version, Decision decision);

  /** The version's status against the configured {@link ApprovalPolicy}. */
  ApprovalStatus status(String model, ModelVersion version);

  /** The version's status against {@code requiredRoles}. */
  ApprovalStatus status(String model, ModelVersion version, Collection<Role> requiredRoles);

  /** All decisions on the version, in order. */
  List<ApprovalRecord> decisions(String model, ModelVersion version);
}
