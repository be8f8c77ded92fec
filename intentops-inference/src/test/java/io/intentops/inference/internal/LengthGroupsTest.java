package io.intentops.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LengthGroupsTest {

  @Property
  void groupsPartitionTheBatchInLengthOrder(@ForAll @Size(max = 300) List<@IntRange(min = 1, max = 512) Integer> ls,
      @ForAll @IntRange(min = 0, max = 200) int runCost) {
    int[] lengths = ls.stream().mapToInt(Integer::intValue).toArray();
    List<int[]> groups = LengthGroups.plan(lengths, runCost);
    int[] seen = new int[lengths.length];
    int previous = 0;
    for (int[] g : groups) {
      assertThat(g).isNotEmpty();
      assertThat(g.length).isLessThanOrEqualTo(LengthGroups.MAX_GROUP);
      for (int i : g) {
        seen[i]++;
        assertThat(lengths[i]).isGreaterThanOrEqualTo(previous);
        previous = lengths[i];
      }
    }
    assertThat(seen).containsOnly(lengths.length == 0 ? new int[0] : new int[] {1});
    if (lengths.length > 0 && lengths.length <= LengthGroups.MAX_GROUP) {
      // Never worse than padding everything to the longest text in one run.
      int[] all = new int[lengths.length];
      Arrays.setAll(all, i -> i);
      assertThat(LengthGroups.cost(lengths, groups, runCost))
          .isLessThanOrEqualTo(LengthGroups.cost(lengths, List.<int[]>of(all), runCost));
    }
  }

  @Property
  void noGroupExceedsTheRunLimit(@ForAll @Size(max = 300) List<@IntRange(min = 1, max = 128) Integer> ls,
      @ForAll @IntRange(min = 0, max = 400) int runCost, @ForAll @IntRange(min = 1, max = 300) int maxGroup) {
    int[] lengths = ls.stream().mapToInt(Integer::intValue).toArray();
    List<int[]> groups = LengthGroups.plan(lengths, runCost, maxGroup);
    int total = 0;
    for (int[] g : groups) {
      assertThat(g.length).isBetween(1, Math.min(maxGroup, LengthGroups.MAX_GROUP));
      total += g.length;
    }
    assertThat(total).isEqualTo(lengths.length);
  }

  @Property
  void planIsOptimalAmongContiguousCutsOfTheSortedOrder(
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 64) Integer> ls,
      @ForAll @IntRange(min = 0, max = 64) int runCost) {
    int[] lengths = ls.stream().mapToInt(Integer::intValue).toArray();
    Integer[] order = new Integer[lengths.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> lengths[a] != lengths[b] ? Integer.compare(lengths[a], lengths[b]) : Integer.compare(a, b));
    long bestBrute = Long.MAX_VALUE;
    int n = lengths.length;
    for (int mask = 0; mask < 1 << (n - 1); mask++) {
      List<int[]> groups = new ArrayList<>();
      int start = 0;
      for (int k = 1; k <= n; k++) {
        if (k == n || (mask & (1 << (k - 1))) != 0) {
          int[] g = new int[k - start];
          for (int t = start; t < k; t++) {
            g[t - start] = order[t];
          }
          groups.add(g);
          start = k;
        }
      }
      bestBrute = Math.min(bestBrute, LengthGroups.cost(lengths, groups, runCost));
    }
    assertThat(LengthGroups.cost(lengths, LengthGroups.plan(lengths, runCost), runCost)).isEqualTo(bestBrute);
  }

  @Test
  void mixedMicroBatchIsSplitAndEqualLengthsStayTogether() {
    int[] mixed = {6, 18, 7, 17, 8, 16, 6, 18, 7, 17, 8, 16, 6, 18, 7, 17};
    List<int[]> groups = LengthGroups.plan(mixed, LengthGroups.DEFAULT_RUN_COST);
    assertThat(groups).hasSize(2);
    assertThat(LengthGroups.cost(mixed, groups, 0)).isLessThan(16L * 18);
    int[] same = new int[32];
    Arrays.fill(same, 12);
    assertThat(LengthGroups.plan(same, LengthGroups.DEFAULT_RUN_COST)).hasSize(1);
  }
}
