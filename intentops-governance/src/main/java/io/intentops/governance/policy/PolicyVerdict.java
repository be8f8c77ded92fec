package io.intentops.governance.policy;

import java.util.List;

/**
 * The outcome of evaluating a {@link Policy} against a report. Immutable.
 *
 * @param policy policy name
 * @param action what the first matching rule (or the default) decided
 * @param matchedRule 0-based index of the matching rule, or -1 when the default applied
 * @param requiredRoles approver roles the matching rule requires (empty unless {@code REQUIRE_APPROVAL})
 * @param checks every condition evaluated, in order, up to and including the matching rule
 * @param reason a one-line explanation
 * @param reviewSteps ordered review steps (role names) the matching rule requires (empty unless
 *     {@code REQUIRE_APPROVAL} with {@code review_steps})
 */
public record PolicyVerdict(String policy, PolicyAction action, int matchedRule, List<Role> requiredRoles,
    List<ThresholdCheck> checks, String reason, List<String> reviewSteps) {
  public PolicyVerdict {
    requiredRoles = List.copyOf(requiredRoles);
    checks = List.copyOf(checks);
    reviewSteps = List.copyOf(reviewSteps);
  }

  /** A verdict without review steps (the form before review steps existed). */
  public PolicyVerdict(String policy, PolicyAction action, int matchedRule, List<Role> requiredRoles,
      List<ThresholdCheck> checks, String reason) {
    this(policy, action, matchedRule, requiredRoles, checks, reason, List.of());
  }

  /** Whether the policy lets the version be deployed (possibly subject to approvals). */
  public boolean permitsDeployment() {
    return action != PolicyAction.DENY;
  }
}
