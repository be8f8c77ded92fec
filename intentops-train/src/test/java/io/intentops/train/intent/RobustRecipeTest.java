package io.intentops.train.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.head.OosScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The robust recipe (typo augmentation, threshold on perturbed validation, Mahalanobis OOS) and the
 * near-OOS protocol on a small BANKING77 subsample (8 intents x 12 texts, INT8 encoder).
 */
class RobustRecipeTest {
  static final List<LabeledText> train = new ArrayList<>();
  static final List<LabeledText> test = new ArrayList<>();

  @BeforeAll
  static void data() {
    Optional<Path> csv = DatasetPaths.requireInCi("banking77/train.csv");
    Assumptions.assumeTrue(csv.isPresent(), DatasetPaths.HOW_TO_GET);
    List<LabeledText> all = DatasetReaders.banking77(csv.get()).examples();
    Map<String, Integer> seen = new HashMap<>();
    List<String> labels = all.stream().map(LabeledText::label).distinct().sorted().limit(8).toList();
    for (LabeledText t : all) {
      if (!labels.contains(t.label())) {
        continue;
      }
      int k = seen.merge(t.label(), 1, Integer::sum);
      if (k <= 12) {
        train.add(t);
      } else if (k <= 16) {
        test.add(t);
      }
    }
  }

  static IntentTrainer.Builder trainer(Path cache) {
    return IntentTrainerTest.trainer().iterations(200).validationFraction(0.25).embeddingCache(cache);
  }

  @Test
  void mahalanobisBundleWithAugmentationServesTheScoreTheTrainerThresholded(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    IntentTrainer t = trainer(cache).oosMethod(OosScorer.MAHALANOBIS).augmentCopies(1).perturbedValidation(true).build();
    IntentTrainer.Result r = t.train(train, List.of(), tmp.resolve("b1"));
    var m = r.manifest();
    assertThat(m.oos().method()).isEqualTo("mahalanobis");
    assertThat(m.metrics()).containsKeys("validation.typos.accuracy", "validation.typos.falseOos", "validation.falseOos");
    // 95 % of clean + typo validation texts together fall below the threshold
    double both = (m.metrics().get("validation.typos.falseOos") + m.metrics().get("validation.falseOos")) / 2;
    assertThat(both).isLessThanOrEqualTo(0.05 + 1e-9);
    assertThat(m.properties().get("augmentation")).contains("1 typo copy");
    IntentHeadWeights w = IntentHeadWeights.read(ModelResource.file(tmp.resolve("b1/head.safetensors")));
    assertThat(w.oosWhiten()).hasSize(w.dim() * w.dim());
    assertThat(w.oosMeanRows()).isEqualTo(8);
    assertThat(w.bank()).isNull();

    // serving computes the same score as the in-memory fit (same scorer class, same statistics); texts go
    // one at a time on both sides, because INT8 activations are quantised per batch
    IntentTrainer.Fitted f = t.fit(train, List.of());
    try (IntentPredictor p = IntentPredictor.builder().bundle(tmp.resolve("b1")).build()) {
      for (LabeledText x : test.subList(0, 4)) {
        IntentPrediction pred = p.predict(x.text());
        float[] e = t.embedTexts(List.of(x.text()), "embed")[0];
        double want = f.scorer().score(e, f.head().logits(e));
        assertThat(pred.oosScore()).isCloseTo(want, within(1e-5 * Math.max(1, want)));
        assertThat(pred.outOfScope()).isEqualTo(pred.oosScore() >= m.oos().threshold());
      }
      List<IntentPrediction> preds = p.predictBatch(test.stream().map(LabeledText::text).toList());
      long right = 0;
      for (int i = 0; i < preds.size(); i++) {
        right += preds.get(i).label().equals(test.get(i).label()) ? 1 : 0;
      }
      assertThat((double) right / preds.size()).isGreaterThan(0.6); // chance is 1/8
    }

    // the warm cache gives the same bytes as the cold one
    IntentTrainer.Result again = trainer(cache).oosMethod(OosScorer.MAHALANOBIS).augmentCopies(1).perturbedValidation(true)
        .build().train(train, List.of(), tmp.resolve("b2"));
    assertThat(again.manifest().files().get(IntentHeadWeights.FILE)).isEqualTo(m.files().get(IntentHeadWeights.FILE));
    assertThat(Files.list(cache).count()).isEqualTo(1);
  }

  @Test
  void nearOosProtocolHoldsOutSeededIntentsAndScoresThem(@TempDir Path tmp) {
    IntentTrainer t = trainer(tmp.resolve("cache")).build();
    NearOosProtocol.Result r = NearOosProtocol.run(t, train, test, 2, 2, 2025);
    assertThat(r.draws()).hasSize(2);
    assertThat(r.draws().get(0).heldOut()).hasSize(2).isSorted().isNotEqualTo(r.draws().get(1).heldOut());
    assertThat(r.draws()).allSatisfy(d -> {
      assertThat(d.heldOutTexts()).isEqualTo(8);
      assertThat(d.inDomainTexts()).isEqualTo(24);
      assertThat(d.auroc()).isBetween(0.0, 1.0);
    });
    assertThat(r.meanAuroc()).isCloseTo((r.draws().get(0).auroc() + r.draws().get(1).auroc()) / 2, within(1e-12));
    assertThat(r.stdAuroc()).isCloseTo(Math.abs(r.draws().get(0).auroc() - r.draws().get(1).auroc()) / 2, within(1e-12));
    assertThat(NearOosProtocol.run(t, train, test, 2, 1, 2025).draws().get(0)).isEqualTo(r.draws().get(0));
    assertThatThrownBy(() -> NearOosProtocol.run(t, train, test, 7, 1, 2025)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[1, 6]");
  }
}
