package io.intentops.governance.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The roles an approver can act in. Parse user input with {@link #parse(String)}. */
public enum Role {
  /** Machine-learning lead: owns model quality. */
  ML_LEAD,
  /** Product owner: owns the customer-facing behaviour. */
  PRODUCT_OWNER,
  /** Compliance officer: owns regulatory sign-off. */
  COMPLIANCE_OFFICER,
  /** Security officer: owns the security review. */
  SECURITY_OFFICER;

  /**
   * Parses a role name (case-insensitive, {@code -} or space accepted for {@code _}).
   *
   * @throws UnknownRoleException naming the value and the known roles
   */
  public static Role parse(String text) {
    if (text != null) {
      String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
      for (Role r : values()) {
        if (r.name().equals(t)) {
          return r;
        }
      }
    }
    throw new UnknownRoleException(text);
  }

  /** The known role names, comma-separated, for messages. */
  static String known() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
