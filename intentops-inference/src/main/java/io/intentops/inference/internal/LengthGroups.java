package io.intentops.inference.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a batch of tokenised texts into encoder runs so that less work is spent on padding.
 *
 * <p>A padded batch costs {@code size × longest} token positions. Texts that arrive together in a
 * micro-batch have unrelated lengths, so one run wastes up to half its positions on padding. The
 * plan sorts the texts by length and cuts the sorted order into contiguous groups, minimising
 * {@code Σ (groupSize × groupLongest) + runCost × groups} exactly by dynamic programming; the run
 * cost stands for the fixed price of an extra ONNX Runtime call and the lower GEMM efficiency of
 * smaller batches, in token positions. Stateless and thread-safe.
 */
final class LengthGroups {
  /** Fixed cost of one more encoder run, in padded token positions. */
  static final int DEFAULT_RUN_COST = 24;
  /** Longest group considered; bounds the planner at O(n × MAX_GROUP). */
  static final int MAX_GROUP = 256;

  private LengthGroups() {}

  /**
   * Groups of indices into {@code lengths}; every index appears exactly once, groups are ordered by
   * length and each group's indices are in ascending length order.
   */
  static List<int[]> plan(int[] lengths, int runCost) {
    return plan(lengths, runCost, MAX_GROUP);
  }

  /**
   * As {@link #plan(int[], int)}, with no group larger than {@code maxGroup} (at most
   * {@link #MAX_GROUP}).
   */
  static List<int[]> plan(int[] lengths, int runCost, int maxGroup) {
    int limit = Math.max(1, Math.min(MAX_GROUP, maxGroup));
    int n = lengths.length;
    if (n == 0) {
      return List.of();
    }
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i));
    long[] best = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int j = 1; j <= n; j++) {
      long longest = lengths[boxed[j - 1]];
      best[j] = Long.MAX_VALUE;
      for (int i = Math.max(0, j - limit); i < j; i++) {
        long cost = best[i] + (j - i) * longest + runCost;
        if (cost < best[j]) {
          best[j] = cost;
          cut[j] = i;
        }
      }
    }
    List<int[]> groups = new ArrayList<>();
    for (int j = n; j > 0; j = cut[j]) {
      int i = cut[j];
      int[] g = new int[j - i];
      for (int k = i; k < j; k++) {
        g[k - i] = boxed[k];
      }
      groups.add(g);
    }
    java.util.Collections.reverse(groups);
    return groups;
  }

  /** Padded positions plus run costs of a plan, for tests and diagnostics. */
  static long cost(int[] lengths, List<int[]> groups, int runCost) {
    long total = 0;
    for (int[] g : groups) {
      int longest = 0;
      for (int i : g) {
        longest = Math.max(longest, lengths[i]);
      }
      total += (long) g.length * longest + runCost;
    }
    return total;
  }
}
