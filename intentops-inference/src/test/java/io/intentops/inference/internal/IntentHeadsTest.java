package io.intentops.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.inference.bundle.IntentHeadWeights;
import org.junit.jupiter.api.Test;

class IntentHeadsTest {
  // 2 features, 3 classes: z = ((x0 - 1) / 2, (x1 + 1) / 1)
  private final IntentHeadWeights head = new IntentHeadWeights(new float[] {1f, -1f}, new float[] {2f, 1f},
      new float[] {1f, 0f, 0f, 1f, 1f, 1f}, new float[] {0f, 0.5f, -1f}, 3, 2, null, 0);

  @Test
  void logitsStandardiseThenApplyTheLinearLayer() {
    double[] l = IntentHeads.logits(head, new float[] {5f, 1f}); // z = (2, 2)
    assertThat(l).containsExactly(new double[] {2.0, 2.5, 3.0}, within(1e-9));
    assertThat(IntentHeads.argmax(l)).isEqualTo(2);
  }

  @Test
  void softmaxIsTemperatureScaledAndSumsToOne() {
    double[] p = IntentHeads.softmax(new double[] {0.0, Math.log(3.0)}, 1.0);
    assertThat(p).containsExactly(new double[] {0.25, 0.75}, within(1e-12));
    double[] hot = IntentHeads.softmax(new double[] {0.0, Math.log(3.0)}, 0.5);
    assertThat(hot[1]).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void wrongFeatureLengthIsRejected() {
    assertThatThrownBy(() -> IntentHeads.logits(head, new float[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expects 2 features, got 3");
  }
}
