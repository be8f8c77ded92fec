package io.intentops.governance.audit;

import io.intentops.core.Checksum;
import java.util.List;

/**
 * RFC 6962 audit path proving that the entry at {@code index} is in the tree of {@code treeSize} entries
 * with root {@code root}. Check it with {@link AuditLog#verifyInclusion}. Immutable.
 *
 * @param index 0-based leaf index
 * @param treeSize number of leaves in the tree
 * @param leafHash the leaf's hash
 * @param path sibling hashes from the leaf upwards
 * @param root the tree's root
 */
public record InclusionProof(long index, long treeSize, Checksum leafHash, List<Checksum> path, Checksum root) {
  public InclusionProof {
    path = List.copyOf(path);
  }
}
