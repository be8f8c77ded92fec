package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.capture.Feedback;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.SplitRole;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.gate.Gate;
import io.intentops.eval.gate.GateConfig;
import io.intentops.eval.gate.GateVerdict;
import io.intentops.eval.harness.EvalHarness;
import io.intentops.eval.report.RunEnvironment;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.train.intent.IntentTrainer;
import io.intentops.train.intent.LabeledCsv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop on a small BANKING77 subsample: v1 serves captured traffic, users correct its mistakes,
 * the review queue exports the corrections as the CSV train-intent reads, v2 is trained on the original
 * data plus the corrections, and the release gate compares v2 with v1 on a held-out test set.
 */
class FeedbackLoopTest {
  static final int LABELS = 8;

  @Test
  void correctionsBecomeTrainingDataForABundleThatPassesTheGate(@TempDir Path tmp) {
    Optional<Path> csv = DatasetPaths.requireInCi("banking77/train.csv");
    Assumptions.assumeTrue(csv.isPresent(), DatasetPaths.HOW_TO_GET);
    List<LabeledText> all = DatasetReaders.banking77(csv.get()).examples();
    // The card_* intents are the confusable ones (arrival vs delivery estimate, not working vs swallowed...).
    TreeSet<String> labels = new TreeSet<>();
    all.stream().map(LabeledText::label).filter(l -> l.startsWith("card_")).forEach(labels::add);
    List<String> chosen = new ArrayList<>(labels).subList(0, Math.min(LABELS, labels.size()));
    List<LabeledText> train = new ArrayList<>();
    List<LabeledText> traffic = new ArrayList<>();
    List<LabeledText> test = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (LabeledText t : all) {
      if (!chosen.contains(t.label())) {
        continue;
      }
      int k = seen.merge(t.label(), 1, Integer::sum);
      if (k <= 2) {
        train.add(t);
      } else if (k <= 10) {
        traffic.add(t);
      } else if (k <= 20) {
        test.add(t);
      }
    }
    ManualClock clock = ManualClock.create();
    ModelVersion v1 = ModelVersion.parse("1.0.0-1");
    ModelVersion v2 = ModelVersion.parse("1.1.0-2");
    long tStart = System.nanoTime();
    Path b1 = trainer(clock, v1).train(train, List.of(), tmp.resolve("v1")).bundle();
    System.out.printf("feedback loop timing: train v1 %.1f s%n", (System.nanoTime() - tStart) / 1e9);

    // v1 serves captured traffic; users correct every wrong answer and thumb up the right ones.
    TextClassificationDataset testSet = TextClassificationDataset.of("banking77-subsample", "test", test);
    Path captures = tmp.resolve("captures");
    int wrong = 0;
    EvalReport r1;
    long t0 = System.nanoTime();
    try (IntentPredictor model = IntentPredictor.builder().bundle(b1).build();
        CapturePipeline pipeline = CapturePipeline.builder().sink(JsonlFileSink.builder(captures).clock(clock).build()).build()) {
      CapturingPredictor served = CapturingPredictor.wrap(model, pipeline, clock, "salt");
      for (int i = 0; i < traffic.size(); i++) {
        IntentPrediction p = served.predict(traffic.get(i).text(), "req-" + i, null);
        if (p.label().equals(traffic.get(i).label())) {
          pipeline.accept(Feedback.thumbsUp("req-" + i, clock.instant(), v1));
        } else {
          wrong++;
          pipeline.accept(Feedback.correction("req-" + i, clock.instant(), v1, traffic.get(i).label()));
        }
      }
      r1 = report(model, testSet, clock);
    }
    long tServe = System.nanoTime();
    assertThat(wrong).as("v1 trained on 2 examples per intent makes mistakes").isPositive();

    // Review queue -> the CSV train-intent reads -> v2.
    Path corrections = tmp.resolve("corrections.csv");
    int rows = ReviewQueue.writeCsv(corrections, ReviewQueue.create().select(CaptureFiles.read(captures).events()), true);
    assertThat(rows).isEqualTo(wrong);
    List<LabeledText> added = LabeledCsv.read(corrections).examples();
    List<LabeledText> train2 = new ArrayList<>(train);
    train2.addAll(added);
    Path b2 = trainer(clock, v2).train(train2, List.of(), tmp.resolve("v2")).bundle();
    long tTrain = System.nanoTime();

    // Eval v2 on the same held-out test split and gate it against v1.
    EvalReport r2;
    try (IntentPredictor model = IntentPredictor.builder().bundle(b2).build()) {
      r2 = report(model, testSet, clock);
    }
    System.out.printf("feedback loop timing: serve+eval v1 %.1f s, retrain %.1f s, eval v2 %.1f s%n", (tServe - t0) / 1e9,
        (tTrain - tServe) / 1e9, (System.nanoTime() - tTrain) / 1e9);
    double acc1 = r1.intent(SplitRole.TEST).orElseThrow().classification().accuracy().estimate();
    double acc2 = r2.intent(SplitRole.TEST).orElseThrow().classification().accuracy().estimate();
    GateVerdict verdict = Gate.evaluate(r2, r1, GateConfig.defaults());
    System.out.printf("feedback loop: %d corrections of %d served; test accuracy v1 %.3f -> v2 %.3f; gate %s%n", wrong,
        traffic.size(), acc1, acc2, verdict.passed() ? "PASS" : "BLOCKED " + verdict.failures());
    assertThat(acc2).isGreaterThan(acc1);
    assertThat(verdict.passed()).isTrue();
    // And the gate is not a rubber stamp: v1 judged against v2 is blocked.
    assertThat(Gate.evaluate(r1, r2, GateConfig.defaults()).passed()).isEqualTo(acc1 >= acc2 - GateConfig.DEFAULT_INTENT_ACCURACY_MARGIN);
  }

  static IntentTrainer trainer(ManualClock clock, ModelVersion v) {
    return IntentTrainer.builder()
        .encoder("bge-small-en-v1.5-q", ModelResource.classpath("bge-small-en-v1.5-q.onnx"),
            ModelResource.classpath("bge-small-en-v1.5-q-tokenizer.json"))
        .clock(clock).threads(2).iterations(200).name("loop-intent").version(v).build();
  }

  static EvalReport report(IntentPredictor p, TextClassificationDataset test, ManualClock clock) {
    var section = EvalHarness.builder().clock(clock).build().evaluateIntent(p, test, SplitRole.TEST);
    return new EvalReport(EvalReport.SCHEMA_VERSION, clock.instant(), RunEnvironment.capture(clock.instant(), 0),
        List.of(), List.of(section), null, List.of());
  }
}
