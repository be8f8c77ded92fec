package io.intentops.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TopIndicesTest {
  /** The selection equals the first k of a stable descending sort, ties (few distinct values) included. */
  @Property(tries = 500, seed = "2025")
  void equalsTheFirstKOfAStableDescendingSort(@ForAll @IntRange(min = 1, max = 90) int n,
      @ForAll @IntRange(min = 1, max = 90) int k, @ForAll @IntRange(min = 1, max = 100) int distinct,
      @ForAll long seed) {
    int kk = Math.min(k, n);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = rnd.nextInt(distinct) / (double) distinct;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    int[] want = new int[kk];
    for (int i = 0; i < kk; i++) {
      want[i] = order[i];
    }
    assertThat(DefaultIntentPredictor.topIndices(p, kk)).isEqualTo(want);
  }
}
