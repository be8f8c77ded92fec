package io.intentops.eval.sanity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.metrics.ClassificationMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SanityTest {
  static TextClassificationDataset data(int n, int classes) {
    List<LabeledText> ex = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ex.add(new LabeledText("text " + i, "c" + (i % classes)));
    }
    return TextClassificationDataset.of("toy", "train", ex);
  }

  @Test
  void shuffleIsASeededPermutationOfLabels() {
    var d = data(500, 5);
    var s = RandomLabels.shuffle(d);
    assertThat(s.texts()).isEqualTo(d.texts());
    Function<List<String>, Map<String, Long>> hist = l -> l.stream().collect(Collectors.groupingBy(x -> x, Collectors.counting()));
    assertThat(hist.apply(s.goldLabels())).isEqualTo(hist.apply(d.goldLabels()));
    assertThat(s.goldLabels()).isNotEqualTo(d.goldLabels());
    assertThat(RandomLabels.shuffle(d).goldLabels()).isEqualTo(s.goldLabels());
    assertThat(RandomLabels.shuffle(d, 7).goldLabels()).isNotEqualTo(s.goldLabels());
    assertThat(s.manifest().split()).isEqualTo("train-shuffled-2025");
    assertThat(s.manifest().canonicalSha256()).isNotEqualTo(d.manifest().canonicalSha256());
    // The same permutation as Collections.shuffle with Random(2025), which the Java platform specifies.
    List<String> expected = new ArrayList<>(d.goldLabels());
    Collections.shuffle(expected, new Random(2025));
    assertThat(s.goldLabels()).isEqualTo(expected);
    // Roughly 1/5 of labels stay in place by chance.
    long same = 0;
    for (int i = 0; i < d.size(); i++) {
      same += d.goldLabels().get(i).equals(s.goldLabels().get(i)) ? 1 : 0;
    }
    assertThat(same / 500.0).isCloseTo(0.2, within(0.06));
  }

  @Test
  void chanceLevelBoundAndCheck() {
    List<String> gold = new ArrayList<>(Collections.nCopies(60, "a"));
    gold.addAll(Collections.nCopies(40, "b"));
    ChanceLevel c = ChanceLevel.of(gold);
    assertThat(c.majorityRate()).isEqualTo(0.6);
    assertThat(c.uniformRate()).isEqualTo(0.5);
    assertThat(c.upperBound()).isCloseTo(0.6 + 3 * Math.sqrt(0.24 / 100), within(1e-12));
    assertThat(c.isAtChance(0.70)).isTrue();
    assertThat(c.isAtChance(0.76)).isFalse();
    assertThatThrownBy(() -> c.requireAtChance(0.9)).isInstanceOf(SanityCheckException.class)
        .hasMessageContaining("0.9000").hasMessageContaining("chance bound");
  }

  @Test
  void predictorTrainedOnShuffledLabelsIsAtChanceButALeakIsCaught() {
    // A "model" that memorises its training pairs: on shuffled data it is at chance on held-out text,
    // but when test texts leak into training it scores far above chance.
    var train = RandomLabels.shuffle(data(1000, 10));
    Map<String, String> memory = train.examples().stream().collect(Collectors.toMap(LabeledText::text, LabeledText::label));
    var test = data(1000, 10);
    List<String> heldOut = test.examples().stream().map(e -> memory.getOrDefault("unseen " + e.text(), "c0")).toList();
    ChanceLevel chance = ChanceLevel.of(test.goldLabels());
    chance.requireAtChance(ClassificationMetrics.accuracy(test.goldLabels(), heldOut));
    var unshuffled = data(1000, 10);
    Map<String, String> leaky = unshuffled.examples().stream().collect(Collectors.toMap(LabeledText::text, LabeledText::label));
    List<String> leaked = test.examples().stream().map(e -> leaky.get(e.text())).toList();
    assertThatThrownBy(() -> chance.requireAtChance(ClassificationMetrics.accuracy(test.goldLabels(), leaked)))
        .isInstanceOf(SanityCheckException.class);
  }
}
