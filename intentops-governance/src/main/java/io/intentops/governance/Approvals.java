package io.intentops.governance;

import io.intentops.governance.policy.UnknownRoleException;
import io.intentops.governance.policy.Role;
import io.intentops.core.ModelVersion;
import java.util.Collection;
import java.util.List;
import io.intentops.governance.auth.Principal;

/**
 * Approval requests and decisions. Rules: a version needs an eval report and a request before anyone
 * decides; the submitter can never approve or reject their own request (separation of duties); each
 * approver decides once and decisions are final; one rejection blocks the version; a role outside
 * {@link Role} is rejected with {@link UnknownRoleException}. Every request and decision is recorded in
 * the store and the audit log. Thread-safe.
 *
 * <p>Roles are data: besides the predefined {@link Role}s, a decision may be given in any role that is
 * a review step of the configured {@link ApprovalPolicy} or, in the {@link Principal} form, any role the
 * principal holds. Review steps are ordered: a step's approval is refused until the steps before it
 * are approved. The {@link Principal} forms are checked by the configured
 * {@link io.intentops.governance.auth.Authorizer}; a decision's approver must be the principal and its
 * role one the principal holds. The {@code String} forms are the unauthenticated, embedded/dev mode,
 * refused when an authorizer is configured (see {@link Registry}).
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

  /** {@link #request(String, ModelVersion, String)} as {@code who} (permission REQUEST_APPROVAL). */
  ApprovalRequest request(Principal who, String model, ModelVersion version);

  /**
   * {@link #decide(String, ModelVersion, Decision)} as {@code who} (permission DECIDE); the decision's
   * approver must be {@code who}'s id and its role one {@code who} holds.
   */
  ApprovalRecord decide(Principal who, String model, ModelVersion version, Decision decision);
}
