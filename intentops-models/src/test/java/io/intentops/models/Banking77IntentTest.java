package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.metrics.CalibrationMetrics;
import io.intentops.eval.metrics.ClassificationMetrics;
import io.intentops.eval.metrics.OosMetrics;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.encoder.ModelResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headline numbers of the reference BANKING77 bundle on data it never saw: BANKING77 test (in scope)
 * and CLINC150 oos_test (out of scope). Thresholds sit a little under the measured values
 * (see intentops-models/README.md).
 */
class Banking77IntentTest {
  static TextClassificationDataset test;
  static List<String> oosTest;
  static List<IntentPrediction> testPreds;

  @BeforeAll
  static void predictTestSet() {
    Optional<Path> b77 = DatasetPaths.requireInCi("banking77/test.csv");
    Optional<Path> clinc = DatasetPaths.requireInCi("clinc150/data_full.json");
    Assumptions.assumeTrue(b77.isPresent() && clinc.isPresent(), DatasetPaths.HOW_TO_GET);
    test = DatasetReaders.banking77(b77.get());
    oosTest = DatasetReaders.clinc150(clinc.get(), "oos_test").examples().stream().map(LabeledText::text).toList();
    try (IntentPredictor p = ReferenceModels.banking77IntentBuilder().intraOpThreads(2).build()) {
      testPreds = p.predictBatch(texts(test));
    }
  }

  static List<String> texts(TextClassificationDataset d) {
    return d.examples().stream().map(LabeledText::text).toList();
  }

  static double accuracy(List<IntentPrediction> preds) {
    return ClassificationMetrics.accuracy(test.examples().stream().map(LabeledText::label).toList(),
        preds.stream().map(IntentPrediction::label).toList());
  }

  @Test
  void testAccuracy() {
    double acc = accuracy(testPreds);
    System.out.printf("banking77 test accuracy (bge-small fp32): %.4f%n", acc);
    assertThat(acc).isGreaterThanOrEqualTo(0.933);
  }

  @Test
  void calibrationAfterTemperatureScaling() {
    double[] conf = testPreds.stream().mapToDouble(IntentPrediction::score).toArray();
    boolean[] ok = new boolean[conf.length];
    for (int i = 0; i < ok.length; i++) {
      ok[i] = testPreds.get(i).label().equals(test.examples().get(i).label());
    }
    double ece = CalibrationMetrics.ece(conf, ok, 15);
    System.out.printf("banking77 test ECE(15): %.4f%n", ece);
    assertThat(ece).isLessThanOrEqualTo(0.02);
  }

  @Test
  void outOfScopeAurocAgainstClinc150OosTest() {
    List<IntentPrediction> oos;
    try (IntentPredictor p = ReferenceModels.banking77IntentBuilder().intraOpThreads(2).build()) {
      oos = p.predictBatch(oosTest);
    }
    double[] in = testPreds.stream().mapToDouble(IntentPrediction::oosScore).toArray();
    double[] out = oos.stream().mapToDouble(IntentPrediction::oosScore).toArray();
    double auroc = OosMetrics.auroc(in, out);
    double inRecall = testPreds.stream().filter(x -> !x.outOfScope()).count() / (double) testPreds.size();
    double oosRecall = oos.stream().filter(IntentPrediction::outOfScope).count() / (double) oos.size();
    System.out.printf("OOS AUROC banking77 test vs clinc150 oos_test: %.4f; at the shipped threshold: in-domain kept %.4f, OOS caught %.4f%n",
        auroc, inRecall, oosRecall);
    assertThat(auroc).isGreaterThanOrEqualTo(0.99);
    assertThat(inRecall).isGreaterThan(0.9);
  }

  @Test
  void int8EncoderStaysWithinHalfAPointOfFp32(@TempDir Path dir) throws Exception {
    // Same head and tokenizer; only the encoder is swapped for the INT8 export.
    ModelResource src = ModelResource.classpath(ReferenceModels.BANKING77_INTENT);
    for (String f : List.of("head.safetensors", "tokenizer.json")) {
      Files.write(dir.resolve(f), src.resolve(f).readAllBytes());
    }
    ModelManifest m = ReferenceModels.banking77IntentManifest();
    String q = "classpath:/bge-small-en-v1.5-q.onnx";
    ModelManifest int8 = new ModelManifest(m.formatVersion(), m.name() + "-int8", m.version(), m.task(),
        new ModelManifest.EncoderRef("bge-small-en-v1.5-q", q, ModelResource.of(q).sha256(), m.encoder().pooling(),
            m.encoder().maxTokens()),
        m.tokenizerSha256(), m.labels(), m.temperature(), m.oos(), m.files(), m.trainingData(), Map.of(), m.createdAt(),
        m.seed(), m.properties());
    ModelManifests.write(int8, dir.resolve(BundleFiles.MANIFEST));
    List<IntentPrediction> preds;
    try (IntentPredictor p = IntentPredictor.builder().bundle(dir).intraOpThreads(2).build()) {
      preds = p.predictBatch(texts(test));
    }
    double fp32 = accuracy(testPreds);
    double acc8 = accuracy(preds);
    System.out.printf("banking77 test accuracy INT8 encoder: %.4f (FP32 %.4f, delta %+.4f)%n", acc8, fp32, acc8 - fp32);
    assertThat(acc8).isGreaterThanOrEqualTo(fp32 - 0.005);
  }

  @Test
  void bundleFilesMatchTheirManifestDigests() {
    ModelManifest m = ReferenceModels.banking77IntentManifest();
    ModelResource dir = ModelResource.classpath(ReferenceModels.BANKING77_INTENT);
    for (var e : m.files().entrySet()) {
      Checksum actual = dir.resolve(e.getKey()).sha256();
      assertThat(actual).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(dir.resolve(e.getKey()).readAllBytes().length).isLessThan(20 * 1024 * 1024);
    }
    assertThat(m.labels()).hasSize(77);
    assertThat(m.trainingData()).containsKey("train.csv").doesNotContainKey("test.csv").doesNotContainKey("clinc150/oos_test");
  }
}
