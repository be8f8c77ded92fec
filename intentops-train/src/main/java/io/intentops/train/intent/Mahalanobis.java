package io.intentops.train.intent;

import io.intentops.core.ConfigurationException;

/**
 * Fits the statistics of the Mahalanobis out-of-scope scorer
 * ({@link io.intentops.inference.head.OosScorer#MAHALANOBIS}) on L2-normalised embeddings: class means,
 * the pooled within-class covariance shrunk towards a multiple of the identity
 * ({@code (1 - a) S + a tr(S)/d I}, which keeps it invertible when there are few texts per dimension),
 * its Cholesky factor {@code L} and the whitening matrix {@code W = L^-1}, so that
 * {@code |W (x - mu)|^2 = (x - mu)^T Sigma^-1 (x - mu)}. Stateless; plain double arithmetic in a fixed
 * order, so the same input gives the same bytes.
 */
final class Mahalanobis {
  /** Default shrinkage towards the scaled identity. */
  static final double DEFAULT_SHRINKAGE = 0.1;

  /** {@code whiten} row-major [dim, dim]; {@code means} whitened, row-major [rows, dim] for the classes present. */
  record Stats(float[] whiten, float[] means, int rows) {}

  private Mahalanobis() {}

  /**
   * @param x embeddings (not necessarily normalised; rows are L2-normalised here)
   * @param idx the rows to use
   * @param y class of every row of {@code x}
   * @param shrinkage in [0, 1)
   */
  static Stats fit(float[][] x, int[] idx, int[] y, int classes, double shrinkage) {
    if (!(shrinkage >= 0 && shrinkage < 1)) {
      throw new ConfigurationException("Mahalanobis shrinkage must be in [0, 1), got " + shrinkage);
    }
    int d = x[0].length;
    double[][] mu = new double[classes][d];
    int[] count = new int[classes];
    for (int i : idx) {
      double[] v = unit(x[i]);
      for (int j = 0; j < d; j++) {
        mu[y[i]][j] += v[j];
      }
      count[y[i]]++;
    }
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < d && count[c] > 0; j++) {
        mu[c][j] /= count[c];
      }
    }
    double[][] s = new double[d][d];
    double[] r = new double[d];
    for (int i : idx) {
      double[] v = unit(x[i]);
      for (int j = 0; j < d; j++) {
        r[j] = v[j] - mu[y[i]][j];
      }
      for (int a = 0; a < d; a++) {
        double ra = r[a];
        double[] row = s[a];
        for (int b = 0; b <= a; b++) {
          row[b] += ra * r[b];
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b <= a; b++) {
        s[a][b] /= idx.length;
        s[b][a] = s[a][b];
      }
      trace += s[a][a];
    }
    double ridge = Math.max(trace / d, 1e-12) * shrinkage;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        s[a][b] *= 1 - shrinkage;
      }
      s[a][a] += ridge + 1e-12;
    }
    double[][] l = cholesky(s);
    double[][] w = lowerInverse(l);
    float[] whiten = new float[d * d];
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        whiten[a * d + b] = (float) w[a][b];
      }
    }
    int rows = 0;
    for (int c = 0; c < classes; c++) {
      rows += count[c] > 0 ? 1 : 0;
    }
    float[] means = new float[rows * d];
    int k = 0;
    for (int c = 0; c < classes; c++) {
      if (count[c] == 0) {
        continue;
      }
      for (int a = 0; a < d; a++) {
        double z = 0;
        for (int b = 0; b <= a; b++) {
          z += w[a][b] * mu[c][b];
        }
        means[k * d + a] = (float) z;
      }
      k++;
    }
    return new Stats(whiten, means, rows);
  }

  private static double[] unit(float[] v) {
    double n = 0;
    for (float f : v) {
      n += (double) f * f;
    }
    double inv = 1.0 / Math.sqrt(Math.max(n, 1e-24));
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /** Lower-triangular {@code L} with {@code L L^T = a} (a symmetric positive definite). */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(sum > 0)) {
            throw new ConfigurationException("Covariance is not positive definite (pivot " + sum + " at " + i + ")");
          }
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return l;
  }

  /** Inverse of a lower-triangular matrix (forward substitution per column). */
  static double[][] lowerInverse(double[][] l) {
    int n = l.length;
    double[][] inv = new double[n][n];
    for (int c = 0; c < n; c++) {
      inv[c][c] = 1.0 / l[c][c];
      for (int i = c + 1; i < n; i++) {
        double sum = 0;
        for (int k = c; k < i; k++) {
          sum -= l[i][k] * inv[k][c];
        }
        inv[i][c] = sum / l[i][i];
      }
    }
    return inv;
  }
}
