package io.intentops.governance.audit;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something that happened and must be on the record: a registry change, an approval, a policy
 * evaluation, a routing rollback. Any module may build one and pass it to {@link AuditLog#append}.
 * Immutable and thread-safe.
 *
 * @param type event type, e.g. {@code registry.transition} or {@code router.rollback}; 1-100 chars
 *     of letters, digits, {@code . _ -}
 * @param actor who did it (a person, a service account, {@code system})
 * @param subject what it was done to, e.g. {@code banking77-intent@1.2.0-3}
 * @param details further fields; values pass through the log's {@link Redactor} before being written
 */
public record AuditEvent(String type, String actor, String subject, Map<String, String> details) {
  public AuditEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    if (!type.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("Audit event type must be 1-100 chars of [A-Za-z0-9._-], got '" + type + "'");
    }
    if (actor.isBlank()) {
      throw new IllegalArgumentException("Audit event actor must not be blank");
    }
    details = details == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(details));
  }

  /** An event without details. */
  public static AuditEvent of(String type, String actor, String subject) {
    return new AuditEvent(type, actor, subject, Map.of());
  }

  /** An event with details. */
  public static AuditEvent of(String type, String actor, String subject, Map<String, String> details) {
    return new AuditEvent(type, actor, subject, details);
  }
}
