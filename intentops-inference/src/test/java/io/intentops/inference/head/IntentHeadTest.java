package io.intentops.inference.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.inference.bundle.IntentHeadWeights;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IntentHeadTest {
  // 2 features, 3 classes: z = ((x0 - 1) / 2, (x1 + 1) / 1)
  private final IntentHeadWeights weights = new IntentHeadWeights(new float[] {1f, -1f}, new float[] {2f, 1f},
      new float[] {1f, 0f, 0f, 1f, 1f, 1f}, new float[] {0f, 0.5f, -1f}, 3, 2, null, 0);
  private final IntentHead head = IntentHead.of(weights, 1.0);

  @Test
  void logitsStandardiseThenApplyTheLinearLayer() {
    double[] l = head.logits(new float[] {5f, 1f}); // z = (2, 2)
    assertThat(l).containsExactly(new double[] {2.0, 2.5, 3.0}, within(1e-9));
    assertThat(IntentHead.argmax(l)).isEqualTo(2);
  }

  @Test
  void softmaxIsTemperatureScaledAndSumsToOne() {
    double[] p = IntentHead.softmax(new double[] {0.0, Math.log(3.0)}, 1.0);
    assertThat(p).containsExactly(new double[] {0.25, 0.75}, within(1e-12));
    double[] hot = IntentHead.softmax(new double[] {0.0, Math.log(3.0)}, 0.5);
    assertThat(hot[1]).isCloseTo(0.9, within(1e-12));
    assertThat(IntentHead.of(weights, 0.5).probabilities(new double[] {0.0, Math.log(3.0)})).containsExactly(hot);
  }

  @Test
  void wrongFeatureLengthIsRejected() {
    assertThatThrownBy(() -> head.logits(new float[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expects 2 features, got 3");
  }

  @Test
  void temperatureMustBePositiveAndFinite() {
    for (double t : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> IntentHead.of(weights, t)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Temperature must be positive and finite");
    }
  }

  /** The unrolled four-accumulator loop computes the textbook sum (dimensions not divisible by 4 included). */
  @Property(tries = 200, seed = "2025")
  void logitsMatchTheTextbookFormula(@ForAll @IntRange(min = 1, max = 37) int dim,
      @ForAll @IntRange(min = 1, max = 6) int classes, @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] mean = floats(rnd, dim, 1);
    float[] scale = new float[dim];
    for (int j = 0; j < dim; j++) {
      scale[j] = 0.1f + (float) rnd.nextDouble(2.0);
    }
    float[] w = floats(rnd, classes * dim, 1);
    float[] b = floats(rnd, classes, 1);
    float[] x = floats(rnd, dim, 3);
    IntentHead h = IntentHead.of(new IntentHeadWeights(mean, scale, w, b, classes, dim, null, 0), 1.0);
    double[] got = h.logits(x);
    for (int c = 0; c < classes; c++) {
      double want = b[c];
      for (int j = 0; j < dim; j++) {
        want += w[c * dim + j] * (double) ((x[j] - mean[j]) / scale[j]);
      }
      assertThat(got[c]).isCloseTo(want, within(1e-9));
    }
  }

  @Property(tries = 200, seed = "2025")
  void probabilitiesSumToOneAndKeepTheArgmax(@ForAll @IntRange(min = 1, max = 20) int n, @ForAll long seed,
      @ForAll @DoubleRange(min = 0.05, max = 20) double t) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] logits = new double[n];
    for (int i = 0; i < n; i++) {
      logits[i] = rnd.nextDouble(-500, 500); // large enough to overflow exp without the max subtraction
    }
    double[] p = IntentHead.softmax(logits, t);
    double sum = 0;
    for (double v : p) {
      assertThat(v).isBetween(0.0, 1.0);
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, within(1e-9));
    assertThat(IntentHead.argmax(p)).isEqualTo(IntentHead.argmax(logits));
  }

  private static float[] floats(SplittableRandom rnd, int n, double range) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) rnd.nextDouble(-range, range);
    }
    return out;
  }
}
