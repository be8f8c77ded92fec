package io.intentops.governance.auth;

import io.intentops.core.PolicyViolationException;
import org.jspecify.annotations.Nullable;

/**
 * A governance call was refused by the configured {@link Authorizer}: the principal lacks the
 * permission, a principal-less call was made while an authorizer is configured, or an approver
 * claimed a role they do not hold. The refusal is in the audit log as an {@code auth.denied} event
 * before this is thrown, and nothing was changed.
 */
public class AccessDeniedException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String principal;
  private final Permission permission;
  private final String subject;

  public AccessDeniedException(@Nullable String principal, Permission permission, String subject, String message) {
    super(message);
    this.principal = principal;
    this.permission = permission;
    this.subject = subject;
  }

  /** The principal's id, or null for a principal-less call. */
  public @Nullable String principal() {
    return principal;
  }

  /** What was refused. */
  public Permission permission() {
    return permission;
  }

  /** What it was refused on. */
  public String subject() {
    return subject;
  }
}
