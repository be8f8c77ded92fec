package io.intentops.eval.metrics;

import io.intentops.core.report.ConfidenceInterval;
import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap over examples. Each resample draws {@code n} example indices with replacement
 * and passes the statistic a weight array ({@code weights[i]} = how often example {@code i} was drawn),
 * so statistics that are ratios of per-example sums (accuracy, entity F1) cost O(n) per resample. The
 * interval bounds are the {@code (1-level)/2} and {@code (1+level)/2} quantiles of the resampled
 * statistics (linear interpolation, numpy's default). Randomness comes from {@link Random} with a fixed
 * seed, whose sequence the Java specification fixes, so results are identical on every JVM.
 * Immutable and thread-safe (each call makes its own generator).
 *
 * @param resamples number of resamples, at least 1
 * @param seed random seed
 * @param level confidence level in (0, 1)
 */
public record Bootstrap(int resamples, long seed, double level) {
  /** Default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 1000;
  /** Default seed (the project-wide seed). */
  public static final long DEFAULT_SEED = 2025L;
  /** Default confidence level. */
  public static final double DEFAULT_LEVEL = 0.95;
  /** 1000 resamples, seed 2025, 95 %. */
  public static final Bootstrap DEFAULT = new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_LEVEL);

  public Bootstrap {
    if (resamples < 1) {
      throw Args.invalid("bootstrap resamples must be >= 1, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw Args.invalid("bootstrap level must be in (0, 1), got " + level);
    }
  }

  /**
   * Bootstraps {@code statistic} over {@code n} examples.
   *
   * @param n number of examples, at least 1
   * @param statistic maps a weight array (length n, summing to n) to the statistic; the all-ones
   *     array gives the point estimate
   */
  public ConfidenceInterval interval(int n, ToDoubleFunction<int[]> statistic) {
    if (n < 1) {
      throw Args.invalid("bootstrap needs at least one example");
    }
    int[] w = new int[n];
    Arrays.fill(w, 1);
    double estimate = statistic.applyAsDouble(w);
    double[] stats = new double[resamples];
    Random rnd = new Random(seed);
    for (int r = 0; r < resamples; r++) {
      Arrays.fill(w, 0);
      for (int i = 0; i < n; i++) {
        w[rnd.nextInt(n)]++;
      }
      stats[r] = statistic.applyAsDouble(w);
    }
    Arrays.sort(stats);
    return new ConfidenceInterval(estimate, quantile(stats, (1 - level) / 2), quantile(stats, (1 + level) / 2),
        level, resamples, seed);
  }

  /**
   * Stratified bootstrap over two groups (for example in-domain and OOS texts): each resample draws
   * {@code n1} indices from the first group and {@code n2} from the second, so both are always present.
   */
  public ConfidenceInterval interval(int n1, int n2, java.util.function.ToDoubleBiFunction<int[], int[]> statistic) {
    if (n1 < 1 || n2 < 1) {
      throw Args.invalid("stratified bootstrap needs at least one example per group, got " + n1 + " and " + n2);
    }
    int[] w1 = new int[n1];
    int[] w2 = new int[n2];
    Arrays.fill(w1, 1);
    Arrays.fill(w2, 1);
    double estimate = statistic.applyAsDouble(w1, w2);
    double[] stats = new double[resamples];
    Random rnd = new Random(seed);
    for (int r = 0; r < resamples; r++) {
      Arrays.fill(w1, 0);
      Arrays.fill(w2, 0);
      for (int i = 0; i < n1; i++) {
        w1[rnd.nextInt(n1)]++;
      }
      for (int i = 0; i < n2; i++) {
        w2[rnd.nextInt(n2)]++;
      }
      stats[r] = statistic.applyAsDouble(w1, w2);
    }
    Arrays.sort(stats);
    return new ConfidenceInterval(estimate, quantile(stats, (1 - level) / 2), quantile(stats, (1 + level) / 2),
        level, resamples, seed);
  }

  /** Quantile of sorted data with linear interpolation between order statistics (numpy "linear"). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
