package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import io.intentops.core.Entity;
import io.intentops.core.ModelManifest;
import io.intentops.core.NerResult;
import io.intentops.core.Task;
import io.intentops.core.report.NerScores;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.harness.BioAlignment;
import io.intentops.eval.metrics.NerMetrics;
import io.intentops.inference.ner.NerPredictor;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed WNUT-17 NER bundle, served through ONNX Runtime exactly as applications use it, scored
 * on the WNUT-17 test split with eval's conlleval metrics. Thresholds sit slightly under the measured
 * values recorded in the manifest and README-ner.md.
 */
class Wnut17NerBundleTest {
  static final String BUNDLE = "io/intentops/models/wnut17-ner";
  /** Entity F1 (conlleval, exact span and type) the committed bundle must reach on the test split. */
  static final double MIN_ENTITY_F1 = 0.48;
  /** Token micro-F1 over non-O tags. */
  static final double MIN_TOKEN_MICRO_F1 = 0.50;

  static NerPredictor predictor;

  @BeforeAll
  static void load() {
    predictor = NerPredictor.builder().bundleResource(BUNDLE).intraOpThreads(2).build();
  }

  @AfterAll
  static void close() {
    predictor.close();
  }

  @Test
  void manifestDescribesTheBundleAndItIsSmall() throws Exception {
    ModelManifest m = predictor.manifest();
    assertThat(m).isNotNull();
    assertThat(m.task()).isEqualTo(Task.NER);
    assertThat(m.name()).isEqualTo("wnut17-ner");
    assertThat(m.labels()).contains("O", "B-person", "I-person", "B-location", "B-corporation", "B-creative-work",
        "B-group", "B-product");
    assertThat(m.seed()).isEqualTo(2025);
    long total = 0;
    for (String f : m.files().keySet()) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(BUNDLE + "/" + f)) {
        byte[] b = in.readAllBytes();
        total += b.length;
        assertThat(Checksum.sha256(b)).isEqualTo(m.files().get(f));
      }
    }
    assertThat(total).isLessThan(20_000_000L);
  }

  @Test
  void findsEntitiesInATweet() {
    String text = "Heading to Paris with @john_smith to see the new Star Wars movie 🎬 at Disneyland";
    NerResult r = predictor.predict(text);
    for (Entity e : r.entities()) {
      assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
    }
    assertThat(r.entities()).extracting(Entity::text).contains("Paris");
  }

  @Test
  void explainsWhichContextWordsSupportAnEntitysType() {
    String text = "Heading to Paris with @john_smith to see the new Star Wars movie 🎬 at Disneyland";
    io.intentops.inference.explain.NerExplanation x = predictor.explain(text);
    assertThat(x.result().entities()).isEqualTo(predictor.predict(text).entities());
    var paris = x.entities().stream().filter(e -> e.entity().text().equals("Paris")).findFirst().orElseThrow();
    assertThat(paris.context()).hasSize(14);
    for (var w : paris.context()) {
      assertThat(text.substring(w.start(), w.end())).isEqualTo(w.word());
    }
    // A fine-tuned contextual encoder: some context word moves the type probability.
    assertThat(paris.context()).anySatisfy(w -> assertThat(Math.abs(w.support())).isGreaterThan(1e-3));
  }

  @Test
  void scoresOnTheWnut17TestSplit() {
    Optional<Path> test = DatasetPaths.requireInCi("wnut17/emerging.test.annotated");
    Assumptions.assumeTrue(test.isPresent(), "WNUT-17 not found; " + DatasetPaths.HOW_TO_GET);
    List<TaggedSentence> sentences = DatasetReaders.conll(test.get()).sentences();
    List<List<String>> gold = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    for (TaggedSentence s : sentences) {
      gold.add(s.tags());
      pred.add(BioAlignment.toBio(s.tokens(), predictor.predict(BioAlignment.join(s.tokens()))));
    }
    NerScores scores = NerMetrics.evaluate(gold, pred);
    System.out.printf("WNUT-17 test via ONNX Runtime: entity P %.4f R %.4f F1 %.4f, token micro-F1 %.4f%n",
        scores.precision(), scores.recall(), scores.f1(), scores.tokenMicroF1());
    assertThat(scores.f1()).isGreaterThanOrEqualTo(MIN_ENTITY_F1);
    assertThat(scores.tokenMicroF1()).isGreaterThanOrEqualTo(MIN_TOKEN_MICRO_F1);
    // The served model scores what the manifest reports (computed in training with the merged weights).
    Double recorded = predictor.manifest().metrics().get("wnut17.test.entity_f1");
    assertThat(recorded).isNotNull();
    assertThat(scores.f1()).isCloseTo(recorded, org.assertj.core.data.Offset.offset(0.005));
  }
}
