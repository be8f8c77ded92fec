package io.intentops.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Entity;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.SplitRole;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.data.TokenClassificationDataset;
import io.intentops.eval.metrics.Bootstrap;
import io.intentops.eval.metrics.ClassificationMetrics;
import io.intentops.eval.report.EvalReports;
import io.intentops.eval.report.RunEnvironment;
import io.intentops.eval.sanity.ChanceLevel;
import io.intentops.eval.sanity.RandomLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The harness end to end on the real datasets with small real models trained here (a TF-IDF centroid
 * intent classifier, a lexicon NER tagger). Writes target/real-eval/eval.json and report.html.
 */
class RealDataHarnessTest {

  @Test
  void banking77ClincAndWnut17EndToEnd() {
    var trainFile = DatasetPaths.requireInCi("banking77/train.csv");
    Assumptions.assumeTrue(trainFile.isPresent(), DatasetPaths.HOW_TO_GET);
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    var train = DatasetReaders.banking77(trainFile.get());
    var test = DatasetReaders.banking77(DatasetPaths.banking77().resolve("test.csv"));
    var oosTest = DatasetReaders.clinc150(DatasetPaths.clinc150().resolve("data_full.json"), "oos_test");
    EvalHarness h = EvalHarness.builder().bootstrap(new Bootstrap(300, 2025, 0.95)).build();

    var model = new BagOfWordsIntentModel(train);
    var intent = h.evaluateIntent(model, test, SplitRole.TEST);
    var intentTrain = h.evaluateIntent(model, train, SplitRole.TRAIN);
    var oos = h.evaluateOos(model, test, oosTest, model.threshold());
    double acc = intent.classification().accuracy().estimate();
    assertThat(acc).isBetween(0.6, 0.95);
    assertThat(intent.classification().confusion().labels()).hasSize(77);
    assertThat(intent.classification().accuracy().lower()).isLessThan(acc);
    assertThat(intentTrain.classification().accuracy().estimate()).isGreaterThan(acc);
    assertThat(oos.auroc().estimate()).isBetween(0.6, 1.0);
    assertThat(oos.atThreshold().inScope()).isEqualTo(3080);
    assertThat(oos.atThreshold().outOfScope()).isEqualTo(1000);

    // Randomised-label check with a real trainer: shuffled training labels give chance-level accuracy.
    var shuffled = new BagOfWordsIntentModel(RandomLabels.shuffle(train));
    List<String> pred = h.predictIntents(shuffled, test).stream().map(p -> p.label()).toList();
    double shuffledAcc = ClassificationMetrics.accuracy(test.goldLabels(), pred);
    ChanceLevel.of(test.goldLabels()).requireAtChance(shuffledAcc);

    var nerTrain = DatasetReaders.conll(DatasetPaths.wnut17().resolve("wnut17train.conll"));
    var nerTest = DatasetReaders.conll(DatasetPaths.wnut17().resolve("emerging.test.annotated"));
    var ner = h.evaluateNer(lexiconTagger(nerTrain), nerTest, SplitRole.TEST);
    assertThat(ner.scores().f1()).isBetween(0.01, 0.6);
    assertThat(ner.scores().perType()).containsKeys("person", "location", "corporation", "product", "group", "creative-work");

    EvalReport report = new EvalReport(EvalReport.SCHEMA_VERSION, Instant.now(),
        RunEnvironment.capture(started, (System.nanoTime() - t0) / 1e9), List.of(), List.of(intent, intentTrain), oos, List.of(ner));
    Path json = EvalReports.write(report, Path.of("target", "real-eval"));
    assertThat(EvalJson.read(json)).isEqualTo(report);
    System.out.printf(java.util.Locale.ROOT,
        "[real-eval] banking77 test accuracy %.4f [%.4f, %.4f] macro-F1 %.4f ECE %.4f; train accuracy %.4f; shuffled-label accuracy %.4f (chance bound %.4f)%n"
            + "[real-eval] OOS banking77/test vs clinc150/oos_test AUROC %.4f [%.4f, %.4f] AUPR %.4f FPR@95TPR %.4f in-scope acc %.4f OOS recall %.4f%n"
            + "[real-eval] WNUT-17 test lexicon tagger entity F1 %.4f [%.4f, %.4f] P %.4f R %.4f token micro-F1 %.4f%n",
        acc, intent.classification().accuracy().lower(), intent.classification().accuracy().upper(), intent.classification().macroF1(),
        intent.calibration().ece(), intentTrain.classification().accuracy().estimate(), shuffledAcc,
        ChanceLevel.of(test.goldLabels()).upperBound(), oos.auroc().estimate(), oos.auroc().lower(), oos.auroc().upper(), oos.aupr(),
        oos.fprAt95Tpr(), oos.atThreshold().inScopeAccuracy(), oos.atThreshold().oosRecall(), ner.scores().f1(), ner.f1().lower(),
        ner.f1().upper(), ner.scores().precision(), ner.scores().recall(), ner.scores().tokenMicroF1());
  }

  /** Tags every token seen inside a training entity with that entity's most frequent type; runs merge. */
  static Predictor<String, NerResult> lexiconTagger(TokenClassificationDataset train) {
    Map<String, Map<String, Integer>> seen = new HashMap<>();
    for (TaggedSentence s : train.sentences()) {
      for (int i = 0; i < s.tokens().size(); i++) {
        String tag = s.tags().get(i);
        String tok = s.tokens().get(i);
        if (!tag.equals("O") && tok.length() > 2 && Character.isUpperCase(tok.charAt(0))) {
          seen.computeIfAbsent(tok, k -> new HashMap<>()).merge(tag.substring(2), 1, Integer::sum);
        }
      }
    }
    Map<String, String> lexicon = new HashMap<>();
    seen.forEach((tok, types) -> lexicon.put(tok, types.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey()));
    return new Predictor<>() {
      @Override
      public NerResult predict(String text) {
        List<Entity> out = new ArrayList<>();
        int pos = 0;
        for (String w : text.split(" ", -1)) {
          String type = lexicon.get(w);
          if (type != null) {
            Entity prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (prev != null && prev.type().equals(type) && prev.end() == pos - 1) {
              out.set(out.size() - 1, new Entity(type, prev.start(), pos + w.length(), text.substring(prev.start(), pos + w.length()), 0.5));
            } else {
              out.add(new Entity(type, pos, pos + w.length(), w, 0.5));
            }
          }
          pos += w.length() + 1;
        }
        return new NerResult(out, version(), Duration.ZERO, false);
      }

      @Override
      public ModelVersion version() {
        return ModelVersion.of(0, 1, 0, 1);
      }
    };
  }
}
