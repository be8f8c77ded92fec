package io.intentops.governance.policy;

import java.util.Locale;
import java.util.Optional;

/** What a matching policy rule (or the default) decides. JSON names are lower case. */
public enum PolicyAction {
  /** Deploy without further approval. */
  ALLOW,
  /** Deploy only with approvals from the rule's approver roles. */
  REQUIRE_APPROVAL,
  /** Never deploy. */
  DENY;

  /** The JSON name, e.g. {@code require_approval}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action with this JSON name, if any. */
  public static Optional<PolicyAction> byJsonName(String s) {
    for (PolicyAction a : values()) {
      if (a.jsonName().equals(s)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
