package io.intentops.governance.audit;

import io.intentops.core.Checksum;
import java.util.List;

/**
 * RFC 9162 consistency proof that the log of {@code secondSize} entries with root {@code secondRoot}
 * is the log of {@code firstSize} entries with root {@code firstRoot} plus appended entries, nothing
 * removed or rewritten. A holder of an older {@link SignedHead} checks it with
 * {@link AuditLog#verifyConsistency(SignedHead, SignedHead, ConsistencyProof)}; a log that was
 * truncated and rebuilt cannot produce one. Immutable.
 *
 * @param firstSize entries of the older tree
 * @param secondSize entries of the newer tree
 * @param firstRoot root of the older tree as the log computes it now
 * @param secondRoot root of the newer tree
 * @param path the proof nodes (RFC 9162 section 2.1.4.1)
 */
public record ConsistencyProof(long firstSize, long secondSize, Checksum firstRoot, Checksum secondRoot,
    List<Checksum> path) {
  public ConsistencyProof {
    path = List.copyOf(path);
  }
}
