package io.intentops.governance.audit;

import io.intentops.core.Checksum;
import org.jspecify.annotations.Nullable;

/**
 * Result of {@link AuditLog#verify()}. Immutable.
 *
 * @param valid whether every entry and the signed head check out
 * @param entries number of complete entries read
 * @param firstBadIndex 0-based index of the first entry that fails, or -1 when valid (or when only the
 *     head is wrong)
 * @param reason why verification failed, or null when valid
 * @param root Merkle root over all entries read (null for an empty log)
 */
public record AuditVerification(boolean valid, long entries, long firstBadIndex, @Nullable String reason,
    @Nullable Checksum root) {

  /** A passing result. */
  public static AuditVerification ok(long entries, @Nullable Checksum root) {
    return new AuditVerification(true, entries, -1, null, root);
  }

  /** A failing result naming the first bad entry (or -1). */
  public static AuditVerification bad(long entries, long index, String reason, @Nullable Checksum root) {
    return new AuditVerification(false, entries, index, reason, root);
  }
}
