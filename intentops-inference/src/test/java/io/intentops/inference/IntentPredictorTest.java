package io.intentops.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.intentops.core.Checksum;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentPrediction;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ScoredLabel;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.IntentHeadWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentPredictorTest {
  @TempDir static Path tmp;
  static Path bundle;
  static IntentPredictor predictor;

  @BeforeAll
  static void setUp() throws Exception {
    bundle = TestBundles.write(tmp.resolve("tiny"));
    predictor = IntentPredictor.builder().bundle(bundle).intraOpThreads(1).clock(ManualClock.create()).topK(2).build();
  }

  @AfterAll
  static void tearDown() {
    predictor.close();
  }

  @Test
  void classifiesParaphrasesWithCalibratedTopK() {
    IntentPrediction p = predictor.predict("I still haven't received my card");
    assertThat(p.label()).isEqualTo("card_arrival");
    assertThat(p.topK()).hasSize(2);
    assertThat(p.topK().get(0)).isEqualTo(new ScoredLabel(p.label(), p.score()));
    assertThat(p.topK().get(1).score()).isLessThanOrEqualTo(p.score());
    assertThat(p.outOfScope()).isFalse();
    assertThat(p.modelVersion().toString()).isEqualTo("1.2.0-7");
    assertThat(p.latency()).isEqualTo(Duration.ZERO); // manual clock never moves
    assertThat(p.truncated()).isFalse();
    assertThat(predictor.predict("what rate do you use to convert dollars").label()).isEqualTo("exchange_rate");
    assertThat(predictor.predict("the top up was declined again").label()).isEqualTo("top_up_failed");
    assertThat(predictor.manifest().name()).isEqualTo("tiny-intent");
  }

  @Test
  void unrelatedTextIsOutOfScope() {
    IntentPrediction in = predictor.predict("my new card still hasn't come");
    IntentPrediction out = predictor.predict("give me a lasagne recipe with spinach");
    assertThat(out.oosScore()).isGreaterThan(in.oosScore());
    assertThat(out.outOfScope()).isTrue();
    assertThat(out.labelOr("fallback")).isEqualTo("fallback");
    assertThat(in.outOfScope()).isFalse();
  }

  @Test
  void batchMatchesSinglePredictionsInOrder() {
    List<String> texts = List.of("when does my card arrive", "exchange rate please", "top up failed", "card");
    List<IntentPrediction> batch = predictor.predictBatch(texts);
    assertThat(batch).hasSize(4);
    for (int i = 0; i < texts.size(); i++) {
      IntentPrediction single = predictor.predict(texts.get(i));
      assertThat(batch.get(i).label()).isEqualTo(single.label());
      // The INT8 encoder quantises activations dynamically over the whole padded batch, so batched
      // numbers differ slightly from single ones (FP32 encoders agree to ~1e-5).
      assertThat(batch.get(i).score()).isCloseTo(single.score(), within(2e-2));
      assertThat(batch.get(i).oosScore()).isCloseTo(single.oosScore(), within(2e-2));
    }
  }

  @Test
  void rejectsBadInputWithTypedErrors() {
    assertThatThrownBy(() -> predictor.predict(null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> predictor.predict("   ")).isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).reason()).isEqualTo(InvalidInputException.Reason.BLANK);
    assertThatThrownBy(() -> predictor.predict("card \uD800 x")).isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).reason()).isEqualTo(InvalidInputException.Reason.INVALID_UTF16);
    assertThatThrownBy(() -> predictor.predict("a".repeat(InputLimits.DEFAULT_MAX_CHARS + 1)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).reason()).isEqualTo(InvalidInputException.Reason.TOO_LONG);
    assertThatThrownBy(() -> predictor.predictBatch(List.of("ok", ""))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Batch item 1");
  }

  @Test
  void longTextIsTruncatedAndFlagged() {
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle)
        .limits(InputLimits.custom().maxTokens(8).build()).build()) {
      IntentPrediction r = p.predict("my card has not arrived and I am waiting for weeks now, what should I do");
      assertThat(r.truncated()).isTrue();
      assertThat(r.label()).isEqualTo("card_arrival");
      assertThat(p.predict("my card").truncated()).isFalse();
    }
  }

  @Test
  void tamperedHeadIsRefusedNamingFileAndDigests(@TempDir Path dir) throws Exception {
    Path b = copy(bundle, dir);
    Path head = b.resolve(IntentHeadWeights.FILE);
    byte[] bytes = Files.readAllBytes(head);
    bytes[bytes.length - 1] ^= 1;
    Files.write(head, bytes);
    ModelManifest m = ModelManifests.read(b.resolve(BundleFiles.MANIFEST));
    assertThatThrownBy(() -> IntentPredictor.builder().bundle(b).build())
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(IntentHeadWeights.FILE)
        .hasMessageContaining(m.files().get(IntentHeadWeights.FILE).hex())
        .hasMessageContaining(Checksum.sha256(bytes).hex());
  }

  @Test
  void wrongEncoderDigestIsRefused(@TempDir Path dir) throws Exception {
    Path b = copy(bundle, dir);
    ModelManifest m = ModelManifests.read(b.resolve(BundleFiles.MANIFEST));
    Checksum wrong = Checksum.sha256("another encoder");
    ModelManifest bad = new ModelManifest(m.formatVersion(), m.name(), m.version(), m.task(),
        new ModelManifest.EncoderRef(m.encoder().id(), m.encoder().source(), wrong, m.encoder().pooling(),
            m.encoder().maxTokens()),
        m.tokenizerSha256(), m.labels(), m.temperature(), m.oos(), m.files(), m.trainingData(), m.metrics(),
        m.createdAt(), m.seed(), m.properties());
    ModelManifests.write(bad, b.resolve(BundleFiles.MANIFEST));
    assertThatThrownBy(() -> IntentPredictor.builder().bundle(b).build())
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("bge-small-en-v1.5-q.onnx")
        .hasMessageContaining(wrong.hex())
        .hasMessageContaining(TestBundles.encoderSha().hex());
  }

  @Test
  void cacheServesNormalisedRepeats() {
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).cache(100).clock(ManualClock.create()).build()) {
      IntentPrediction first = p.predict("my card has not arrived");
      IntentPrediction again = p.predict("  my   card has not arrived\t");
      assertThat(again).isEqualTo(first);
    }
  }

  @Test
  void microBatchingGivesTheSameAnswersUnderConcurrency() throws Exception {
    List<String> texts = List.of("my card has not arrived", "what is the exchange rate", "top up failed",
        "where is my card", "euro rate", "cannot top up");
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).microBatching(8, Duration.ofMillis(5)).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<IntentPrediction>> fs = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
          for (String t : texts) {
            fs.add(pool.submit(() -> p.predict(t)));
          }
        }
        for (int i = 0; i < fs.size(); i++) {
          IntentPrediction got = fs.get(i).get(60, TimeUnit.SECONDS);
          IntentPrediction expected = predictor.predict(texts.get(i % texts.size()));
          assertThat(got.label()).isEqualTo(expected.label());
          assertThat(got.score()).isCloseTo(expected.score(), within(2e-2));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closeWhileRequestsAreInFlightFailsThemCleanly() throws Exception {
    for (boolean micro : new boolean[] {false, true}) {
      IntentPredictor.Builder b = IntentPredictor.builder().bundle(bundle).intraOpThreads(1);
      if (micro) {
        b.microBatching(4, Duration.ofMillis(2));
      }
      IntentPredictor p = b.build();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      AtomicInteger ok = new AtomicInteger();
      List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            try {
              p.predict("where is my card " + i);
              ok.incrementAndGet();
            } catch (InferenceException e) {
              return; // closed: the documented outcome
            } catch (Throwable e) {
              unexpected.add(e);
              return;
            }
          }
        }));
      }
      while (ok.get() < 3) {
        Thread.onSpinWait();
      }
      p.close();
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(unexpected).isEmpty();
      assertThatThrownBy(() -> p.predict("my card")).isInstanceOf(InferenceException.class).hasMessageContaining("closed");
      p.close(); // idempotent
    }
  }

  private static Path copy(Path from, Path to) throws Exception {
    try (var s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
