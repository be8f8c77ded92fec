package io.intentops.governance.audit;

import io.intentops.core.InvalidInputException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A filter over the audit log, answered from its index without reading every entry
 * ({@link AuditLog#query}). Every criterion given must hold; none given matches everything. Immutable;
 * build with {@link #builder()}.
 *
 * @param subject entity: an exact subject such as {@code banking77-intent@1.2.0-3}, or a model name, which
 *     also matches every version of it ({@code NAME@...}); null: any
 * @param actor exact actor; null: any
 * @param type exact event type, or a prefix: ending in {@code .} ({@code breakglass.}) or in {@code *}
 *     ({@code approval.*}, the star dropped); null: any
 * @param from earliest timestamp, inclusive; null: unbounded
 * @param to latest timestamp, exclusive; null: unbounded
 * @param limit most entries returned (the first ones in log order), 1 to {@value #MAX_LIMIT}
 */
public record AuditQuery(@Nullable String subject, @Nullable String actor, @Nullable String type,
    @Nullable Instant from, @Nullable Instant to, int limit) {
  /** Default and largest {@code limit}. */
  public static final int MAX_LIMIT = 10_000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "AuditQuery.limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "AuditQuery time range is empty: from " + from + " is not before to " + to);
    }
  }

  /** The type prefix when {@code type} is one ({@code approval.*} gives {@code approval.}), else null. */
  public @Nullable String typePrefix() {
    if (type == null) {
      return null;
    }
    if (type.endsWith("*")) {
      return type.substring(0, type.length() - 1);
    }
    return type.endsWith(".") ? type : null;
  }

  /** A builder matching everything. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether an entry with these fields matches. */
  public boolean matches(Instant timestamp, String entryType, String entryActor, String entrySubject) {
    if (subject != null && !subject.equals(entrySubject) && !entrySubject.startsWith(subject + "@")) {
      return false;
    }
    if (actor != null && !actor.equals(entryActor)) {
      return false;
    }
    if (type != null && !(typePrefix() != null ? entryType.startsWith(typePrefix()) : type.equals(entryType))) {
      return false;
    }
    if (from != null && timestamp.isBefore(from)) {
      return false;
    }
    return to == null || timestamp.isBefore(to);
  }

  /** Builder for {@link AuditQuery}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String subject;
    private @Nullable String actor;
    private @Nullable String type;
    private @Nullable Instant from;
    private @Nullable Instant to;
    private int limit = MAX_LIMIT;

    private Builder() {}

    /** Exact entity. */
    public Builder subject(String v) {
      subject = Objects.requireNonNull(v);
      return this;
    }

    /** Exact actor. */
    public Builder actor(String v) {
      actor = Objects.requireNonNull(v);
      return this;
    }

    /** Exact event type, or a prefix ending in {@code .}. */
    public Builder type(String v) {
      type = Objects.requireNonNull(v);
      return this;
    }

    /** Earliest timestamp, inclusive. */
    public Builder from(Instant v) {
      from = Objects.requireNonNull(v);
      return this;
    }

    /** Latest timestamp, exclusive. */
    public Builder to(Instant v) {
      to = Objects.requireNonNull(v);
      return this;
    }

    /** Most entries returned; default {@value AuditQuery#MAX_LIMIT}. */
    public Builder limit(int v) {
      limit = v;
      return this;
    }

    /** Validates and builds. */
    public AuditQuery build() {
      return new AuditQuery(subject, actor, type, from, to, limit);
    }
  }
}
