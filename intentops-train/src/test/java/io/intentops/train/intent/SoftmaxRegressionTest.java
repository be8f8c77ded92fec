package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

  @Test
  void separatesClustersAndStrongerL2ShrinksWeights() {
    SplittableRandom r = new SplittableRandom(2025);
    int n = 300;
    int d = 4;
    float[] x = new float[n * d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (r.nextGaussian() * 0.3 + (j == y[i] ? 2 : 0));
      }
    }
    SoftmaxRegression.Fit weak = SoftmaxRegression.fit(x, n, d, y, 3, 1e-4, 300, 0.05);
    SoftmaxRegression.Fit strong = SoftmaxRegression.fit(x, n, d, y, 3, 1.0, 300, 0.05);
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      double bs = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 3; c++) {
        double s = weak.bias()[c];
        for (int j = 0; j < d; j++) {
          s += weak.weight()[c * d + j] * x[i * d + j];
        }
        if (s > bs) {
          bs = s;
          best = c;
        }
      }
      correct += best == y[i] ? 1 : 0;
    }
    assertThat(correct).isGreaterThanOrEqualTo(n - 3);
    assertThat(norm(strong.weight())).isLessThan(norm(weak.weight()) / 2);
    assertThat(weak.loss()).isLessThan(0.2);
  }

  @Test
  void sameInputsGiveBitIdenticalWeights() {
    float[] x = {1, 0, 0, 1, 1, 1, 0, 0};
    int[] y = {0, 1, 1, 0};
    assertThat(SoftmaxRegression.fit(x, 4, 2, y, 2, 1e-3, 50, 0.01).weight())
        .containsExactly(SoftmaxRegression.fit(x, 4, 2, y, 2, 1e-3, 50, 0.01).weight());
  }

  private static double norm(float[] w) {
    double s = 0;
    for (float v : w) {
      s += v * v;
    }
    return Math.sqrt(s);
  }
}
