package io.intentops.eval.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.RobustnessSection;
import io.intentops.core.report.RobustnessSection.PerturbationScores;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.gate.Gate;
import io.intentops.eval.gate.GateCheck;
import io.intentops.eval.gate.GateConfig;
import io.intentops.eval.harness.EvalHarness;
import io.intentops.eval.harness.Fakes;
import io.intentops.eval.report.HtmlReport;
import io.intentops.eval.report.RunEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The suite's scores against a fake model whose behaviour on perturbed text is known exactly. */
class RobustnessSuiteTest {
  private static final EvalHarness H = EvalHarness.builder().batchSize(4).build();

  /** 40 texts, 2 labels; the label is the first word ("card ..." or "cash ...") in lower case. */
  static TextClassificationDataset data() {
    List<LabeledText> ex = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String label = i % 2 == 0 ? "card" : "cash";
      ex.add(new LabeledText(label + " question number " + i + " about my account.", label));
    }
    return TextClassificationDataset.of("toy", "test", ex);
  }

  /** Right when the text still starts with the exact label word; flags out of scope any text with a typo'd word. */
  static Predictor<String, IntentPrediction> model(AtomicInteger calls) {
    return Fakes.intent(t -> {
      calls.incrementAndGet();
      String first = t.trim().split("\\s+")[0].toLowerCase();
      String label = first.equals("card") || first.equals("cash") ? first : "card";
      boolean clean = t.toLowerCase().matches("\\s*(card|cash) question number \\d+ about my account[.?!]*\\s*");
      return new Fakes.Answer(label, 0.9, clean ? 0.1 : 0.9, !clean);
    }, null);
  }

  @Test
  void scoresEachPerturbationAgainstTheCleanTextsAndReusesUnchangedPredictions() {
    TextClassificationDataset d = data();
    RobustnessSuite suite = RobustnessSuite.builder().perturbations(List.of(Perturbations.typos(), Perturbations.casing())).build();
    AtomicInteger calls = new AtomicInteger();
    RobustnessSection s = suite.evaluate(H, model(calls), d);

    assertThat(s.clean().accuracy()).isEqualTo(1.0);
    assertThat(s.clean().falseOosRate()).isZero();
    assertThat(s.perturbed()).extracting(PerturbationScores::perturbation).containsExactly("typos", "casing");
    PerturbationScores typos = s.perturbed().get(0);
    // expected values recomputed from the perturbed texts themselves
    List<String> typoTexts = suite.perturb(d.texts(), Perturbations.typos());
    long right = 0;
    long flagged = 0;
    int changed = 0;
    for (int i = 0; i < typoTexts.size(); i++) {
      changed += typoTexts.get(i).equals(d.texts().get(i)) ? 0 : 1;
      IntentPrediction p = model(new AtomicInteger()).predict(typoTexts.get(i));
      right += p.label().equals(d.goldLabels().get(i)) ? 1 : 0;
      flagged += p.outOfScope() ? 1 : 0;
    }
    assertThat(typos.accuracy()).isCloseTo(right / 40.0, within(1e-12));
    assertThat(typos.accuracyDrop()).isCloseTo(1.0 - right / 40.0, within(1e-12));
    assertThat(typos.falseOosRate()).isCloseTo(flagged / 40.0, within(1e-12));
    assertThat(typos.falseOosIncrease()).isCloseTo(flagged / 40.0, within(1e-12));
    assertThat(typos.changed()).isEqualTo(changed).isGreaterThan(20);
    assertThat(typos.accuracyDrop()).isPositive();
    PerturbationScores casing = s.perturbed().get(1);
    assertThat(casing.accuracy()).isEqualTo(1.0); // the fake lower-cases, like an uncased tokenizer
    assertThat(casing.accuracyDrop()).isZero();
    // clean 40 + only the texts each perturbation changed
    assertThat(calls.get()).isEqualTo(40 + typos.changed() + casing.changed());
  }

  @Test
  void theSameSeedGivesTheSameSectionAndAnotherSeedDifferentTexts() {
    TextClassificationDataset d = data();
    RobustnessSuite a = RobustnessSuite.builder().build();
    RobustnessSuite b = RobustnessSuite.builder().seed(7).build();
    assertThat(a.evaluate(H, model(new AtomicInteger()), d)).isEqualTo(a.evaluate(H, model(new AtomicInteger()), d));
    assertThat(a.perturb(d.texts(), Perturbations.typos())).isNotEqualTo(b.perturb(d.texts(), Perturbations.typos()));
    // text i does not depend on the other texts
    assertThat(a.perturb(d.texts(), Perturbations.typos()).get(0))
        .isEqualTo(a.perturb(d.texts().subList(0, 1), Perturbations.typos()).get(0));
  }

  @Test
  void perturbedDatasetKeepsLabelsAndNamesItsSplit() {
    TextClassificationDataset p = RobustnessSuite.builder().build().perturb(data(), Perturbations.typos());
    assertThat(p.goldLabels()).isEqualTo(data().goldLabels());
    assertThat(p.manifest().split()).isEqualTo("test+typos");
    assertThat(p.manifest().canonicalSha256()).isNotEqualTo(data().manifest().canonicalSha256());
  }

  @Test
  void sectionRejectsUnknownPerturbationsAndWrongSizes() {
    RobustnessSuite suite = RobustnessSuite.builder().perturbations(List.of(Perturbations.casing())).build();
    List<IntentPrediction> clean = H.predictIntents(model(new AtomicInteger()), data());
    assertThatThrownBy(() -> suite.section(data(), clean, java.util.Map.of("typos", clean)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'typos'");
    assertThatThrownBy(() -> suite.section(data(), clean, java.util.Map.of("casing", clean.subList(0, 3))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("3 predictions for 40");
    assertThatThrownBy(() -> RobustnessSuite.builder().perturbations(List.of()).build())
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> RobustnessSuite.builder().perturbations(List.of(Perturbations.casing(), Perturbations.casing())).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("distinct");
  }

  @Test
  void sectionRoundTripsThroughEvalJsonGatesAndRendersInTheHtmlReport() throws Exception {
    RobustnessSection s = RobustnessSuite.builder().build().evaluate(H, model(new AtomicInteger()), data());
    EvalReport r = new EvalReport(EvalReport.SCHEMA_VERSION, Instant.EPOCH, RunEnvironment.capture(Instant.EPOCH, 0),
        List.of(), List.of(), null, List.of()).withRobustness(s);
    EvalReport back = EvalJson.fromJson(EvalJson.toJson(r), "test");
    assertThat(back).isEqualTo(r);

    PerturbationScores worst = s.perturbed().stream().max(java.util.Comparator.comparingDouble(PerturbationScores::accuracyDrop)).orElseThrow();
    GateCheck pass = check(Gate.evaluate(r, null, GateConfig.builder().maxRobustnessAccuracyDrop(worst.accuracyDrop()).build()),
        "robustness.accuracyDrop");
    assertThat(pass.status()).isEqualTo(GateCheck.Status.PASS);
    GateCheck fail = check(Gate.evaluate(r, null, GateConfig.builder().maxRobustnessAccuracyDrop(worst.accuracyDrop() - 0.01).build()),
        "robustness.accuracyDrop");
    assertThat(fail.status()).isEqualTo(GateCheck.Status.FAIL);
    assertThat(fail.message()).contains(worst.perturbation());
    GateCheck oos = check(Gate.evaluate(r, null, GateConfig.builder().maxRobustnessFalseOosRate(0.10).build()), "robustness.falseOos");
    assertThat(oos.status()).isEqualTo(GateCheck.Status.FAIL); // every typo'd text is flagged by the fake
    EvalReport without = new EvalReport(r.schemaVersion(), r.createdAt(), r.run(), r.models(), r.intent(), null, r.ner());
    assertThat(check(Gate.evaluate(without, r, GateConfig.defaults()), "robustness.accuracyDrop").status())
        .isEqualTo(GateCheck.Status.FAIL);
    assertThat(check(Gate.evaluate(without, null, GateConfig.defaults()), "robustness.accuracyDrop").status())
        .isEqualTo(GateCheck.Status.SKIPPED);

    assertThatThrownBy(() -> GateConfig.builder().maxRobustnessAccuracyDrop(1.5).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxRobustnessAccuracyDrop");
    assertThatThrownBy(() -> GateConfig.builder().maxRobustnessFalseOosRate(-0.1).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxRobustnessFalseOosRate");

    String html = HtmlReport.render(r);
    assertThat(html).contains("section-robustness", "<td>typos</td>", "<td>contractions</td>");
  }

  private static GateCheck check(io.intentops.eval.gate.GateVerdict v, String name) {
    return v.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
