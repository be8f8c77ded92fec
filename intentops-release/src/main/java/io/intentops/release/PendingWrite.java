package io.intentops.release;

import java.time.Instant;
import java.util.Objects;

/**
 * A governance write the loop owes but could not make yet (the store or audit log failed). It is
 * retried on the next router event, on {@link ReleaseLoop#reconcile()} and by {@link
 * ReleaseLoop#schedule}; the debt itself is derived from durable state (the routing state and the
 * registry), so it survives a restart. Immutable.
 *
 * @param key what is owed, e.g. {@code canary-rollback 1.1.0-2@1764763200000} or {@code promotion 1.1.0-2}
 * @param attempts failed attempts so far (at least 1)
 * @param lastError the last failure's message
 * @param since when the first attempt failed
 */
public record PendingWrite(String key, int attempts, String lastError, Instant since) {
  public PendingWrite {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(since, "since");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }
  }
}
