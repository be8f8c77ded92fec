package io.intentops.eval.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.NerSection;
import io.intentops.core.report.OosSection;
import io.intentops.core.report.SplitRole;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.data.TokenClassificationDataset;
import io.intentops.eval.harness.EvalHarness;
import io.intentops.eval.metrics.Bootstrap;
import io.intentops.eval.report.EvalReports;
import io.intentops.eval.report.RunEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateTest {
  static final EvalHarness H = EvalHarness.builder().bootstrap(new Bootstrap(50, 2025, 0.95)).build();
  static final TextClassificationDataset INTENT_TEST = intents("test", 100);

  static TextClassificationDataset intents(String split, int n) {
    List<LabeledText> ex = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ex.add(new LabeledText(split + " text " + i, i % 2 == 0 ? "a" : "b"));
    }
    return TextClassificationDataset.of("toy", split, ex);
  }

  static IntentPrediction pred(String label, double oos) {
    return new IntentPrediction(label, 0.9, List.of(new ScoredLabel(label, 0.9)), oos >= 0.5, oos,
        ModelVersion.of(1, 0, 0, 0), Duration.ZERO, false);
  }

  /** An intent section whose accuracy is exactly {@code right / n}. */
  static IntentSection intent(TextClassificationDataset d, SplitRole role, int right) {
    List<IntentPrediction> p = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      String gold = d.examples().get(i).label();
      p.add(pred(i < right ? gold : (gold.equals("a") ? "b" : "a"), 0.1));
    }
    return H.intentSection(d, p, role, 0);
  }

  /** A NER section over 100 one-entity sentences with {@code right} of them found. */
  static NerSection ner(SplitRole role, int right) {
    List<TaggedSentence> s = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      s.add(new TaggedSentence(List.of("w" + i, "x"), List.of("B-person", "O")));
      pred.add(i < right ? List.of("B-person", "O") : List.of("O", "O"));
    }
    return H.nerSection(TokenClassificationDataset.of("toyner", role.id(), s), pred, role, 0);
  }

  /** An OOS section whose AUROC is exactly {@code wins / 100} (10 in-domain x 10 OOS texts). */
  static OosSection oos(int wins) {
    List<IntentPrediction> in = new ArrayList<>();
    List<IntentPrediction> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      in.add(pred("a", i));
    }
    // OOS text k scores k + 0.5 + offset: it beats in-domain scores below it.
    int remaining = wins;
    for (int k = 0; k < 10; k++) {
      int beat = Math.min(10, remaining);
      remaining -= beat;
      out.add(pred("a", beat - 0.5));
    }
    var inData = intents("in", 10);
    List<LabeledText> o = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      o.add(new LabeledText("oos " + i, "oos"));
    }
    return H.oosSection(inData, in, TextClassificationDataset.of("toy", "oos", o), out, Double.NaN, 0);
  }

  static EvalReport report(List<IntentSection> intent, OosSection oos, List<NerSection> ner) {
    return new EvalReport(EvalReport.SCHEMA_VERSION, Instant.EPOCH, RunEnvironment.capture(Instant.EPOCH, 0), List.of(), intent, oos, ner);
  }

  static EvalReport baseline() {
    return report(List.of(intent(INTENT_TEST, SplitRole.TEST, 90)), oos(95), List.of(ner(SplitRole.TEST, 80)));
  }

  @Test
  void identicalReportsPass() {
    GateVerdict v = Gate.evaluate(baseline(), baseline(), GateConfig.defaults());
    assertThat(v.passed()).isTrue();
    assertThat(v.exitCode()).isZero();
    assertThat(v.checks()).extracting(GateCheck::name)
        .containsExactly("intent.dataset", "intent.accuracy", "ner.dataset", "ner.f1", "oos.auroc", "intent.gap", "ner.gap",
            "robustness.accuracyDrop", "robustness.falseOos");
    assertThat(v.checks().stream().filter(c -> c.name().endsWith("gap"))).allMatch(c -> c.status() == GateCheck.Status.SKIPPED);
    assertThat(v.checks().get(4).candidate()).isCloseTo(0.95, within(1e-12));
  }

  @Test
  void accuracyDropBeyondMarginBlocksAndExactlyAtMarginPasses() {
    EvalReport atMargin = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 88)), oos(95), List.of(ner(SplitRole.TEST, 80)));
    assertThat(Gate.evaluate(atMargin, baseline(), GateConfig.defaults()).passed()).isTrue();
    EvalReport worse = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 87)), oos(95), List.of(ner(SplitRole.TEST, 80)));
    GateVerdict v = Gate.evaluate(worse, baseline(), GateConfig.defaults());
    assertThat(v.passed()).isFalse();
    assertThat(v.exitCode()).isEqualTo(GateVerdict.EXIT_BLOCKED);
    assertThat(v.failures()).extracting(GateCheck::name).containsExactly("intent.accuracy");
    assertThat(v.failures().get(0).message()).contains("-3.00 points");
    // A wider margin lets it through.
    assertThat(Gate.evaluate(worse, baseline(), GateConfig.builder().intentAccuracyMargin(0.05).build()).passed()).isTrue();
  }

  @Test
  void nerDropAndOosFloorBlock() {
    // NER F1 at 80/100 found: P=1, R=0.8 -> 0.8889; at 76: 0.8636 (drop 2.5 points).
    EvalReport nerWorse = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 90)), oos(95), List.of(ner(SplitRole.TEST, 76)));
    assertThat(Gate.evaluate(nerWorse, baseline(), GateConfig.defaults()).failures()).extracting(GateCheck::name).containsExactly("ner.f1");
    EvalReport oosWorse = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 90)), oos(85), List.of(ner(SplitRole.TEST, 80)));
    GateVerdict v = Gate.evaluate(oosWorse, baseline(), GateConfig.defaults());
    assertThat(v.failures()).extracting(GateCheck::name).containsExactly("oos.auroc");
    assertThat(v.failures().get(0).candidate()).isCloseTo(0.85, within(1e-12));
  }

  @Test
  void trainValidationGapsBlock() {
    var train = intents("train", 100);
    var val = intents("val", 100);
    EvalReport gap4 = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 90), intent(train, SplitRole.TRAIN, 95), intent(val, SplitRole.VALIDATION, 91)),
        oos(95), List.of(ner(SplitRole.TEST, 80), ner(SplitRole.TRAIN, 80), ner(SplitRole.VALIDATION, 80)));
    GateVerdict v = Gate.evaluate(gap4, baseline(), GateConfig.defaults());
    assertThat(v.failures()).extracting(GateCheck::name).containsExactly("intent.gap");
    assertThat(v.failures().get(0).candidate()).isCloseTo(0.04, within(1e-12));
    // Without a validation section the test section stands in: 95 - 90 = 5 points.
    EvalReport noVal = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 90), intent(train, SplitRole.TRAIN, 92)), oos(95), List.of(ner(SplitRole.TEST, 80)));
    GateCheck g = Gate.evaluate(noVal, baseline(), GateConfig.defaults()).checks().stream().filter(c -> c.name().equals("intent.gap")).findFirst().orElseThrow();
    assertThat(g.status()).isEqualTo(GateCheck.Status.PASS);
    assertThat(g.message()).contains("test (no validation section)");
    // NER: F1 gap train 100/100 (1.0) vs validation 85/100 (0.9189) = 8.1 points > 5.
    EvalReport nerGap = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 90)), oos(95),
        List.of(ner(SplitRole.TEST, 80), ner(SplitRole.TRAIN, 100), ner(SplitRole.VALIDATION, 85)));
    assertThat(Gate.evaluate(nerGap, baseline(), GateConfig.defaults()).failures()).extracting(GateCheck::name).containsExactly("ner.gap");
  }

  @Test
  void differentDataOrMissingSectionsBlock() {
    EvalReport otherData = report(List.of(intent(intents("test2", 100), SplitRole.TEST, 90)), oos(95), List.of(ner(SplitRole.TEST, 80)));
    assertThat(Gate.evaluate(otherData, baseline(), GateConfig.defaults()).failures()).extracting(GateCheck::name).containsExactly("intent.dataset");
    EvalReport noNer = report(List.of(intent(INTENT_TEST, SplitRole.TEST, 90)), oos(95), List.of());
    assertThat(Gate.evaluate(noNer, baseline(), GateConfig.defaults()).failures()).extracting(GateCheck::name).containsExactly("ner.f1");
    // Without a baseline only floors and gaps apply.
    GateVerdict alone = Gate.evaluate(noNer, null, GateConfig.defaults());
    assertThat(alone.passed()).isTrue();
    assertThat(alone.checks().get(0).message()).isEqualTo("no baseline given");
  }

  @Test
  void verdictIsJsonAndConfigIsValidated() throws Exception {
    GateVerdict v = Gate.evaluate(baseline(), baseline(), GateConfig.defaults());
    String json = EvalReports.mapper().writeValueAsString(v);
    var tree = EvalReports.mapper().readTree(json);
    assertThat(tree.get("passed").asBoolean()).isTrue();
    assertThat(tree.at("/checks/1/name").asText()).isEqualTo("intent.accuracy");
    assertThat(tree.at("/config/intentAccuracyMargin").asDouble()).isEqualTo(0.02);
    assertThatThrownBy(() -> GateConfig.builder().oosAurocFloor(1.5).build()).isInstanceOf(ConfigurationException.class);
  }
}
