package io.intentops.inference.ner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.Entity;
import io.intentops.inference.ner.NerPredictor.Decoding;
import io.intentops.inference.ner.NerPredictor.WordAggregation;
import io.intentops.inference.ner.NerPredictor.WordScores;
import io.intentops.inference.spi.BioDecoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class NerDecodingTest {
  static final List<String> LABELS = List.of("O", "B-person", "I-person", "B-location", "I-location");
  static final BioDecoder DECODER = new BioDecoder(LABELS);

  /** A probability row with {@code p} on label {@code l} and the rest spread evenly. */
  static float[] row(int l, float p) {
    float[] r = new float[LABELS.size()];
    java.util.Arrays.fill(r, (1 - p) / (LABELS.size() - 1));
    r[l] = p;
    return r;
  }

  static WordScores scores(String text, float[]... probs) {
    Windowing.Words w = Windowing.Words.of(text);
    return new WordScores(w.words(), w.starts(), w.ends(), probs, false);
  }

  @Test
  void firstPieceProbabilitiesAreTheSoftmaxOfItsLogits() {
    float[][] logits = {{2f, 0f, 0f, 0f, 0f}, {0f, 3f, 0f, 0f, 0f}};
    float[][] p = NerDecoding.wordProbabilities(logits, new int[] {0, 2}, new int[] {0, 1, 1}, 2, 5, 0,
        WordAggregation.FIRST);
    double e2 = Math.exp(2);
    assertThat(p[0][0]).isCloseTo((float) (e2 / (e2 + 4)), within(1e-6f));
    assertThat(p[1][1]).isCloseTo((float) (Math.exp(3) / (Math.exp(3) + 4)), within(1e-6f));
    for (float[] r : p) {
      float sum = 0;
      for (float v : r) {
        sum += v;
      }
      assertThat(sum).isCloseTo(1f, within(1e-6f));
    }
  }

  @Test
  void averageAndMaxCombineAWordsPiecesAndRenormalise() {
    // One word, two pieces: piece 0 sure of O, piece 1 sure of B-person (logit gap of 100: probabilities 0/1).
    float[][] logits = {{100f, 0f, 0f, 0f, 0f}, {0f, 100f, 0f, 0f, 0f}};
    float[][] avg = NerDecoding.wordProbabilities(logits, new int[] {0, 1}, new int[] {0, 0}, 1, 5, 0,
        WordAggregation.AVERAGE);
    assertThat(avg[0][0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(avg[0][1]).isCloseTo(0.5f, within(1e-6f));
    float[][] max = NerDecoding.wordProbabilities(logits, new int[] {0, 1}, new int[] {0, 0}, 1, 5, 0,
        WordAggregation.MAX);
    assertThat(max[0][0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(max[0][1]).isCloseTo(0.5f, within(1e-6f));
    // Unequal pieces: MAX keeps the peaks, AVERAGE the mean.
    float[][] l2 = {{0f, 0f, 0f, 0f, 0f}, {0f, 100f, 0f, 0f, 0f}};
    float[][] avg2 = NerDecoding.wordProbabilities(l2, new int[] {0, 1}, new int[] {0, 0}, 1, 5, 0,
        WordAggregation.AVERAGE);
    float[][] max2 = NerDecoding.wordProbabilities(l2, new int[] {0, 1}, new int[] {0, 0}, 1, 5, 0,
        WordAggregation.MAX);
    assertThat(avg2[0][1]).isCloseTo(0.6f, within(1e-6f)); // (0.2 + 1) / 2
    assertThat(max2[0][1]).isCloseTo(1f / 1.8f, within(1e-6f)); // max(0.2, 1) / (1 + 4 * 0.2)
  }

  @Test
  void aWordWithoutScoredPiecesIsCertainlyO() {
    float[][] p = NerDecoding.wordProbabilities(new float[][] {{0f, 5f, 0f, 0f, 0f}}, new int[] {0},
        new int[] {1}, 3, 5, 0, WordAggregation.FIRST);
    assertThat(p[0]).containsExactly(1f, 0f, 0f, 0f, 0f);
    assertThat(p[2]).containsExactly(1f, 0f, 0f, 0f, 0f);
    assertThat(p[1][1]).isGreaterThan(0.9f);
  }

  @Test
  void entitiesCarryOffsetsTextAndTheMeanTagProbability() {
    String text = "  met John   Smith in Paris ";
    WordScores ws = scores(text, row(0, 0.9f), row(1, 0.8f), row(2, 0.6f), row(0, 0.9f), row(3, 0.7f));
    List<Entity> e = NerDecoding.entities(text, ws, 0.0, DECODER, Decoding.VITERBI);
    assertThat(e).hasSize(2);
    assertThat(e.get(0).type()).isEqualTo("person");
    assertThat(e.get(0).text()).isEqualTo("John   Smith");
    assertThat(text.substring(e.get(0).start(), e.get(0).end())).isEqualTo("John   Smith");
    assertThat(e.get(0).score()).isCloseTo((0.8 + 0.6) / 2, within(1e-6));
    assertThat(e.get(1).text()).isEqualTo("Paris");
    assertThat(e.get(1).score()).isCloseTo(0.7, within(1e-6));
  }

  @Test
  void viterbiNeverStartsWithIButGreedyChunksAStrayI() {
    String text = "hello Smith";
    // "Smith": I-person 0.5 (invalid after O), B-person 0.2, the rest 0.1.
    WordScores ws = scores(text, row(0, 0.9f), new float[] {0.1f, 0.2f, 0.5f, 0.1f, 0.1f});
    List<Entity> greedy = NerDecoding.entities(text, ws, 0.0, DECODER, Decoding.GREEDY);
    assertThat(greedy).extracting(Entity::text).containsExactly("Smith");
    assertThat(greedy.get(0).score()).isCloseTo(0.5, within(1e-6));
    List<Entity> viterbi = NerDecoding.entities(text, ws, 0.0, DECODER, Decoding.VITERBI);
    assertThat(viterbi).extracting(Entity::type, Entity::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("person", "Smith"));
    assertThat(viterbi.get(0).score()).isCloseTo(0.2, within(1e-6)); // the B-person tag viterbi chose
  }

  @Test
  void theOBiasTradesPrecisionForRecall() {
    String text = "visit Paris";
    WordScores ws = scores(text, row(0, 0.9f), row(0, 0.6f)); // Paris: O 0.6, B-location 0.1
    assertThat(NerDecoding.entities(text, ws, 0.0, DECODER, Decoding.VITERBI)).isEmpty();
    List<Entity> biased = NerDecoding.entities(text, ws, 2.0, DECODER, Decoding.VITERBI); // log 0.6 - 2 < log 0.1
    assertThat(biased).hasSize(1);
    assertThat(biased.get(0).text()).isEqualTo("Paris");
    assertThat(biased.get(0).score()).isCloseTo(0.1, within(1e-6)); // the score is the unbiased probability
    assertThat(NerDecoding.entities(text, ws, -50.0, DECODER, Decoding.GREEDY)).isEmpty();
  }

  @Test
  void noWordsMeansNoEntities() {
    assertThat(NerDecoding.entities("   ", scores("   "), 0.0, DECODER, Decoding.VITERBI)).isEmpty();
  }
}
