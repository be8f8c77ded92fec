package io.intentops.governance;

import io.intentops.core.ConfigurationException;
import io.intentops.governance.auth.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * Who must approve a break-glass override of a policy {@code deny}: each role of
 * {@code approverRoles}, each by a different person, none of them the requester. At least two roles,
 * so no single person can override a deny. Immutable; build with {@link #custom()}.
 *
 * @param approverRoles role names (normalised), at least {@value #MIN_APPROVERS}
 */
public record BreakGlassPolicy(List<String> approverRoles) {
  /** Fewest approver roles (and so approvers) a break-glass policy may have. */
  public static final int MIN_APPROVERS = 2;
  /** Default approver roles: the compliance officer (regulatory risk) and the ML lead (model risk). */
  public static final List<String> DEFAULT_APPROVER_ROLES = List.of("COMPLIANCE_OFFICER", "ML_LEAD");

  public BreakGlassPolicy {
    List<String> roles = new ArrayList<>();
    for (String r : approverRoles) {
      String n = Principal.normalizeRole(r);
      if (roles.contains(n)) {
        throw new ConfigurationException("BreakGlassPolicy lists role " + n + " twice");
      }
      roles.add(n);
    }
    if (roles.size() < MIN_APPROVERS) {
      throw new ConfigurationException("BreakGlassPolicy needs at least " + MIN_APPROVERS + " approver roles, got "
          + roles);
    }
    approverRoles = List.copyOf(roles);
  }

  /** The default policy ({@link #DEFAULT_APPROVER_ROLES}). */
  public static BreakGlassPolicy defaults() {
    return new BreakGlassPolicy(DEFAULT_APPROVER_ROLES);
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Builder for {@link BreakGlassPolicy}. Not thread-safe. */
  public static final class Builder {
    private List<String> roles = DEFAULT_APPROVER_ROLES;

    private Builder() {}

    /** The roles that must each approve (replaces the defaults). */
    public Builder approverRoles(String... roles) {
      this.roles = List.of(roles);
      return this;
    }

    /** Validates and builds. */
    public BreakGlassPolicy build() {
      return new BreakGlassPolicy(roles);
    }
  }
}
