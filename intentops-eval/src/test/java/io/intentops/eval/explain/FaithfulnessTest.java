package io.intentops.eval.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import io.intentops.core.report.ExplanationSection;
import io.intentops.core.report.WordScore;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * On a toy model whose confidence in "yes" is the share of the word "key" among the words, an attributor
 * that ranks "key" first must beat random, and one that ranks it last must lose to random.
 */
class FaithfulnessTest {
  static class KeyModel implements Predictor<String, IntentPrediction> {
    final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public IntentPrediction predict(String text) {
      String[] w = text.strip().split("\\s+");
      long keys = java.util.Arrays.stream(w).filter("key"::equals).count();
      double yes = 0.1 + 0.8 * keys / w.length;
      ScoredLabel a = new ScoredLabel("yes", yes);
      ScoredLabel b = new ScoredLabel("no", 1 - yes);
      List<ScoredLabel> top = yes >= 0.5 ? List.of(a, b) : List.of(b, a);
      return new IntentPrediction(top.get(0).label(), top.get(0).score(), top, text.contains("pizza"), yes,
          ModelVersion.of(1, 0, 0, 0), Duration.ZERO, false);
    }

    @Override
    public List<IntentPrediction> predictBatch(List<? extends String> inputs) {
      batchSizes.add(inputs.size());
      return Predictor.super.predictBatch(inputs);
    }

    @Override
    public ModelVersion version() {
      return ModelVersion.of(1, 0, 0, 0);
    }
  }

  /** Scores each word with {@code score}, sign-flipped when the predicted label is "no" ("key" opposes it). */
  static Attributor attributor(KeyModel model, ToDoubleFunction<String> score) {
    return text -> {
      IntentPrediction p = model.predict(text);
      double sign = p.label().equals("yes") ? 1 : -1;
      List<WordScore> words = new ArrayList<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(text);
      while (m.find()) {
        words.add(new WordScore(m.start(), m.end(), sign * score.applyAsDouble(m.group()), 0.0));
      }
      return new AttributedText(text, p.label(), p.score(), p.outOfScope(), p.oosScore(), words);
    };
  }

  static TextClassificationDataset data() {
    List<LabeledText> ex = new ArrayList<>();
    String[] fill = {"the", "my", "card", "is", "late", "again", "please", "now", "help"};
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(2025);
    for (int i = 0; i < 60; i++) {
      List<String> w = new ArrayList<>();
      int n = 4 + rnd.nextInt(12);
      for (int j = 0; j < n; j++) {
        w.add(rnd.nextInt(3) == 0 ? "key" : fill[rnd.nextInt(fill.length)]);
      }
      if (!w.contains("key")) {
        w.set(0, "key");
      }
      ex.add(new LabeledText(String.join(" ", w), i % 7 == 0 ? "no" : "yes"));
    }
    ex.add(new LabeledText("key", "yes")); // one word: skipped
    ex.add(new LabeledText("pizza key key", "yes")); // flagged out of scope
    return TextClassificationDataset.of("toy", "test", ex);
  }

  @Test
  void aFaithfulAttributorBeatsRandomAndAnAntiAttributorLoses() {
    KeyModel model = new KeyModel();
    ManualClock clock = ManualClock.create();
    Faithfulness f = Faithfulness.custom().clock(clock).highlights(2).build();
    ExplanationSection good = f.evaluate(data(), "oracle",
        attributor(model, w -> w.equals("key") ? 1.0 : 0.0), model, 0.5);
    assertThat(good.examples()).isEqualTo(61);
    assertThat(good.skipped()).isEqualTo(1);
    assertThat(good.fractions()).containsExactly(0.01, 0.05, 0.10, 0.20, 0.50);
    assertThat(good.comprehensivenessGain().lower()).isGreaterThan(0.05);
    assertThat(good.sufficiencyGain().lower()).isGreaterThan(0.05);
    assertThat(good.aopcComprehensiveness().estimate()).isGreaterThan(0);
    assertThat(good.randomSeed()).isEqualTo(2025L);
    assertThat(good.loadAverage()).isEqualTo(0.5);
    assertThat(good.timing().examples()).isEqualTo(62);
    assertThat(good.highlights()).extracting(h -> h.kind()).containsExactly("error", "error", "oos");
    // One predictBatch call per evaluated text (the one-word text makes none).
    assertThat(model.batchSizes).hasSize(61);

    ExplanationSection bad = f.evaluate(data(), "anti", attributor(model, w -> w.equals("key") ? -1.0 : 0.0), model,
        null);
    assertThat(bad.comprehensivenessGain().upper()).isLessThan(0);
    assertThat(bad.sufficiencyGain().upper()).isLessThan(0);
    // Same texts, same seed: the random baseline is identical across attributors.
    assertThat(bad.randomComprehensiveness()).isEqualTo(good.randomComprehensiveness());
  }

  @Test
  void comprehensivenessAndSufficiencyFollowTheirDefinitionsOnOneText() {
    KeyModel model = new KeyModel();
    // "key a b c": P(yes) = 0.1 + 0.8/4 = 0.3, so the target is "no" (0.7) and "key" is ranked last; top-1
    // (k = 1 at 20 %) is "a": removing it leaves "key b c" (P(no) = 0.9 - 0.8/3), keeping it alone gives 0.9.
    TextClassificationDataset one = TextClassificationDataset.of("toy", "test", List.of(new LabeledText("key a b c", "no")));
    ExplanationSection s = Faithfulness.custom().fractions(List.of(0.2, 0.5)).build().evaluate(one, "oracle",
        attributor(model, w -> w.equals("key") ? 1.0 : 0.0), model, null);
    double noWith = 0.9 - 0.8 / 3;
    assertThat(s.comprehensiveness().get(0)).isCloseTo(0.7 - noWith, within(1e-12));
    assertThat(s.sufficiency().get(0)).isCloseTo(0.7 - 0.9, within(1e-12));
    // k = 2 at 50 %: "a", "b" (ties keep text order): remove -> "key c" (P(no) 0.5); keep -> "a b" (0.9).
    assertThat(s.comprehensiveness().get(1)).isCloseTo(0.7 - 0.5, within(1e-12));
    assertThat(s.sufficiency().get(1)).isCloseTo(0.7 - 0.9, within(1e-12));
    assertThat(s.aopcComprehensiveness().estimate()).isCloseTo((0.7 - noWith + 0.2) / 2, within(1e-12));
    assertThat(s.aopcSufficiency().estimate()).isCloseTo(-0.2, within(1e-12));
  }

  @Test
  void aPredictorWithoutTheFullDistributionIsRefused() {
    Predictor<String, IntentPrediction> top1 = new KeyModel() {
      @Override
      public IntentPrediction predict(String text) {
        IntentPrediction p = super.predict(text);
        return new IntentPrediction(p.label(), p.score(), p.topK().subList(0, 1), false, 0, p.modelVersion(),
            Duration.ZERO, false);
      }
    };
    KeyModel model = new KeyModel();
    TextClassificationDataset d = TextClassificationDataset.of("toy", "test",
        List.of(new LabeledText("key key key a", "yes"), new LabeledText("a b c key", "no")));
    assertThatThrownBy(() -> Faithfulness.custom().build().evaluate(d, "x", attributor(model, w -> 0.0), top1, null))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("full distribution");
    assertThatThrownBy(() -> Faithfulness.custom().fractions(List.of(0.0))).isInstanceOf(ConfigurationException.class);
  }
}
