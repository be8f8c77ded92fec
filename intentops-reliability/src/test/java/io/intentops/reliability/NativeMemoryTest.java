package io.intentops.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.internal.NativeHandles;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native memory: many predictions through ONE predictor (mixed batch sizes, rejected inputs
 * interleaved) must not grow the process RSS by 5 % or more after warm-up, and every ONNX Runtime
 * tensor and result the library creates must be closed again (intentops-inference's
 * {@link NativeHandles} counters). Sizes come from system properties (CI defaults in the POM;
 * {@code -Psoak} runs 1,000,000 predictions through the tiny export).
 */
class NativeMemoryTest {
  static final double MAX_RSS_GROWTH = 0.05;

  @TempDir Path dir;

  @Test
  void tinyExportThroughTheFullNativePath() throws Exception {
    long n = Long.getLong("reliability.tiny.n", 20_000);
    try (IntentPredictor p = Fixtures.tinyPredictor(Fixtures.tinyExport(dir.resolve("tiny")), "0.1.0-1")) {
      check(Soak.run("tiny-hf-export", p, n, Fixtures.texts(2_000, Fixtures.SEED)), n);
    }
    assertThat(NativeHandles.openTensors()).isZero();
    assertThat(NativeHandles.openResults()).isZero();
  }

  @Test
  void banking77Int8Intent() throws Exception {
    long n = Long.getLong("reliability.intent.n", 400);
    try (IntentPredictor p = IntentPredictor.builder().bundle(Fixtures.banking77Int8(dir.resolve("b77"), false))
        .intraOpThreads(1).build()) {
      check(Soak.run("banking77-int8", p, n, Fixtures.texts(2_000, Fixtures.SEED)), n);
    }
    assertThat(NativeHandles.openTensors()).isZero();
    assertThat(NativeHandles.openResults()).isZero();
  }

  @Test
  void wnut17Ner() {
    long n = Long.getLong("reliability.ner.n", 200);
    long before = NativeHandles.openTensors();
    try (NerPredictor p = ReferenceModels.wnut17NerBuilder().intraOpThreads(1).build()) {
      // The fine-tuned weights are injected as initializer tensors that live as long as the predictor.
      assertThat(NativeHandles.openTensors()).isGreaterThan(before);
      Predictor<String, NerResult> ner = p;
      check(Soak.run("wnut17-ner", ner, n, Fixtures.texts(2_000, Fixtures.SEED)), n);
    }
    assertThat(NativeHandles.openTensors()).as("initializers are freed on close").isEqualTo(before).isZero();
    assertThat(NativeHandles.openResults()).isZero();
  }

  private static void check(Soak.Result r, long n) {
    assertThat(r.predictions()).isGreaterThanOrEqualTo(n);
    assertThat(r.rejected()).isPositive();
    assertThat(r.maxOpenResults()).as("results left open between calls").isZero();
    assertThat(r.maxExtraTensors()).as("input tensors left open between calls").isZero();
    if (r.rssWarmKb() > 0) {
      assertThat(r.growth()).as(r.line()).isLessThan(MAX_RSS_GROWTH);
    }
  }

}
