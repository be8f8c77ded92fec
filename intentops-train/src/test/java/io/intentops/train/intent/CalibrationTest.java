package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Property(tries = 15)
  void recoversTheTemperatureThatGeneratedTheLabels(@ForAll @DoubleRange(min = 0.3, max = 3.0) double t0) {
    SplittableRandom r = new SplittableRandom(2025);
    int n = 4000;
    int k = 5;
    double[][] logits = new double[n][k];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double[] p = new double[k];
      double z = 0;
      for (int c = 0; c < k; c++) {
        logits[i][c] = r.nextGaussian() * 3;
        p[c] = Math.exp(logits[i][c] / t0);
        z += p[c];
      }
      double u = r.nextDouble() * z;
      int c = 0;
      while (c < k - 1 && (u -= p[c]) > 0) {
        c++;
      }
      y[i] = c;
    }
    double t = Calibration.fitTemperature(logits, y);
    assertThat(t).isCloseTo(t0, within(0.15 * t0));
    assertThat(Calibration.nll(logits, y, t)).isLessThanOrEqualTo(Calibration.nll(logits, y, t0) + 1e-9);
  }

  @Test
  void nllOfAPerfectConfidentModelIsNearZero() {
    assertThat(Calibration.nll(new double[][] {{20, 0}, {0, 20}}, new int[] {0, 1}, 1.0)).isLessThan(1e-6);
  }

  @Property
  void thresholdKeepsAtLeastTheTargetRecallBelowIt(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @DoubleRange(min = 0.5, max = 1.0) double recall) {
    SplittableRandom r = new SplittableRandom(n);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.floor(r.nextDouble() * 50) / 50; // with ties
    }
    double t = IntentTrainer.threshold(s, recall);
    long below = java.util.Arrays.stream(s).filter(v -> v < t).count();
    assertThat((double) below / n).isGreaterThanOrEqualTo(recall - 1e-12);
  }
}
