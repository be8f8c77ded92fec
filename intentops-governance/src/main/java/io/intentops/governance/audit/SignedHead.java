package io.intentops.governance.audit;

import io.intentops.core.Checksum;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The log's tree head: size and Merkle root, signed with HMAC-SHA256 when a key is configured. Publish
 * {@code root} elsewhere (a ticket, a Git tag, a transparency service) to anchor the log externally.
 * Stored as {@code head.json}. Immutable.
 *
 * @param size number of entries covered
 * @param root RFC 6962 Merkle tree hash of the first {@code size} entries (hash of the empty string for 0)
 * @param timestamp when the head was written
 * @param signature hex HMAC-SHA256 over {@code size + "\n" + root + "\n" + timestamp}, or null if unsigned
 */
public record SignedHead(long size, Checksum root, Instant timestamp, @Nullable String signature) {

  /** The bytes the signature covers. */
  public String signedContent() {
    return size + "\n" + root.hex() + "\n" + timestamp;
  }
}
