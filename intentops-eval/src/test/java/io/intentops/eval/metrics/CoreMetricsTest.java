package io.intentops.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.InvalidInputException;
import io.intentops.core.report.NerScores;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CoreMetricsTest {

  @Test
  void accuracyCountsExactMatches() {
    assertThat(ClassificationMetrics.accuracy(List.of("a", "b", "c", "a"), List.of("a", "c", "c", "b")))
        .isEqualTo(0.5);
    assertThatThrownBy(() -> ClassificationMetrics.accuracy(List.of("a"), List.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 items").hasMessageContaining("0");
    assertThatThrownBy(() -> ClassificationMetrics.accuracy(List.of(), List.of()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aurocMatchesScikitLearnDocExample() {
    // sklearn roc_auc_score(y=[0,0,1,1], s=[0.1,0.4,0.35,0.8]) == 0.75
    assertThat(OosMetrics.auroc(new double[] {0.1, 0.4}, new double[] {0.35, 0.8})).isEqualTo(0.75);
  }

  @Test
  void aurocCountsTiesAsHalf() {
    assertThat(OosMetrics.auroc(new double[] {0.5}, new double[] {0.5})).isEqualTo(0.5);
    assertThat(OosMetrics.auroc(new double[] {0.1, 0.5}, new double[] {0.5, 0.9})).isEqualTo(0.875);
    assertThat(OosMetrics.auroc(new double[] {1, 1, 1}, new double[] {1, 1})).isEqualTo(0.5);
    assertThat(OosMetrics.auroc(new double[] {0, 0}, new double[] {1})).isEqualTo(1.0);
    assertThat(OosMetrics.auroc(new double[] {2}, new double[] {1, 0})).isEqualTo(0.0);
  }

  @Test
  void aurocRejectsEmptyAndNaN() {
    assertThatThrownBy(() -> OosMetrics.auroc(new double[0], new double[] {1}))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> OosMetrics.auroc(new double[] {Double.NaN}, new double[] {1}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("inDomainScores[0]");
  }

  @Property(tries = 200)
  void aurocEqualsPairwiseCount(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 5) Integer> in,
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 5) Integer> oos) {
    double pairs = 0;
    for (int a : oos) {
      for (int b : in) {
        pairs += a > b ? 1 : a == b ? 0.5 : 0;
      }
    }
    double[] i = in.stream().mapToDouble(x -> x).toArray();
    double[] o = oos.stream().mapToDouble(x -> x).toArray();
    assertThat(OosMetrics.auroc(i, o)).isCloseTo(pairs / (in.size() * oos.size()), within(1e-12));
  }

  @Test
  void eceAndMceHandWorked() {
    double[] conf = {0.9, 0.8, 0.3, 0.35};
    boolean[] ok = {true, false, false, true};
    // bin (0,0.5]: acc 0.5, conf 0.325 -> 0.175 * 2/4; bin (0.5,1]: acc 0.5, conf 0.85 -> 0.35 * 2/4
    assertThat(CalibrationMetrics.ece(conf, ok, 2)).isCloseTo(0.2625, within(1e-12));
    assertThat(CalibrationMetrics.mce(conf, ok, 2)).isCloseTo(0.35, within(1e-12));
    // One bin: |0.5 - 0.5875|
    assertThat(CalibrationMetrics.ece(conf, ok, 1)).isCloseTo(0.0875, within(1e-12));
    // Perfect calibration in every bin.
    assertThat(CalibrationMetrics.ece(new double[] {1.0, 1.0, 0.0}, new boolean[] {true, true, false}))
        .isEqualTo(0.0);
  }

  @Test
  void binEdgesAreRightClosed() {
    assertThat(CalibrationMetrics.binOf(0.0, 15)).isZero();
    assertThat(CalibrationMetrics.binOf(1.0, 15)).isEqualTo(14);
    assertThat(CalibrationMetrics.binOf(0.6, 5)).isEqualTo(2);
    assertThat(CalibrationMetrics.binOf(0.2, 5)).isEqualTo(0);
    assertThat(CalibrationMetrics.binOf(Math.nextUp(0.2), 5)).isEqualTo(1);
    assertThatThrownBy(() -> CalibrationMetrics.ece(new double[] {1.2}, new boolean[] {true}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("confidence[0]");
    assertThatThrownBy(() -> CalibrationMetrics.ece(new double[] {0.2}, new boolean[] {true}, 0))
        .isInstanceOf(InvalidInputException.class);
  }

  @Property(tries = 300)
  void binOfRespectsEdges(@ForAll @DoubleRange(min = 0, max = 1) double c, @ForAll @IntRange(min = 1, max = 40) int bins) {
    int b = CalibrationMetrics.binOf(c, bins);
    assertThat(b).isBetween(0, bins - 1);
    if (c > 0) {
      assertThat(c).isGreaterThan((double) b / bins).isLessThanOrEqualTo((double) (b + 1) / bins);
    }
  }

  @Test
  void nerMatchesSeqevalReadmeExample() {
    var gold = List.of(List.of("O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"), List.of("B-PER", "I-PER", "O"));
    var pred = List.of(List.of("O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"), List.of("B-PER", "I-PER", "O"));
    NerScores s = NerMetrics.evaluate(gold, pred);
    assertThat(s.f1()).isEqualTo(0.5);
    assertThat(s.precision()).isEqualTo(0.5);
    assertThat(s.recall()).isEqualTo(0.5);
    assertThat(s.perType().get("MISC").f1()).isEqualTo(0.0);
    assertThat(s.perType().get("MISC").support()).isEqualTo(1);
    assertThat(s.perType().get("PER").f1()).isEqualTo(1.0);
    // Tokens: gold non-O 5, predicted non-O 6, same non-O tag: I-MISC, I-MISC, B-PER, I-PER = 4.
    assertThat(s.tokenPrecision()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(s.tokenRecall()).isCloseTo(4.0 / 5, within(1e-12));
    assertThat(s.tokenMicroF1()).isCloseTo(2 * (4.0 / 6) * (4.0 / 5) / (4.0 / 6 + 4.0 / 5), within(1e-12));
    assertThat(s.tokenAccuracy()).isCloseTo(8.0 / 10, within(1e-12));
  }

  @Test
  void strictModeMatchesSeqevalReadmeExample() {
    var gold = List.of(List.of("B-NP", "I-NP", "O"));
    var pred = List.of(List.of("I-NP", "I-NP", "O"));
    assertThat(NerMetrics.evaluate(gold, pred).perType().get("NP").f1()).isEqualTo(1.0);
    NerScores strict = NerMetrics.evaluate(gold, pred, NerScores.Mode.SEQEVAL_STRICT);
    assertThat(strict.perType().get("NP").f1()).isEqualTo(0.0);
    assertThat(strict.predicted()).isZero();
    assertThat(strict.mode()).isEqualTo(NerScores.Mode.SEQEVAL_STRICT);
  }

  @Test
  void conllevalChunkRules() {
    // Type change inside a chunk splits it; I- after O starts a chunk; IOBES S-/E- understood.
    var tags = List.of(List.of("B-PER", "I-LOC", "O", "I-ORG", "I-ORG", "S-X", "B-Y", "E-Y"));
    assertThat(NerMetrics.entities(tags, NerScores.Mode.CONLLEVAL)).containsExactly(
        new NerMetrics.Span(0, 0, 1, "PER"), new NerMetrics.Span(0, 1, 2, "LOC"),
        new NerMetrics.Span(0, 3, 5, "ORG"), new NerMetrics.Span(0, 5, 6, "X"), new NerMetrics.Span(0, 6, 8, "Y"));
    // Entities never cross sentence boundaries.
    var two = List.of(List.of("O", "B-A"), List.of("I-A", "O"));
    assertThat(NerMetrics.entities(two, NerScores.Mode.CONLLEVAL))
        .containsExactly(new NerMetrics.Span(0, 1, 2, "A"), new NerMetrics.Span(1, 0, 1, "A"));
    assertThat(NerMetrics.entities(two, NerScores.Mode.SEQEVAL_STRICT)).containsExactly(new NerMetrics.Span(0, 1, 2, "A"));
    assertThatThrownBy(() -> NerMetrics.evaluate(List.of(List.of("S-X")), List.of(List.of("O")), NerScores.Mode.SEQEVAL_STRICT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("S-X");
  }

  @Test
  void nerEdgeCases() {
    // Type never predicted: precision 0 (zero division), recall 0; no entities at all: all zero.
    var s = NerMetrics.evaluate(List.of(List.of("B-A", "O")), List.of(List.of("O", "O")));
    assertThat(s.perType().get("A")).isEqualTo(new NerScores.TypeScores(0, 0, 0, 0, 0, 1));
    assertThat(s.f1()).isZero();
    assertThat(s.tokenMicroF1()).isZero();
    var none = NerMetrics.evaluate(List.of(List.of("O")), List.of(List.of("O")));
    assertThat(none.f1()).isZero();
    assertThat(none.perType()).isEmpty();
    assertThat(none.tokenAccuracy()).isEqualTo(1.0);
    // Partial span overlap is wrong.
    var partial = NerMetrics.evaluate(List.of(List.of("B-A", "I-A")), List.of(List.of("B-A", "O")));
    assertThat(partial.correct()).isZero();
    assertThatThrownBy(() -> NerMetrics.evaluate(List.of(List.of("O")), List.of(List.of("O", "O"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("sentence 0");
  }

  @Property(tries = 100)
  void perfectPredictionScoresOne(@ForAll @Size(min = 1, max = 8) List<@Size(min = 1, max = 10) List<@IntRange(min = 0, max = 4) Integer>> codes) {
    String[] alphabet = {"O", "B-A", "I-A", "B-B", "I-B"};
    List<List<String>> tags = codes.stream().map(s -> s.stream().map(c -> alphabet[c]).toList()).toList();
    for (NerScores.Mode m : NerScores.Mode.values()) {
      NerScores s = NerMetrics.evaluate(tags, tags, m);
      if (s.gold() > 0) {
        assertThat(s.f1()).isEqualTo(1.0);
      }
      assertThat(s.tokenAccuracy()).isEqualTo(1.0);
      assertThat(s.precision()).isBetween(0.0, 1.0);
    }
  }
}
