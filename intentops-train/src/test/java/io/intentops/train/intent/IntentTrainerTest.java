package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.metrics.ClassificationMetrics;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.ModelResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on BANKING77 subsamples with the INT8 bge-small encoder (fast on 2 cores). */
class IntentTrainerTest {
  static List<LabeledText> fit = new ArrayList<>();
  static List<LabeledText> heldOut = new ArrayList<>();

  @BeforeAll
  static void data() {
    Optional<Path> csv = DatasetPaths.requireInCi("banking77/train.csv");
    Assumptions.assumeTrue(csv.isPresent(), DatasetPaths.HOW_TO_GET);
    List<LabeledText> all = DatasetReaders.banking77(csv.get()).examples();
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (LabeledText t : all) {
      int k = seen.merge(t.label(), 1, Integer::sum);
      if (k <= 12) {
        fit.add(t);
      } else if (k <= 16) {
        heldOut.add(t);
      }
    }
  }

  static IntentTrainer.Builder trainer() {
    return IntentTrainer.builder()
        .encoder("bge-small-en-v1.5-q", ModelResource.classpath("bge-small-en-v1.5-q.onnx"),
            ModelResource.classpath("bge-small-en-v1.5-q-tokenizer.json"))
        .clock(ManualClock.create()).threads(2).iterations(300).name("test-intent");
  }

  static double heldOutAccuracy(Path bundle) {
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).build()) {
      List<IntentPrediction> preds = p.predictBatch(heldOut.stream().map(LabeledText::text).toList());
      return ClassificationMetrics.accuracy(heldOut.stream().map(LabeledText::label).toList(),
          preds.stream().map(IntentPrediction::label).toList());
    }
  }

  @Test
  void trueLabelsLearnAndRandomisedLabelsStayAtChance(@TempDir Path tmp) {
    IntentTrainer.Result real = trainer().build().train(fit, List.of(), tmp.resolve("real"));
    double realAcc = heldOutAccuracy(real.bundle());
    assertThat(realAcc).isGreaterThan(0.6);

    List<String> labels = new ArrayList<>(fit.stream().map(LabeledText::label).toList());
    Collections.shuffle(labels, new Random(2025));
    List<LabeledText> shuffled = new ArrayList<>();
    for (int i = 0; i < fit.size(); i++) {
      shuffled.add(new LabeledText(fit.get(i).text(), labels.get(i)));
    }
    IntentTrainer.Result random = trainer().build().train(shuffled, List.of(), tmp.resolve("random"));
    double randomAcc = heldOutAccuracy(random.bundle());
    assertThat(randomAcc).isLessThanOrEqualTo(0.03); // chance is 1/77 = 1.3 %
    assertThat(real.manifest().labels()).hasSize(77);
    assertThat(real.manifest().temperature()).isPositive();
    assertThat(real.manifest().oos().inDomainRecall()).isEqualTo(0.95);
  }

  @Test
  void sameSeedReproducesTheWeightsDigestAndAnotherSeedDoesNot(@TempDir Path tmp) {
    List<LabeledText> small = fit.subList(0, 300);
    Checksum a = trainer().iterations(100).build().train(small, List.of(), tmp.resolve("a")).manifest().files().get("head.safetensors");
    Checksum b = trainer().iterations(100).build().train(small, List.of(), tmp.resolve("b")).manifest().files().get("head.safetensors");
    Checksum c = trainer().iterations(100).seed(7).build().train(small, List.of(), tmp.resolve("c")).manifest().files().get("head.safetensors");
    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
  }
}
