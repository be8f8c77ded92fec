package io.intentops.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import io.intentops.governance.spi.audit.Merkle;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerklePropertiesTest {

  /** RFC 6962 MTH, written directly from the definition. */
  static Checksum mth(List<Checksum> leaves) {
    if (leaves.isEmpty()) {
      return Merkle.emptyRoot();
    }
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return Merkle.node(mth(leaves.subList(0, k)), mth(leaves.subList(k, leaves.size())));
  }

  static List<Checksum> leaves(int n) {
    List<Checksum> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(Merkle.leaf(("entry " + i).getBytes()));
    }
    return l;
  }

  @Property(tries = 60, seed = "2025")
  void incrementalRootEqualsTheRecursiveDefinition(@ForAll @IntRange(min = 0, max = 300) int n) {
    List<Checksum> l = leaves(n);
    List<Checksum> stack = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Merkle.push(stack, l.get(i), i);
    }
    assertThat(Merkle.fold(stack)).isEqualTo(mth(l));
    assertThat(Merkle.root(l, n)).isEqualTo(mth(l));
  }

  @Property(tries = 100, seed = "2025")
  void everyInclusionProofVerifiesAndATamperedOneDoesNot(@ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 0, max = 199) int m) {
    int idx = m % n;
    List<Checksum> l = leaves(n);
    Checksum root = mth(l);
    List<Checksum> path = Merkle.path(l, idx, 0, n);
    assertThat(Merkle.verifyInclusion(l.get(idx), idx, n, path, root)).isTrue();
    Checksum other = Merkle.leaf("not in the tree".getBytes());
    assertThat(Merkle.verifyInclusion(other, idx, n, path, root)).isFalse();
    if (!path.isEmpty()) {
      List<Checksum> bad = new ArrayList<>(path);
      bad.set(0, other);
      assertThat(Merkle.verifyInclusion(l.get(idx), idx, n, bad, root)).isFalse();
    }
  }

  @Property(tries = 150, seed = "2025")
  void everyConsistencyProofVerifiesAndARewrittenPrefixDoesNot(@ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 0, max = 200) int mRaw, @ForAll @IntRange(min = 0, max = 199) int changedRaw) {
    int m = mRaw % (n + 1);
    List<Checksum> l = leaves(n);
    Checksum oldRoot = mth(l.subList(0, m));
    Checksum newRoot = mth(l);
    List<Checksum> path = Merkle.consistencyPath(l, m, n);
    assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, path)).isTrue();
    if (m == 0 || m == n) {
      assertThat(path).isEmpty();
      return;
    }
    // A log whose first m entries differ from the ones the old head covered (truncated and rebuilt)
    // yields no proof that verifies against the old root.
    int changed = changedRaw % m;
    List<Checksum> rebuilt = new ArrayList<>(l);
    rebuilt.set(changed, Merkle.leaf(("rewritten " + changed).getBytes()));
    List<Checksum> rebuiltPath = Merkle.consistencyPath(rebuilt, m, n);
    assertThat(Merkle.verifyConsistency(m, n, oldRoot, mth(rebuilt), rebuiltPath)).isFalse();
    // Tampering with the proof or the sizes fails too.
    List<Checksum> bad = new ArrayList<>(path);
    bad.set(bad.size() - 1, Merkle.leaf("x".getBytes()));
    assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, bad)).isFalse();
    assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, List.of())).isFalse();
    assertThat(Merkle.verifyConsistency(n, m, newRoot, oldRoot, path)).isFalse();
  }

  @Test
  void consistencyProofMatchesTheRfcExample() {
    // RFC 9162 section 2.1.5: the proof between the tree of 3 leaves and the tree of 7 is [c, d, g, l].
    List<Checksum> l = leaves(7);
    Checksum c = l.get(2);
    Checksum d = l.get(3);
    Checksum g = Merkle.node(l.get(0), l.get(1));
    Checksum l2 = Merkle.node(Merkle.node(l.get(4), l.get(5)), l.get(6));
    assertThat(Merkle.consistencyPath(l, 3, 7)).containsExactly(c, d, g, l2);
    // Between 4 and 7: [l] (the old root is prepended by the verifier since 4 is a power of two).
    assertThat(Merkle.consistencyPath(l, 4, 7)).containsExactly(l2);
    // Between 6 and 7: [i, j, k... ] per the RFC example: [i, j, g]
    Checksum i = Merkle.node(l.get(4), l.get(5));
    Checksum j = l.get(6);
    Checksum k = Merkle.node(g, Merkle.node(c, d));
    assertThat(Merkle.consistencyPath(l, 6, 7)).containsExactly(i, j, k);
  }

  @Test
  void knownAnswerForHashingConstants() {
    // RFC 6962: empty tree = SHA-256 of the empty string.
    assertThat(Merkle.emptyRoot().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // Leaf of the empty string = SHA-256(0x00).
    assertThat(Merkle.leaf(new byte[0]).hex()).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }
}
