package io.intentops.eval.report;

import io.intentops.core.ManualClock;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.RunInfo;
import io.intentops.core.report.SplitRole;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.data.TokenClassificationDataset;
import io.intentops.eval.harness.EvalHarness;
import io.intentops.eval.harness.Fakes;
import io.intentops.eval.metrics.Bootstrap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds real reports from the harness and the in-test predictors (no hand-written metric values). */
public final class ReportFixtures {
  private ReportFixtures() {}

  /**
   * A report over synthetic data: {@code intents} classes, 20 texts each; the fake predictor is right
   * with probability {@code skill} (seeded), and the NER fake knows a fixed lexicon.
   */
  public static EvalReport report(int intents, double skill, long seed) {
    Random rnd = new Random(seed);
    List<LabeledText> ex = new ArrayList<>();
    Map<String, Fakes.Answer> answers = new java.util.HashMap<>();
    for (int c = 0; c < intents; c++) {
      for (int k = 0; k < 20; k++) {
        String text = "text " + c + " " + k;
        String gold = "intent_" + c + (c % 3 == 0 ? "_<&\"quoted\">" : "");
        ex.add(new LabeledText(text, gold));
        boolean right = rnd.nextDouble() < skill;
        String label = right ? gold : "intent_" + ((c + 1) % intents) + (((c + 1) % intents) % 3 == 0 ? "_<&\"quoted\">" : "");
        double conf = right ? 0.6 + 0.4 * rnd.nextDouble() : 0.2 + 0.6 * rnd.nextDouble();
        answers.put(text, new Fakes.Answer(label, conf, 0.5 * rnd.nextDouble(), false));
      }
    }
    List<LabeledText> oos = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      String text = "oos " + k;
      oos.add(new LabeledText(text, "oos"));
      double s = 0.3 + 0.7 * rnd.nextDouble();
      answers.put(text, new Fakes.Answer("intent_1", 0.3, s, s >= 0.6));
    }
    var test = TextClassificationDataset.of("synthetic", "test", ex);
    var oosData = TextClassificationDataset.of("synthetic", "oos_test", oos);
    var ner = TokenClassificationDataset.of("synthetic-ner", "test", List.of(
        new TaggedSentence(List.of("Paul", "lives", "in", "New", "York"), List.of("B-person", "O", "O", "B-location", "I-location")),
        new TaggedSentence(List.of("Apple", "sells", "iPhones"), List.of("B-corporation", "O", "B-product")),
        new TaggedSentence(List.of("Anna", "met", "Bob"), List.of("B-person", "O", "B-person"))));
    ManualClock clock = ManualClock.create();
    EvalHarness h = EvalHarness.builder().clock(clock).bootstrap(new Bootstrap(200, 2025, 0.95)).rocPoints(50).build();
    var intent = Fakes.intent(answers::get, clock);
    var nerPredictor = Fakes.ner(Map.of("Paul", "person", "New", "location", "York", "location", "Anna", "person",
        "iPhones", "product", "sells", "product"));
    return new EvalReport(EvalReport.SCHEMA_VERSION, Instant.parse("2026-11-23T10:00:00Z"),
        new RunInfo("0123456789abcdef0123456789abcdef01234567", "17", "vendor", "vm", "Linux 6", "amd64", "cpu", 2, 1L << 30,
            Instant.parse("2026-11-23T09:59:00Z"), 12.5),
        List.of(),
        List.of(h.evaluateIntent(intent, test, SplitRole.TEST)),
        h.evaluateOos(intent, test, oosData, 0.6),
        List.of(h.evaluateNer(nerPredictor, ner, SplitRole.TEST)));
  }
}
