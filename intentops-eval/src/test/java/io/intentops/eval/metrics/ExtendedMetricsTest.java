package io.intentops.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.InvalidInputException;
import io.intentops.core.report.ClassScores;
import io.intentops.core.report.ClassificationReport;
import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.ConfusionMatrix;
import io.intentops.core.report.NerScores;
import io.intentops.core.report.OosThresholdScores;
import io.intentops.core.report.ReliabilityDiagram;
import io.intentops.core.report.RocPoint;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ExtendedMetricsTest {

  @Test
  void classificationReportMatchesScikitLearnDocExample() {
    // sklearn classification_report(y_true=[0,1,2,2,2], y_pred=[0,0,2,2,1])
    var gold = List.of("0", "1", "2", "2", "2");
    var pred = List.of("0", "0", "2", "2", "1");
    ClassificationReport r = ClassificationMetrics.report(gold, pred);
    assertThat(r.perClass().get("0").precision()).isEqualTo(0.5);
    assertThat(r.perClass().get("0").recall()).isEqualTo(1.0);
    assertThat(r.perClass().get("0").f1()).isCloseTo(0.6667, within(1e-4));
    assertThat(r.perClass().get("1")).isEqualTo(new ClassScores(0, 0, 0, 1, 1));
    assertThat(r.perClass().get("2").recall()).isCloseTo(0.6667, within(1e-4));
    assertThat(r.perClass().get("2").f1()).isCloseTo(0.8, within(1e-12));
    assertThat(r.accuracy().estimate()).isCloseTo(0.6, within(1e-12));
    assertThat(r.macroPrecision()).isCloseTo(0.5, within(1e-12));
    assertThat(r.macroRecall()).isCloseTo(0.5556, within(1e-4));
    assertThat(r.macroF1()).isCloseTo(0.4889, within(1e-4));
    assertThat(r.weightedF1()).isCloseTo(0.6133, within(1e-4));
  }

  @Test
  void confusionMatrixMatchesScikitLearnDocExample() {
    // sklearn confusion_matrix([2,0,2,2,0,1], [0,0,2,2,0,2]) == [[2,0,0],[0,0,1],[1,0,2]]
    ConfusionMatrix m = ClassificationMetrics.confusionMatrix(
        List.of("2", "0", "2", "2", "0", "1"), List.of("0", "0", "2", "2", "0", "2"));
    assertThat(m.labels()).containsExactly("0", "1", "2");
    assertThat(m.counts()).isDeepEqualTo(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}});
    assertThat(m.count("2", "0")).isEqualTo(1);
    assertThat(m.total()).isEqualTo(6);
  }

  @Test
  void classNeverPredictedAndAllOneClass() {
    var r = ClassificationMetrics.report(List.of("a", "a", "b"), List.of("a", "a", "a"));
    assertThat(r.perClass().get("b")).isEqualTo(new ClassScores(0, 0, 0, 1, 0));
    assertThat(r.perClass().get("a").precision()).isCloseTo(2.0 / 3, within(1e-12));
    var one = ClassificationMetrics.report(List.of("a", "a"), List.of("a", "a"));
    assertThat(one.macroF1()).isEqualTo(1.0);
    assertThat(one.accuracy().lower()).isEqualTo(1.0);
    assertThat(one.accuracy().upper()).isEqualTo(1.0);
    // A label only ever predicted joins the label set with F1 0, as in scikit-learn.
    var extra = ClassificationMetrics.report(List.of("a", "a"), List.of("a", "z"));
    assertThat(extra.perClass()).containsKeys("a", "z");
    assertThat(extra.macroF1()).isCloseTo((2 * 1.0 * 0.5 / 1.5 + 0) / 2, within(1e-12));
  }

  @Test
  void bootstrapIsSeededAndBracketsTheEstimate() {
    Random rnd = new Random(1);
    List<String> gold = IntStream.range(0, 400).mapToObj(i -> "c" + (i % 4)).toList();
    List<String> pred = gold.stream().map(g -> rnd.nextDouble() < 0.8 ? g : "x").toList();
    ConfidenceInterval a = ClassificationMetrics.accuracyWithCi(gold, pred, Bootstrap.DEFAULT);
    ConfidenceInterval b = ClassificationMetrics.accuracyWithCi(gold, pred, Bootstrap.DEFAULT);
    assertThat(a).isEqualTo(b);
    assertThat(a.seed()).isEqualTo(2025);
    assertThat(a.lower()).isLessThan(a.estimate());
    assertThat(a.upper()).isGreaterThan(a.estimate());
    // Normal approximation: half-width ~ 1.96 * sqrt(p(1-p)/n) ~ 0.039 for p=0.8, n=400.
    double se = Math.sqrt(a.estimate() * (1 - a.estimate()) / 400);
    assertThat(a.upper() - a.lower()).isCloseTo(2 * 1.96 * se, within(0.015));
    double[] x = new Random(3).doubles(50).toArray();
    java.util.function.ToDoubleFunction<int[]> mean = w -> {
      double s = 0;
      for (int i = 0; i < w.length; i++) {
        s += w[i] * x[i];
      }
      return s / w.length;
    };
    assertThat(new Bootstrap(1000, 7, 0.95).interval(50, mean).lower()).isNotEqualTo(Bootstrap.DEFAULT.interval(50, mean).lower());
    assertThat(Bootstrap.DEFAULT.interval(50, mean)).isEqualTo(Bootstrap.DEFAULT.interval(50, mean));
    assertThat(Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
    assertThatThrownBy(() -> new Bootstrap(0, 1, 0.95)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void nerF1CiResamplesSentences() {
    var gold = List.of(List.of("B-A", "O"), List.of("B-B", "I-B"), List.of("O", "B-A"));
    var pred = List.of(List.of("B-A", "O"), List.of("B-B", "O"), List.of("O", "B-A"));
    ConfidenceInterval ci = NerMetrics.f1WithCi(gold, pred, NerScores.Mode.CONLLEVAL, Bootstrap.DEFAULT);
    assertThat(ci.estimate()).isCloseTo(NerMetrics.evaluate(gold, pred).f1(), within(1e-12));
    assertThat(ci.lower()).isLessThanOrEqualTo(ci.estimate());
    assertThat(ci.upper()).isEqualTo(1.0); // resamples without the middle sentence are perfect
  }

  @Test
  void rocCurveMatchesScikitLearnDocExample() {
    // sklearn roc_curve(y=[1,1,2,2], scores=[0.1,0.4,0.35,0.8], pos_label=2, drop_intermediate=False)
    List<RocPoint> roc = OosMetrics.rocCurve(new double[] {0.1, 0.4}, new double[] {0.35, 0.8});
    assertThat(roc).containsExactly(
        new RocPoint(Double.POSITIVE_INFINITY, 0, 0), new RocPoint(0.8, 0, 0.5), new RocPoint(0.4, 0.5, 0.5),
        new RocPoint(0.35, 0.5, 1), new RocPoint(0.1, 1, 1));
    // sklearn average_precision_score([0,0,1,1], [0.1,0.4,0.35,0.8]) == 0.8333...
    assertThat(OosMetrics.aupr(new double[] {0.1, 0.4}, new double[] {0.35, 0.8})).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(OosMetrics.fprAtTpr(new double[] {0.1, 0.4}, new double[] {0.35, 0.8}, 0.95)).isEqualTo(0.5);
  }

  @Test
  void rocHandlesTiesAndDownsampling() {
    List<RocPoint> roc = OosMetrics.rocCurve(new double[] {0.5, 0.5}, new double[] {0.5, 0.9});
    assertThat(roc).containsExactly(new RocPoint(Double.POSITIVE_INFINITY, 0, 0), new RocPoint(0.9, 0, 0.5),
        new RocPoint(0.5, 1, 1));
    double[] in = IntStream.range(0, 500).mapToDouble(i -> i / 500.0).toArray();
    double[] out = IntStream.range(0, 500).mapToDouble(i -> 0.5 + i / 1000.0).toArray();
    List<RocPoint> small = OosMetrics.rocCurve(in, out, 50);
    assertThat(small).hasSize(50);
    assertThat(small.get(0).tpr()).isZero();
    assertThat(small.get(49)).isEqualTo(new RocPoint(0, 1, 1));
    // Perfectly separated: AP 1, FPR@95 0.
    assertThat(OosMetrics.aupr(new double[] {0, 0.1}, new double[] {0.9, 1})).isEqualTo(1.0);
    assertThat(OosMetrics.fprAtTpr(new double[] {0, 0.1}, new double[] {0.9, 1}, 0.95)).isZero();
  }

  @Property(tries = 100)
  void rocTrapezoidAreaEqualsAuroc(
      @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 6) Integer> in,
      @ForAll @Size(min = 1, max = 25) List<@IntRange(min = 0, max = 6) Integer> oos) {
    double[] i = in.stream().mapToDouble(x -> x).toArray();
    double[] o = oos.stream().mapToDouble(x -> x).toArray();
    List<RocPoint> roc = OosMetrics.rocCurve(i, o);
    double area = 0;
    for (int k = 1; k < roc.size(); k++) {
      area += (roc.get(k).fpr() - roc.get(k - 1).fpr()) * (roc.get(k).tpr() + roc.get(k - 1).tpr()) / 2;
    }
    assertThat(area).isCloseTo(OosMetrics.auroc(i, o), within(1e-9));
    assertThat(roc.get(roc.size() - 1)).extracting(RocPoint::fpr, RocPoint::tpr).containsExactly(1.0, 1.0);
  }

  @Test
  void clincProtocolAtThreshold() {
    var gold = List.of("a", "b", "oos", "oos", "a");
    var pred = List.of("a", "a", "b", "a", "a");
    double[] s = {0.1, 0.2, 0.9, 0.3, 0.7};
    OosThresholdScores t = OosMetrics.atThreshold(gold, pred, s, 0.5, "oos");
    // in-scope: #0 right & unflagged; #1 wrong; #4 flagged -> 1/3. OOS: #2 flagged, #3 not -> 1/2.
    assertThat(t.inScopeAccuracy()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(t.oosRecall()).isEqualTo(0.5);
    assertThat(t.oosPrecision()).isEqualTo(0.5);
    assertThat(t.inScopeFlaggedRate()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(t.overallAccuracy()).isCloseTo(2.0 / 5, within(1e-12));
    assertThat(OosMetrics.atThreshold(gold, pred, s, 0.3, "oos").oosRecall()).isEqualTo(1.0); // >= threshold
  }

  @Test
  void reliabilityDiagramBins() {
    ReliabilityDiagram d = CalibrationMetrics.reliability(new double[] {0.9, 0.8, 0.3, 0.35}, new boolean[] {true, false, false, true}, 2);
    assertThat(d.bins()).extracting(ReliabilityDiagram.Bin::lower, ReliabilityDiagram.Bin::upper, ReliabilityDiagram.Bin::count,
        ReliabilityDiagram.Bin::accuracy).containsExactly(org.assertj.core.groups.Tuple.tuple(0.0, 0.5, 2, 0.5),
        org.assertj.core.groups.Tuple.tuple(0.5, 1.0, 2, 0.5));
    assertThat(d.bins().get(0).meanConfidence()).isCloseTo(0.325, within(1e-12));
    assertThat(d.bins().get(1).meanConfidence()).isCloseTo(0.85, within(1e-12));
    assertThat(d.ece()).isCloseTo(0.2625, within(1e-12));
    assertThat(d.mce()).isCloseTo(0.35, within(1e-12));
    assertThat(CalibrationMetrics.reliability(new double[] {0.99}, new boolean[] {true}, 15).bins()).hasSize(15);
  }

  @Property(tries = 200)
  void eceIsBoundedByMce(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 1000) Integer> conf,
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int bins) {
    double[] c = conf.stream().mapToDouble(x -> x / 1000.0).toArray();
    boolean[] ok = new boolean[c.length];
    Random r = new Random(seed);
    for (int i = 0; i < ok.length; i++) {
      ok[i] = r.nextBoolean();
    }
    double ece = CalibrationMetrics.ece(c, ok, bins);
    double mce = CalibrationMetrics.mce(c, ok, bins);
    assertThat(ece).isBetween(0.0, 1.0);
    assertThat(ece).isLessThanOrEqualTo(mce + 1e-12);
    ReliabilityDiagram d = CalibrationMetrics.reliability(c, ok, bins);
    assertThat(d.bins().stream().mapToInt(ReliabilityDiagram.Bin::count).sum()).isEqualTo(c.length);
  }

  @Property(tries = 200)
  void classificationReportIsConsistent(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 4) Integer> gold,
      @ForAll long seed) {
    Random r = new Random(seed);
    List<String> g = gold.stream().map(x -> "c" + x).toList();
    List<String> p = g.stream().map(x -> r.nextInt(3) == 0 ? "c" + r.nextInt(6) : x).toList();
    ClassificationReport rep = ClassificationMetrics.report(g, p, new Bootstrap(20, 2025, 0.95));
    assertThat(rep.confusion().total()).isEqualTo(g.size());
    assertThat(rep.perClass().values().stream().mapToLong(ClassScores::support).sum()).isEqualTo(g.size());
    assertThat(rep.perClass().values().stream().mapToLong(ClassScores::predicted).sum()).isEqualTo(g.size());
    assertThat(rep.macroF1()).isBetween(0.0, 1.0);
    long diag = 0;
    for (int i = 0; i < rep.confusion().labels().size(); i++) {
      diag += rep.confusion().counts()[i][i];
    }
    assertThat(rep.accuracy().estimate()).isCloseTo((double) diag / g.size(), within(1e-12));
    assertThat(rep.accuracy().lower()).isLessThanOrEqualTo(rep.accuracy().estimate() + 1e-12);
  }

  @Test
  void psiHandWorkedAndBinRule() {
    // (0.25-0.5)ln(0.5) + (0.75-0.5)ln(1.5)
    double expected = -0.25 * Math.log(0.5) + 0.25 * Math.log(1.5);
    assertThat(DriftMetrics.psi(Map.of("a", 50, "b", 50), Map.of("a", 25, "b", 75))).isCloseTo(expected, within(1e-12));
    assertThat(DriftMetrics.psi(Map.of("a", 1), Map.of("a", 7))).isZero();
    // A category missing from the baseline uses epsilon: (0.5 - 1e-4) ln(0.5 / 1e-4) + (0.5 - 1) ln(0.5).
    assertThat(DriftMetrics.psi(Map.of("a", 10), Map.of("a", 5, "b", 5)))
        .isCloseTo((0.5 - 1e-4) * Math.log(0.5 / 1e-4) + (0.5 - 1) * Math.log(0.5), within(1e-12));
    double[] base = IntStream.rangeClosed(1, 100).mapToDouble(i -> i).toArray();
    assertThat(DriftMetrics.psiEdges(base)).hasSize(9).startsWith(10.9);
    assertThat(DriftMetrics.psi(base, base)).isZero();
    double[] shifted = IntStream.rangeClosed(1, 100).mapToDouble(i -> i + 50).toArray();
    assertThat(DriftMetrics.psi(base, shifted)).isGreaterThan(0.25);
    // Few distinct values: duplicate edges merge into fewer bins.
    // Deciles of [1,1,1,1,2] (linear interpolation): 1 (x7), 1.2, 1.6 -> three distinct edges.
    assertThat(DriftMetrics.psiEdges(new double[] {1, 1, 1, 1, 2})).containsExactly(new double[] {1.0, 1.2, 1.6}, within(1e-12));
    assertThatThrownBy(() -> DriftMetrics.psi(new double[0], base)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void ksHandWorked() {
    assertThat(DriftMetrics.ksStatistic(new double[] {1, 2, 3}, new double[] {4, 5, 6})).isEqualTo(1.0);
    assertThat(DriftMetrics.ksStatistic(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6})).isEqualTo(0.5);
    double[] same = IntStream.range(0, 200).mapToDouble(i -> i).toArray();
    assertThat(DriftMetrics.ksPValue(same, same)).isGreaterThan(0.99);
    double[] far = IntStream.range(0, 200).mapToDouble(i -> i + 150).toArray();
    assertThat(DriftMetrics.ksPValue(same, far)).isLessThan(1e-6);
  }

  @Test
  void jensenShannonMatchesScipyDocs() {
    // scipy.spatial.distance.jensenshannon([1,0,0],[0,1,0], 2.0) == 1.0
    assertThat(DriftMetrics.jensenShannonDistance(new double[] {1, 0, 0}, new double[] {0, 1, 0})).isCloseTo(1.0, within(1e-12));
    // jensenshannon([1.0, 0.0], [0.5, 0.5]) == 0.46450140402245893 (natural log)
    assertThat(DriftMetrics.jensenShannonDistance(new double[] {1, 0}, new double[] {0.5, 0.5}, Math.E))
        .isCloseTo(0.46450140402245893, within(1e-12));
    assertThat(DriftMetrics.jensenShannonDistance(new double[] {1, 0, 0}, new double[] {1, 0, 0})).isZero();
    assertThat(DriftMetrics.jensenShannonDistance(Map.of("a", 2), Map.of("b", 9))).isCloseTo(1.0, within(1e-12));
    assertThatThrownBy(() -> DriftMetrics.jensenShannonDistance(new double[] {1}, new double[] {1, 2}))
        .isInstanceOf(InvalidInputException.class);
  }

  @Property(tries = 100)
  void jensenShannonIsASymmetricBoundedDistance(
      @ForAll @Size(min = 3, max = 3) List<@IntRange(min = 0, max = 20) Integer> a,
      @ForAll @Size(min = 3, max = 3) List<@IntRange(min = 0, max = 20) Integer> b) {
    net.jqwik.api.Assume.that(a.stream().mapToInt(x -> x).sum() > 0 && b.stream().mapToInt(x -> x).sum() > 0);
    double[] p = a.stream().mapToDouble(x -> x).toArray();
    double[] q = b.stream().mapToDouble(x -> x).toArray();
    double d = DriftMetrics.jensenShannonDistance(p, q);
    assertThat(d).isBetween(0.0, 1.0 + 1e-12);
    assertThat(d).isCloseTo(DriftMetrics.jensenShannonDistance(q, p), within(1e-12));
    assertThat(Collections.nCopies(1, d)).allMatch(x -> !Double.isNaN(x));
  }
}
