package io.intentops.governance;

import io.intentops.governance.policy.Role;
import io.intentops.core.ConfigurationException;
import io.intentops.governance.auth.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which roles must approve a release before promotion. Separation of duties (a submitter never
 * approves their own release) always applies and cannot be configured away. Immutable; build with
 * {@link #custom()}.
 *
 * <p>Review steps are ordered: {@code reviewSteps("QA_TESTER", "COMPLIANCE_OFFICER")} means a QA
 * tester must approve before a compliance officer may, and both before promotion. Step roles are data
 * (any role name, normalised with {@link Principal#normalizeRole}), so domain roles outside
 * {@link Role} can be steps.
 *
 * @param requiredRoles roles that must each give at least one approval, in any order
 * @param reviewSteps roles that must approve in this order (empty: none)
 */
public record ApprovalPolicy(Set<Role> requiredRoles, List<String> reviewSteps) {
  /** Default required roles: one ML lead and one product owner. */
  public static final Set<Role> DEFAULT_REQUIRED_ROLES =
      Collections.unmodifiableSet(EnumSet.of(Role.ML_LEAD, Role.PRODUCT_OWNER));

  public ApprovalPolicy {
    if (requiredRoles.isEmpty() && reviewSteps.isEmpty()) {
      throw new ConfigurationException("ApprovalPolicy needs at least one required role or review step");
    }
    EnumSet<Role> s = EnumSet.noneOf(Role.class);
    s.addAll(requiredRoles);
    requiredRoles = Collections.unmodifiableSet(s);
    List<String> steps = new ArrayList<>();
    for (String r : reviewSteps) {
      String n = Principal.normalizeRole(r);
      if (steps.contains(n)) {
        throw new ConfigurationException("ApprovalPolicy review step " + n + " is listed twice");
      }
      steps.add(n);
    }
    reviewSteps = List.copyOf(steps);
  }

  /** A policy of required roles without review steps (the form before review steps existed). */
  public ApprovalPolicy(Set<Role> requiredRoles) {
    this(requiredRoles, List.of());
  }

  /** Whether {@code role} (normalised) is one of the review steps. */
  public boolean isReviewStep(String role) {
    return reviewSteps.contains(role);
  }

  /** The default policy ({@link #DEFAULT_REQUIRED_ROLES}). */
  public static ApprovalPolicy defaults() {
    return new ApprovalPolicy(DEFAULT_REQUIRED_ROLES);
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Builder for {@link ApprovalPolicy}. Not thread-safe. */
  public static final class Builder {
    private Set<Role> roles = EnumSet.copyOf(DEFAULT_REQUIRED_ROLES);
    private List<String> steps = List.of();

    private Builder() {}

    /** Roles that must approve (replaces the default set; none is allowed when review steps are set). */
    public Builder requiredRoles(Role... required) {
      roles = EnumSet.noneOf(Role.class);
      Collections.addAll(roles, required);
      return this;
    }

    /** Roles that must approve in this order before promotion (replaces earlier steps). */
    public Builder reviewSteps(String... orderedRoles) {
      steps = List.of(orderedRoles);
      return this;
    }

    /** Validates and builds. */
    public ApprovalPolicy build() {
      return new ApprovalPolicy(roles, steps);
    }
  }
}
