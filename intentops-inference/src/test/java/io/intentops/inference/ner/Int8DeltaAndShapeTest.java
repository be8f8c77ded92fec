package io.intentops.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.inference.spi.Int8Delta;
import io.intentops.inference.spi.WordShape;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Int8DeltaAndShapeTest {

  @Property(tries = 50, seed = "2025")
  void quantisationErrorIsAtMostHalfAStepPerRow(@ForAll @IntRange(min = 1, max = 8) int rows,
      @ForAll @IntRange(min = 1, max = 40) int cols, @ForAll long seed) {
    Random r = new Random(seed);
    float[] base = new float[rows * cols];
    float[] delta = new float[rows * cols];
    for (int i = 0; i < delta.length; i++) {
      base[i] = (float) r.nextGaussian();
      delta[i] = (float) (r.nextGaussian() * 0.01 * (1 + i % 3));
    }
    Int8Delta.Quantized q = Int8Delta.quantize(delta, rows, cols);
    float[] merged = Int8Delta.apply(base, q, rows, cols);
    for (int row = 0; row < rows; row++) {
      float max = 0;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, Math.abs(delta[row * cols + c]));
      }
      for (int c = 0; c < cols; c++) {
        int i = row * cols + c;
        assertThat(Math.abs(merged[i] - (base[i] + delta[i]))).isLessThanOrEqualTo(max / 254f * 1.001f + 1e-6f);
      }
    }
  }

  @Test
  void zeroDeltaLeavesTheBaseUnchangedAndTransposeRoundTrips() {
    float[] base = {1, 2, 3, 4, 5, 6};
    assertThat(Int8Delta.apply(base, Int8Delta.quantize(new float[6], 2, 3), 2, 3)).containsExactly(base);
    assertThat(Int8Delta.transpose(base, 2, 3)).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(Int8Delta.transpose(Int8Delta.transpose(base, 2, 3), 3, 2)).containsExactly(base);
  }

  @Test
  void wordShapesFollowTheLetters() {
    assertThat(WordShape.of("paris")).isEqualTo(WordShape.LOWER);
    assertThat(WordShape.of("Paris")).isEqualTo(WordShape.CAPITALISED);
    assertThat(WordShape.of("@Paris")).isEqualTo(WordShape.CAPITALISED);
    assertThat(WordShape.of("NASA")).isEqualTo(WordShape.ALL_CAPS);
    assertThat(WordShape.of("I")).isEqualTo(WordShape.CAPITALISED);
    assertThat(WordShape.of("iPhone")).isEqualTo(WordShape.OTHER);
    assertThat(WordShape.of("2017")).isEqualTo(WordShape.OTHER);
    assertThat(WordShape.of("Zoë")).isEqualTo(WordShape.CAPITALISED);
    assertThat(WordShape.of("ÅNGSTRÖM")).isEqualTo(WordShape.ALL_CAPS);
  }
}
