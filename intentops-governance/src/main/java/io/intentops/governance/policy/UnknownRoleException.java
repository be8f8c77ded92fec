package io.intentops.governance.policy;

import io.intentops.core.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** An approver or policy named a role that does not exist. A client error ({@code INVALID_ARGUMENT}). */
public class UnknownRoleException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String role;

  public UnknownRoleException(@Nullable String role) {
    super(Reason.INVALID_ARGUMENT, "Unknown role '" + role + "': known roles are " + Role.known());
    this.role = role;
  }

  /** The rejected role name as given. */
  public @Nullable String role() {
    return role;
  }
}
