package io.intentops.governance;

import io.intentops.governance.policy.Role;
import io.intentops.core.ConfigurationException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which roles must approve a release before promotion. Separation of duties (a submitter never
 * approves their own release) always applies and cannot be configured away. Immutable; build with
 * {@link #custom()}.
 *
 * @param requiredRoles roles that must each give at least one approval
 */
public record ApprovalPolicy(Set<Role> requiredRoles) {
  /** Default required roles: one ML lead and one product owner. */
  public static final Set<Role> DEFAULT_REQUIRED_ROLES =
      Collections.unmodifiableSet(EnumSet.of(Role.ML_LEAD, Role.PRODUCT_OWNER));

  public ApprovalPolicy {
    if (requiredRoles.isEmpty()) {
      throw new ConfigurationException("ApprovalPolicy needs at least one required role");
    }
    EnumSet<Role> s = EnumSet.noneOf(Role.class);
    s.addAll(requiredRoles);
    requiredRoles = Collections.unmodifiableSet(s);
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

    private Builder() {}

    /** Roles that must approve (replaces the default set; at least one). */
    public Builder requiredRoles(Role... required) {
      roles = EnumSet.noneOf(Role.class);
      Collections.addAll(roles, required);
      return this;
    }

    /** Validates and builds. */
    public ApprovalPolicy build() {
      return new ApprovalPolicy(roles);
    }
  }
}
