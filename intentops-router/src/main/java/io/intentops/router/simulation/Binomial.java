package io.intentops.router.simulation;

import java.util.SplittableRandom;

/** Binomial and multinomial draws for the simulator. */
final class Binomial {
  private Binomial() {}

  /**
   * One Binomial(n, p) draw: exact inversion while the mean is below 30 (the tails the judge looks at),
   * a rounded normal approximation above (bulk counts, whose exact shape does not move a decision).
   */
  static long sample(SplittableRandom r, long n, double p) {
    if (n <= 0 || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (p > 0.5) {
      return n - sample(r, n, 1 - p);
    }
    double mean = n * p;
    if (mean < 30) {
      double q = 1 - p;
      double ratio = p / q;
      double f = Math.pow(q, n);
      double u = r.nextDouble();
      long x = 0;
      while (u > f && x < n) {
        u -= f;
        x++;
        f *= ratio * (n - x + 1) / x;
      }
      return x;
    }
    long x = Math.round(mean + Math.sqrt(mean * (1 - p)) * r.nextGaussian());
    return Math.max(0, Math.min(n, x));
  }

  /** Adds a Multinomial(n, bins of {@code cdf}) draw to {@code out}: per request for small n, by conditional binomials above. */
  static void multinomial(SplittableRandom r, long n, double[] cdf, long[] out) {
    if (n <= 0) {
      return;
    }
    if (n <= 32) {
      for (long i = 0; i < n; i++) {
        double u = r.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (cdf[mid] >= u) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        out[lo]++;
      }
      return;
    }
    long left = n;
    double prev = 0;
    for (int i = 0; i < cdf.length && left > 0; i++) {
      double rest = 1 - prev;
      double p = rest <= 0 ? 1 : Math.min(1, (cdf[i] - prev) / rest);
      long k = i == cdf.length - 1 ? left : sample(r, left, p);
      out[i] += k;
      left -= k;
      prev = cdf[i];
    }
  }
}
