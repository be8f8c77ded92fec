package io.intentops.train.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Pure-Java parts of the training loop: schedule, batching, configuration. */
class NerTrainerScheduleTest {

  @Test
  void learningRateWarmsUpLinearlyThenDecaysToZero() {
    double peak = 1e-4;
    assertThat(NerTrainer.learningRate(peak, 0, 100, 10)).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(NerTrainer.learningRate(peak, 9, 100, 10)).isCloseTo(peak, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(NerTrainer.learningRate(peak, 10, 100, 10)).isCloseTo(peak, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(NerTrainer.learningRate(peak, 55, 100, 10)).isCloseTo(peak / 2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(NerTrainer.learningRate(peak, 99, 100, 10)).isCloseTo(peak / 90, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Property(tries = 50)
  void batchesCoverEveryExampleOnceAndAreReproducible(@ForAll @IntRange(min = 1, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 20) int batchSize) {
    List<NerTrainer.Example> data = new ArrayList<>();
    Random lengths = new Random(n);
    for (int i = 0; i < n; i++) {
      data.add(new NerTrainer.Example(new long[2 + lengths.nextInt(30)], new int[0], new long[0], new int[0],
          new String[0], null));
    }
    List<int[]> a = NerTrainer.batches(data, batchSize, new Random(2025));
    List<int[]> b = NerTrainer.batches(data, batchSize, new Random(2025));
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).containsExactly(b.get(i));
      assertThat(a.get(i).length).isBetween(1, batchSize);
    }
    int[] all = a.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(all[i]).isEqualTo(i);
    }
  }

  @Test
  void configRejectsNonsense() {
    assertThatThrownBy(() -> NerTrainingConfig.builder().learningRate(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> NerTrainingConfig.builder().batchSize(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> NerTrainingConfig.builder().dropout(1f).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("dropout");
    NerTrainingConfig c = NerTrainingConfig.builder().build();
    assertThat(c.seed()).isEqualTo(2025);
    assertThat(c.learningRate()).isEqualTo(NerTrainingConfig.DEFAULT_LEARNING_RATE);
  }

  @Test
  void labelsAreOFirstThenSortedBioPairs() {
    List<io.intentops.eval.data.TaggedSentence> s = List.of(new io.intentops.eval.data.TaggedSentence(
        List.of("a", "b", "c"), List.of("B-person", "O", "B-location")));
    assertThat(NerTrainer.labelsOf(s)).containsExactly("O", "B-location", "I-location", "B-person", "I-person");
  }
}
