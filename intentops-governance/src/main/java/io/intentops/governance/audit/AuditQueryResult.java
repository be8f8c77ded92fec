package io.intentops.governance.audit;

import io.intentops.core.Checksum;
import java.util.List;

/**
 * The entries an {@link AuditQuery} matched, each with an inclusion proof against the same tree
 * ({@code treeSize}, {@code root}), so a reader who trusts a signed head of that size can check every
 * result without the rest of the log. Immutable.
 *
 * @param entries matching entries in log order (at most the query's limit)
 * @param proofs one inclusion proof per entry, same order
 * @param treeSize entries in the tree the proofs are against
 * @param root that tree's Merkle root
 * @param truncated whether more entries matched than the limit allowed
 */
public record AuditQueryResult(List<AuditEntry> entries, List<InclusionProof> proofs, long treeSize, Checksum root,
    boolean truncated) {
  public AuditQueryResult {
    entries = List.copyOf(entries);
    proofs = List.copyOf(proofs);
    if (entries.size() != proofs.size()) {
      throw new IllegalArgumentException("one proof per entry: " + entries.size() + " entries, " + proofs.size()
          + " proofs");
    }
  }

  /** Whether every proof checks out against {@link #root} (needs no access to the log). */
  public boolean verify() {
    for (int i = 0; i < entries.size(); i++) {
      InclusionProof p = proofs.get(i);
      if (p.index() != entries.get(i).index() || !p.leafHash().matches(entries.get(i).leafHash())
          || p.treeSize() != treeSize || !p.root().matches(root) || !AuditLog.verifyInclusion(p)) {
        return false;
      }
    }
    return true;
  }
}
