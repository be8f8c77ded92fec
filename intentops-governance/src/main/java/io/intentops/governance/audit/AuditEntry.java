package io.intentops.governance.audit;

import io.intentops.core.Checksum;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of the audit log as stored (after redaction), with its position and Merkle leaf hash.
 * Immutable and thread-safe.
 *
 * @param index 0-based position in the log
 * @param timestamp when it was appended (from the log's clock)
 * @param type event type
 * @param actor who did it
 * @param subject what it was done to
 * @param details redacted details
 * @param leafHash RFC 6962 leaf hash, SHA-256(0x00 || canonical entry bytes)
 */
public record AuditEntry(long index, Instant timestamp, String type, String actor, String subject,
    Map<String, String> details, Checksum leafHash) {
  public AuditEntry {
    details = Collections.unmodifiableMap(new TreeMap<>(details));
  }
}
