package io.intentops.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.ManualClock;
import io.intentops.core.report.NerScores;
import io.intentops.core.report.SplitRole;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.data.TokenClassificationDataset;
import io.intentops.eval.metrics.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalHarnessTest {
  static final TextClassificationDataset INTENTS = TextClassificationDataset.of("toy", "test", List.of(
      new LabeledText("where is my card", "card_arrival"),
      new LabeledText("card not here yet", "card_arrival"),
      new LabeledText("I lost my card", "lost_card"),
      new LabeledText("what is the exchange rate", "exchange_rate")));
  static final TextClassificationDataset OOS = TextClassificationDataset.of("toy", "oos", List.of(
      new LabeledText("sing me a song", "oos"), new LabeledText("how tall is everest", "oos")));

  static Fakes.Answer answer(String text) {
    return switch (text) {
      case "where is my card" -> new Fakes.Answer("card_arrival", 0.9, 0.1, false);
      case "card not here yet" -> new Fakes.Answer("lost_card", 0.6, 0.3, false);
      case "I lost my card" -> new Fakes.Answer("lost_card", 0.8, 0.2, false);
      case "what is the exchange rate" -> new Fakes.Answer("exchange_rate", 0.7, 0.6, true);
      case "sing me a song" -> new Fakes.Answer("card_arrival", 0.3, 0.9, true);
      default -> new Fakes.Answer("exchange_rate", 0.4, 0.5, false);
    };
  }

  @Test
  void intentSectionFromAPredictor() {
    ManualClock clock = ManualClock.create();
    List<String> progress = new ArrayList<>();
    EvalHarness h = EvalHarness.builder().clock(clock).batchSize(3).progress(new EvalProgress() {
      @Override
      public void start(String task, long total) {
        progress.add("start " + task + " " + total);
      }

      @Override
      public void advance(long done) {
        progress.add("+" + done);
      }

      @Override
      public void finish() {
        progress.add("finish");
      }
    }).build();
    var s = h.evaluateIntent(Fakes.intent(EvalHarnessTest::answer, clock), INTENTS, SplitRole.TEST);
    assertThat(s.classification().accuracy().estimate()).isEqualTo(0.75);
    assertThat(s.classification().perClass().get("card_arrival").recall()).isEqualTo(0.5);
    assertThat(s.classification().confusion().count("card_arrival", "lost_card")).isEqualTo(1);
    // ECE with 15 bins: every confidence in its own bin -> mean |correct - conf| = (0.1 + 0.6 + 0.2 + 0.3) / 4
    assertThat(s.calibration().ece()).isCloseTo(0.3, within(1e-12));
    assertThat(s.timing().wallSeconds()).isCloseTo(0.004, within(1e-12));
    assertThat(s.timing().examplesPerSecond()).isCloseTo(1000, within(1e-6));
    assertThat(s.dataset().name()).isEqualTo("toy");
    assertThat(progress).containsExactly("start toy/test 4", "+3", "+1", "finish");
  }

  @Test
  void oosSectionUsesScoresForRankingAndFlagsForTheClincProtocol() {
    EvalHarness h = EvalHarness.builder().bootstrap(new Bootstrap(200, 2025, 0.95)).build();
    var s = h.evaluateOos(Fakes.intent(EvalHarnessTest::answer, null), INTENTS, OOS, 0.55);
    // In-domain scores {0.1, 0.3, 0.2, 0.6}, OOS {0.9, 0.5}: pairs won 4 + 3 = 7 of 8.
    assertThat(s.auroc().estimate()).isEqualTo(7.0 / 8);
    assertThat(s.atThreshold().oosRecall()).isEqualTo(0.5);
    assertThat(s.atThreshold().inScopeAccuracy()).isEqualTo(0.5); // #1 right; #4 flagged; #2 wrong
    assertThat(s.atThreshold().threshold()).isEqualTo(0.55);
    assertThat(s.roc().get(0).threshold()).isInfinite();
    assertThat(s.fprAt95Tpr()).isEqualTo(0.25);
    assertThat(s.auroc().lower()).isLessThanOrEqualTo(s.auroc().estimate());
  }

  @Test
  void nerSectionMapsSpansBackToTokens() {
    var data = TokenClassificationDataset.of("toy", "test", List.of(
        new TaggedSentence(List.of("Paul", "visited", "New", "York"), List.of("B-person", "O", "B-location", "I-location")),
        new TaggedSentence(List.of("Apple", "rocks"), List.of("B-corporation", "O"))));
    var predictor = Fakes.ner(Map.of("Paul", "person", "New", "location", "York", "location", "rocks", "product"));
    var s = EvalHarness.ofDefaults().evaluateNer(predictor, data, SplitRole.TEST);
    assertThat(s.scores().correct()).isEqualTo(2);
    assertThat(s.scores().predicted()).isEqualTo(3);
    assertThat(s.scores().gold()).isEqualTo(3);
    assertThat(s.scores().f1()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(s.scores().perType().get("corporation").recall()).isZero();
    assertThat(s.f1().estimate()).isCloseTo(2.0 / 3, within(1e-12));
    var strict = EvalHarness.builder().nerMode(NerScores.Mode.SEQEVAL_STRICT).build().evaluateNer(predictor, data, SplitRole.VALIDATION);
    assertThat(strict.scores().mode()).isEqualTo(NerScores.Mode.SEQEVAL_STRICT);
    assertThat(strict.role()).isEqualTo(SplitRole.VALIDATION);
  }

  @Test
  void predictorFailureNamesTheExamples() {
    var failing = Fakes.intent(t -> {
      throw new IllegalStateException("boom");
    }, null);
    assertThatThrownBy(() -> EvalHarness.ofDefaults().evaluateIntent(failing, INTENTS, SplitRole.TEST))
        .isInstanceOf(InferenceException.class).hasMessageContaining("toy/test examples 0..3").hasMessageContaining("boom");
    assertThatThrownBy(() -> EvalHarness.builder().batchSize(0)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> EvalHarness.builder().rocPoints(1)).isInstanceOf(ConfigurationException.class);
  }
}
