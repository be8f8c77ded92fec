package io.intentops.governance.internal;

import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.auth.AccessDeniedException;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Permission;
import io.intentops.governance.auth.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Authorization checks; every refusal is audited before it throws. Thread-safe. */
final class AccessControl {
  private final @Nullable Authorizer authorizer;
  private final AuditOutbox outbox;

  AccessControl(@Nullable Authorizer authorizer, AuditOutbox outbox) {
    this.authorizer = authorizer;
    this.outbox = outbox;
  }

  /** Whether an {@link Authorizer} is configured (principal-less calls are then refused). */
  boolean authorizing() {
    return authorizer != null;
  }

  /** A principal-less (unauthenticated, embedded/dev) call: refused when an authorizer is configured. */
  void legacy(Permission p, String subject, @Nullable String actor) {
    if (authorizer != null) {
      deny(null, actor, p, subject, "unauthenticated " + p + " on " + subject + " (actor '" + actor
          + "' is not a principal): an Authorizer is configured, use the Principal form");
    }
  }

  /** Checks {@code who} against the authorizer (every principal call passes when none is configured). */
  void guard(Principal who, Permission p, String subject) {
    java.util.Objects.requireNonNull(who, "principal");
    if (authorizer != null && !authorizer.permits(who, p, subject)) {
      deny(who, who.id(), p, subject, "access denied: " + who.id() + " (roles " + who.roles() + ") may not " + p
          + " on " + subject);
    }
  }

  /** Audits the refusal (outside any transaction: nothing else happens) and throws. */
  void deny(@Nullable Principal who, @Nullable String actor, Permission p, String subject, String message) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("permission", p.name());
    d.put("reason", message);
    d.put("authenticated", Boolean.toString(who != null));
    if (who != null) {
      d.put("roles", String.join(",", who.roles()));
    }
    String a = actor == null || actor.isBlank() ? "anonymous" : actor;
    outbox.appendNow(AuditEvent.of("auth.denied", a, subject, d));
    throw new AccessDeniedException(who == null ? null : who.id(), p, subject, message);
  }
}
