package io.intentops.eval.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Distribution-shift statistics between a baseline sample and a current one. Stateless and thread-safe.
 *
 * <p><b>PSI bin rule.</b> For numeric samples, bin edges are the baseline's deciles (the quantiles at
 * 0.1, ..., 0.9 with linear interpolation; duplicate edges are merged, so a baseline with few distinct
 * values gets fewer bins). Bins are right-closed: {@code (-inf, e1], (e1, e2], ..., (e9, +inf)}. For
 * categorical samples every category seen in either sample is a bin. A bin's share that is 0 in either
 * sample is replaced by {@value #PSI_EPSILON} before taking logs, so PSI stays finite.
 * PSI = sum over bins of (current - baseline) * ln(current / baseline). Rule of thumb: below 0.1 no
 * shift, 0.1 to 0.25 moderate, above 0.25 significant.
 */
public final class DriftMetrics {
  /** Share used in place of an empty bin's 0 when computing PSI. */
  public static final double PSI_EPSILON = 1e-4;
  /** Number of quantile bins for numeric PSI. */
  public static final int PSI_BINS = 10;

  private DriftMetrics() {}

  /** The baseline decile edges used by {@link #psi(double[], double[])}, sorted and distinct. */
  public static double[] psiEdges(double[] baseline) {
    nonEmptyFinite(baseline, "baseline");
    double[] s = baseline.clone();
    Arrays.sort(s);
    TreeSet<Double> edges = new TreeSet<>();
    for (int k = 1; k < PSI_BINS; k++) {
      edges.add(Bootstrap.quantile(s, (double) k / PSI_BINS));
    }
    return edges.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Population stability index of a numeric sample against a baseline (decile bins, see class docs). */
  public static double psi(double[] baseline, double[] current) {
    nonEmptyFinite(current, "current");
    double[] edges = psiEdges(baseline);
    return psiFromShares(shares(baseline, edges), shares(current, edges));
  }

  /** Population stability index of categorical counts (every category of either sample is a bin). */
  public static double psi(Map<String, ? extends Number> baselineCounts, Map<String, ? extends Number> currentCounts) {
    double[][] p = aligned(baselineCounts, currentCounts);
    return psiFromShares(p[0], p[1]);
  }

  /**
   * Two-sample Kolmogorov-Smirnov statistic D = sup |F_baseline - F_current| (commons-math3).
   */
  public static double ksStatistic(double[] baseline, double[] current) {
    nonEmptyFinite(baseline, "baseline");
    nonEmptyFinite(current, "current");
    return new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(baseline, current);
  }

  /**
   * Two-sample Kolmogorov-Smirnov p-value (commons-math3: exact for small samples, asymptotic for
   * large ones; ties are broken with commons-math3's fixed-seed jitter, so the result is deterministic).
   */
  public static double ksPValue(double[] baseline, double[] current) {
    nonEmptyFinite(baseline, "baseline");
    nonEmptyFinite(current, "current");
    return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(baseline, current);
  }

  /**
   * Jensen-Shannon distance (the square root of the JS divergence) with logarithms to base 2, in [0, 1];
   * equal to SciPy's {@code jensenshannon(p, q, base=2)}. The inputs are normalised to sum to 1.
   */
  public static double jensenShannonDistance(double[] p, double[] q) {
    return jensenShannonDistance(p, q, 2.0);
  }

  /** Jensen-Shannon distance with logarithms to {@code base} (SciPy {@code jensenshannon(p, q, base)}). */
  public static double jensenShannonDistance(double[] p, double[] q, double base) {
    if (p.length != q.length || p.length == 0) {
      throw Args.invalid("Jensen-Shannon needs two non-empty distributions of equal length, got " + p.length + " and " + q.length);
    }
    if (!(base > 1)) {
      throw Args.invalid("log base must be > 1, got " + base);
    }
    double[] a = normalise(p, "p");
    double[] b = normalise(q, "q");
    double js = 0;
    for (int i = 0; i < a.length; i++) {
      double m = (a[i] + b[i]) / 2;
      js += a[i] > 0 ? 0.5 * a[i] * Math.log(a[i] / m) : 0;
      js += b[i] > 0 ? 0.5 * b[i] * Math.log(b[i] / m) : 0;
    }
    return Math.sqrt(Math.max(0, js / Math.log(base)));
  }

  /** Jensen-Shannon distance (base 2) between categorical counts over the union of categories. */
  public static double jensenShannonDistance(Map<String, ? extends Number> baselineCounts, Map<String, ? extends Number> currentCounts) {
    double[][] p = aligned(baselineCounts, currentCounts);
    return jensenShannonDistance(p[0], p[1]);
  }

  static double[] shares(double[] xs, double[] edges) {
    double[] s = new double[edges.length + 1];
    for (double x : xs) {
      int lo = Arrays.binarySearch(edges, x);
      int bin = lo >= 0 ? lo : -lo - 1; // right-closed: x == edge goes into the bin that ends at it
      s[bin]++;
    }
    for (int i = 0; i < s.length; i++) {
      s[i] /= xs.length;
    }
    return s;
  }

  private static double psiFromShares(double[] b, double[] c) {
    double psi = 0;
    for (int i = 0; i < b.length; i++) {
      double bi = Math.max(b[i], PSI_EPSILON);
      double ci = Math.max(c[i], PSI_EPSILON);
      psi += (ci - bi) * Math.log(ci / bi);
    }
    return psi;
  }

  private static double[][] aligned(Map<String, ? extends Number> a, Map<String, ? extends Number> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    if (keys.isEmpty()) {
      throw Args.invalid("categorical drift needs at least one category");
    }
    double[][] out = new double[2][keys.size()];
    int i = 0;
    for (String k : keys) {
      out[0][i] = count(a.get(k), "baseline", k);
      out[1][i] = count(b.get(k), "current", k);
      i++;
    }
    return new double[][] {normalise(out[0], "baseline"), normalise(out[1], "current")};
  }

  private static double count(Number n, String side, String key) {
    double v = n == null ? 0 : n.doubleValue();
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw Args.invalid(side + " count for '" + key + "' must be a finite non-negative number, got " + n);
    }
    return v;
  }

  private static double[] normalise(double[] p, String name) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0) || Double.isInfinite(p[i])) {
        throw Args.invalid(name + "[" + i + "] must be finite and non-negative, got " + p[i]);
      }
      sum += p[i];
    }
    if (sum == 0) {
      throw Args.invalid(name + " has total mass 0");
    }
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] / sum;
    }
    return out;
  }

  private static void nonEmptyFinite(double[] xs, String name) {
    if (xs.length == 0) {
      throw Args.invalid(name + " sample is empty");
    }
    Args.finite(xs, name);
  }
}
