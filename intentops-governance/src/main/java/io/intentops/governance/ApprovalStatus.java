package io.intentops.governance;

import io.intentops.governance.policy.Role;
import io.intentops.core.ModelVersion;
import java.util.List;
import java.util.Set;

/**
 * Where a version's approval stands against a set of required roles. Immutable.
 *
 * @param model model name
 * @param version version
 * @param requested whether an approval request exists
 * @param requiredRoles roles that must approve
 * @param approvedRoles roles that have approved
 * @param missingRoles required roles without an approval
 * @param rejectedBy approvers who rejected (any rejection is final)
 * @param approvalIds ids of the approving records
 * @param reviewSteps the ordered review steps required (role names)
 * @param missingSteps review steps not yet approved in order (the first is the one that may approve next)
 */
public record ApprovalStatus(String model, ModelVersion version, boolean requested, Set<Role> requiredRoles,
    Set<Role> approvedRoles, Set<Role> missingRoles, List<String> rejectedBy, List<String> approvalIds,
    List<String> reviewSteps, List<String> missingSteps) {
  public ApprovalStatus {
    requiredRoles = roles(requiredRoles);
    approvedRoles = roles(approvedRoles);
    missingRoles = roles(missingRoles);
    rejectedBy = List.copyOf(rejectedBy);
    approvalIds = List.copyOf(approvalIds);
    reviewSteps = List.copyOf(reviewSteps);
    missingSteps = List.copyOf(missingSteps);
  }

  /** A status without review steps (the form before review steps existed). */
  public ApprovalStatus(String model, ModelVersion version, boolean requested, Set<Role> requiredRoles,
      Set<Role> approvedRoles, Set<Role> missingRoles, List<String> rejectedBy, List<String> approvalIds) {
    this(model, version, requested, requiredRoles, approvedRoles, missingRoles, rejectedBy, approvalIds, List.of(),
        List.of());
  }

  private static Set<Role> roles(Set<Role> in) {
    java.util.EnumSet<Role> s = java.util.EnumSet.noneOf(Role.class);
    s.addAll(in);
    return java.util.Collections.unmodifiableSet(s);
  }

  /** Whether the version is approved: requested, no rejection, no required role and no review step missing. */
  public boolean approved() {
    return requested && rejectedBy.isEmpty() && missingRoles.isEmpty() && missingSteps.isEmpty();
  }
}
