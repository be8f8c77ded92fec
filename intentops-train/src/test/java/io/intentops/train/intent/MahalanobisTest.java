package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.inference.head.OosScorer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Mahalanobis fit against a direct computation: Sigma^-1 by Gauss-Jordan and the explicit quadratic form. */
class MahalanobisTest {
  @Test
  void whitenedDistanceIsTheMahalanobisDistanceUnderTheShrunkPooledCovariance() {
    int d = 6;
    int n = 300;
    int classes = 3;
    SplittableRandom r = new SplittableRandom(2025);
    float[][] x = new float[n][d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % classes;
      for (int j = 0; j < d; j++) {
        // anisotropic noise around a class centre
        x[i][j] = (float) ((j == y[i] ? 2.0 : 0.3) + r.nextGaussian() * (0.05 + 0.1 * j));
      }
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    double a = 0.1;
    Mahalanobis.Stats st = Mahalanobis.fit(x, idx, y, classes, a);
    assertThat(st.rows()).isEqualTo(classes);

    // reference: unit rows, class means, pooled covariance, shrinkage, explicit inverse
    double[][] u = new double[n][d];
    double[][] mu = new double[classes][d];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int j = 0; j < d; j++) {
        norm += x[i][j] * (double) x[i][j];
      }
      for (int j = 0; j < d; j++) {
        u[i][j] = x[i][j] / Math.sqrt(norm);
        mu[y[i]][j] += u[i][j] / (n / classes);
      }
    }
    double[][] s = new double[d][d];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < d; p++) {
        for (int q = 0; q < d; q++) {
          s[p][q] += (u[i][p] - mu[y[i]][p]) * (u[i][q] - mu[y[i]][q]) / n;
        }
      }
    }
    double tr = 0;
    for (int p = 0; p < d; p++) {
      tr += s[p][p];
    }
    for (int p = 0; p < d; p++) {
      for (int q = 0; q < d; q++) {
        s[p][q] = (1 - a) * s[p][q] + (p == q ? a * tr / d : 0);
      }
    }
    double[][] inv = invert(s);
    OosScorer scorer = OosScorer.mahalanobis(st.whiten(), st.means(), st.rows(), d);
    for (int t = 0; t < 20; t++) {
      float[] q = new float[d];
      for (int j = 0; j < d; j++) {
        q[j] = (float) (0.5 + r.nextGaussian());
      }
      double norm = 0;
      for (float v : q) {
        norm += (double) v * v;
      }
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double[] diff = new double[d];
        for (int j = 0; j < d; j++) {
          diff[j] = q[j] / Math.sqrt(norm) - mu[c][j];
        }
        double m = 0;
        for (int p = 0; p < d; p++) {
          for (int k = 0; k < d; k++) {
            m += diff[p] * inv[p][k] * diff[k];
          }
        }
        best = Math.min(best, m);
      }
      assertThat(scorer.score(q, new double[0])).isCloseTo(best / d, within(1e-3 * Math.max(1, best / d)));
    }
    // a training point of class 0 is closer to the in-domain classes than a point against every class direction
    float[] away = new float[d];
    java.util.Arrays.fill(away, -1f);
    assertThat(scorer.score(x[0], new double[0])).isLessThan(scorer.score(away, new double[0]));
  }

  @Test
  void badShrinkageAndSingularCovariancesAreTypedErrors() {
    float[][] x = {{1, 0}, {1, 0}, {0, 1}, {0, 1}};
    int[] idx = {0, 1, 2, 3};
    int[] y = {0, 0, 1, 1};
    assertThatThrownBy(() -> Mahalanobis.fit(x, idx, y, 2, 1.0)).isInstanceOf(ConfigurationException.class);
    // zero within-class variance: only the tiny ridge keeps it definite, so it must still factor
    assertThat(Mahalanobis.fit(x, idx, y, 2, 0.0).rows()).isEqualTo(2);
    assertThatThrownBy(() -> Mahalanobis.cholesky(new double[][] {{1, 2}, {2, 1}})).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not positive definite");
  }

  private static double[][] invert(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
          p = r;
        }
      }
      double[] t = a[c];
      a[c] = a[p];
      a[p] = t;
      double v = a[c][c];
      for (int j = 0; j < 2 * n; j++) {
        a[c][j] /= v;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = a[r][c];
          for (int j = 0; j < 2 * n; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, out[i], 0, n);
    }
    return out;
  }
}
