package io.intentops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.InferenceException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ScoredLabel;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.Explanation;
import io.intentops.inference.explain.ExplanationMethod;
import io.intentops.inference.explain.WordAttribution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IntentPredictor#explain} on the small real bundle of {@link TestBundles} (INT8 bge-small). */
class ExplainTest {
  @TempDir static Path tmp;
  static IntentPredictor predictor;

  @BeforeAll
  static void setUp() throws Exception {
    predictor = IntentPredictor.builder().bundle(TestBundles.write(tmp.resolve("tiny"))).intraOpThreads(1)
        .clock(ManualClock.create()).topK(3).build();
  }

  @AfterAll
  static void tearDown() {
    predictor.close();
  }

  @Test
  void occlusionExplainsThePredictionWithOffsetsIntoTheText() {
    String text = "I still haven't  received my card";
    Explanation e = predictor.explain(text);
    IntentPrediction p = predictor.predict(text);
    assertThat(e.target()).isEqualTo("card_arrival").isEqualTo(p.label());
    assertThat(e.prediction().score()).isCloseTo(p.score(), within(1e-5));
    assertThat(e.method()).isEqualTo(ExplanationMethod.OCCLUSION);
    assertThat(e.words()).extracting(WordAttribution::word)
        .containsExactly("I", "still", "haven't", "received", "my", "card");
    for (WordAttribution w : e.words()) {
      assertThat(text.substring(w.start(), w.end())).isEqualTo(w.word());
    }
    assertThat(e.textsScored()).isEqualTo(e.words().size() + 1);
    assertThat(e.topIntentWords(2)).extracting(WordAttribution::word).containsAnyOf("card", "received");
  }

  @Test
  void anOcclusionAttributionIsTheProbabilityDropWhenTheWordIsDeleted() {
    String text = "when will my new card arrive";
    Explanation e = predictor.explain(text);
    ScoredLabel full = find(predictor.predict(text), e.target());
    for (WordAttribution w : e.words()) {
      String without = (text.substring(0, w.start()) + text.substring(w.end())).replaceAll("\\s+", " ").strip();
      double p = find(predictor.predict(without), e.target()).score();
      // Deleting the word from the string re-tokenises to the same pieces, so the drop matches closely.
      assertThat(w.intent()).as(w.word()).isCloseTo(full.score() - p, within(2e-3));
    }
  }

  @Test
  void outOfScopeAttributionsPointAtTheOffTopicWords() {
    Explanation e = predictor.explain("my card please give me a lasagne recipe");
    assertThat(e.prediction().outOfScope()).isTrue();
    List<String> top = e.topOosWords(2).stream().map(WordAttribution::word).toList();
    assertThat(top).as(e.words().toString()).containsAnyOf("lasagne", "recipe");
    WordAttribution card = e.words().get(1);
    assertThat(card.word()).isEqualTo("card");
    assertThat(card.oos()).as("'card' is in scope: removing it makes the text look more out of scope").isNegative();
  }

  @Test
  void sampledShapleyIsSeededAndCostsPermutationsTimesWords() {
    String text = "the top up was declined again";
    ExplainConfig c = ExplainConfig.custom().method(ExplanationMethod.SAMPLED_SHAPLEY).permutations(4).build();
    Explanation a = predictor.explain(text, c);
    Explanation b = predictor.explain(text, c);
    Explanation other = predictor.explain(text, ExplainConfig.custom().method(ExplanationMethod.SAMPLED_SHAPLEY)
        .permutations(4).seed(7).build());
    assertThat(a.target()).isEqualTo("top_up_failed");
    assertThat(a.words()).isEqualTo(b.words());
    assertThat(other.words()).isNotEqualTo(a.words());
    assertThat(a.textsScored()).isEqualTo(4 * (6 - 1) + 2);
    assertThat(a.topIntentWords(3)).extracting(WordAttribution::word).containsAnyOf("top", "up", "declined");
  }

  @Test
  void textsOverTheWordLimitAreRefusedWithATypedError() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i <= ExplainConfig.DEFAULT_MAX_WORDS; i++) {
      words.add("card");
    }
    assertThatThrownBy(() -> predictor.explain(String.join(" ", words)))
        .isInstanceOfSatisfying(InvalidInputException.class,
            ex -> assertThat(ex.reason()).isEqualTo(InvalidInputException.Reason.TOO_LONG))
        .hasMessage("Text has 129 words; explanations are limited to 128 words (ExplainConfig.maxWords)");
    assertThatThrownBy(() -> predictor.explain("my card is late", ExplainConfig.custom().maxWords(3).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("4 words");
    assertThatThrownBy(() -> predictor.explain("  ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> predictor.explain("\u00a0\u2003")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ExplainConfig.custom().maxWords(0).build())
        .isInstanceOf(io.intentops.core.ConfigurationException.class);
  }

  @Test
  void aClosedPredictorRefusesExplanations() throws Exception {
    IntentPredictor p = IntentPredictor.builder().bundle(TestBundles.write(tmp.resolve("closed"))).intraOpThreads(1)
        .build();
    p.close();
    assertThatThrownBy(() -> p.explain("my card")).isInstanceOf(InferenceException.class).hasMessageContaining("closed");
  }

  private static ScoredLabel find(IntentPrediction p, String label) {
    return p.topK().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
  }
}
