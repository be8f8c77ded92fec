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

  @Test
  void knownAnswerForHashingConstants() {
    // RFC 6962: empty tree = SHA-256 of the empty string.
    assertThat(Merkle.emptyRoot().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // Leaf of the empty string = SHA-256(0x00).
    assertThat(Merkle.leaf(new byte[0]).hex()).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }
}
