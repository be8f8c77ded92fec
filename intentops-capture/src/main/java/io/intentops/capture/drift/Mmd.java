package io.intentops.capture.drift;

import java.util.Random;

/**
 * MMD² two-sample test with an RBF kernel of fixed bandwidth between a fixed reference sample X (m
 * rows) and a window sample Y (n rows), with a permutation p-value. The statistic is the unbiased
 * U-statistic {@code 2 Sxx/(m(m-1)) + 2 Syy/(n(n-1)) - 2 Sxy/(mn)} (S.. are kernel sums over distinct
 * pairs). Per window: one (m + n)^2 / 2 kernel matrix less the constant X-X block, which is computed
 * once, so m n + n^2 / 2 kernel evaluations of d multiply-adds; then each permutation re-splits the
 * pooled sample and sums (m^2 + n^2) / 2 matrix entries (the cross sum follows from the constant
 * total). p = (1 + #{permuted statistic >= observed}) / (1 + permutations). Not thread-safe (one
 * instance per monitor, used under its lock); reuses its buffers across windows.
 */
final class Mmd {
  record Result(double mmd2, double pValue) {}

  private final float[][] x;
  private final int m;
  private final int maxN;
  private final double gamma; // 1 / (2 bandwidth^2)
  private final float[] k; // (m + maxN)^2, row-major, symmetric; the X-X block is filled once
  private final int stride;
  private final int[] perm;

  Mmd(float[][] reference, double bandwidth, int maxWindow) {
    this.x = reference;
    this.m = reference.length;
    this.maxN = maxWindow;
    this.gamma = 1 / (2 * bandwidth * bandwidth);
    this.stride = m + maxWindow;
    this.k = new float[stride * stride];
    this.perm = new int[stride];
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        float v = kernel(x[i], x[j]);
        k[i * stride + j] = v;
        k[j * stride + i] = v;
      }
    }
  }

  static double squaredDistance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  private float kernel(float[] a, float[] b) {
    return (float) Math.exp(-gamma * squaredDistance(a, b));
  }

  /** Tests the first {@code n} rows of {@code y} (2 <= n <= maxWindow) with {@code permutations} shuffles of {@code rnd}. */
  Result test(float[][] y, int n, int permutations, Random rnd) {
    if (n < 2 || n > maxN) {
      throw new IllegalArgumentException("window sample must have 2.." + maxN + " rows, got " + n);
    }
    int total = m + n;
    double sxy = 0;
    for (int a = 0; a < n; a++) {
      int r = m + a;
      for (int i = 0; i < m; i++) {
        float v = kernel(y[a], x[i]);
        k[r * stride + i] = v;
        k[i * stride + r] = v;
        sxy += v;
      }
      for (int b = a + 1; b < n; b++) {
        float v = kernel(y[a], y[b]);
        k[r * stride + m + b] = v;
        k[(m + b) * stride + r] = v;
      }
    }
    for (int i = 0; i < total; i++) {
      perm[i] = i;
    }
    // The observed split summed the same way as the permuted ones, so ties compare like with like.
    double oxx = blockSum(0, m);
    double oyy = blockSum(m, total);
    double all = oxx + oyy + sxy;
    double observed = statistic(oxx, oyy, sxy, m, n);
    int atLeast = 0;
    for (int p = 0; p < permutations; p++) {
      // Fisher-Yates on the pooled indices; the first m play X, the rest Y.
      for (int i = total - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      double pxx = blockSum(0, m);
      double pyy = blockSum(m, total);
      if (statistic(pxx, pyy, all - pxx - pyy, m, n) >= observed) {
        atLeast++;
      }
    }
    return new Result(observed, (1.0 + atLeast) / (1.0 + permutations));
  }

  /** Sum of kernel entries over distinct pairs of perm[from..to). */
  private double blockSum(int from, int to) {
    double s = 0;
    for (int a = from; a < to; a++) {
      int row = perm[a] * stride;
      float acc = 0; // float per row: at most a few hundred terms in [0, 1]
      for (int b = a + 1; b < to; b++) {
        acc += k[row + perm[b]];
      }
      s += acc;
    }
    return s;
  }

  private static double statistic(double sxx, double syy, double sxy, int m, int n) {
    return 2 * sxx / ((double) m * (m - 1)) + 2 * syy / ((double) n * (n - 1)) - 2 * sxy / ((double) m * n);
  }
}
