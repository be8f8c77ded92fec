package io.intentops.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InferenceException;
import io.intentops.core.IntentOpsException;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.encoder.internal.NativeHandles;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.models.ReferenceModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a predictor while many requests are in flight: every request either completes or fails
 * with a typed {@link IntentOpsException} (no other exception type, no JVM crash, no hang: every
 * future must finish within a bound), later calls fail with {@link InferenceException}, and no
 * native tensor or result is left open.
 */
class CloseWhileInFlightTest {
  static final int THREADS = 16;
  static final int REQUESTS = 3_000;
  static final long BOUND_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void intentPredictor() throws Exception {
    closeMidway(Fixtures.tinyPredictor(Fixtures.tinyExport(dir.resolve("a")), "0.1.0-1"));
  }

  @Test
  void intentPredictorWithMicroBatching() throws Exception {
    closeMidway(IntentPredictor.builder().huggingFace(Fixtures.tinyExport(dir.resolve("b"))).intraOpThreads(1)
        .microBatching(8, Duration.ofMillis(1)).build());
  }

  @Test
  void nerPredictor() throws Exception {
    closeMidway(NerPredictor.builder().huggingFace(Fixtures.tinyNerExport(dir.resolve("c"))).build());
  }

  @Test
  void realNerPredictor() throws Exception {
    // Real encoder runs last milliseconds, so close() lands inside ONNX Runtime runs.
    closeMidway(ReferenceModels.wnut17NerBuilder().intraOpThreads(1).build(), 400);
  }

  private static void closeMidway(Predictor<String, ?> p) throws Exception {
    closeMidway(p, REQUESTS);
  }

  private static void closeMidway(Predictor<String, ?> p, int requests) throws Exception {
    List<String> texts = Fixtures.texts(64, Fixtures.SEED);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch someDone = new CountDownLatch(THREADS * 2);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        int k = i;
        futures.add(pool.submit(() -> {
          try {
            return k % 3 == 0 ? p.predictBatch(texts.subList(k % 32, k % 32 + 5)) : p.predict(texts.get(k % 64));
          } finally {
            someDone.countDown();
          }
        }));
      }
      assertThat(someDone.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
      p.close();
      int completed = 0;
      int failed = 0;
      for (Future<?> f : futures) {
        try {
          f.get(BOUND_SECONDS, TimeUnit.SECONDS); // a hang fails here with TimeoutException
          completed++;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).as("failure type after close").isInstanceOf(InferenceException.class)
              .isInstanceOf(IntentOpsException.class);
          failed++;
        }
      }
      System.out.printf("close-in-flight %s: %d completed, %d failed with InferenceException%n", p, completed, failed);
      assertThat(completed + failed).isEqualTo(requests);
      assertThat(completed).isGreaterThanOrEqualTo(THREADS * 2 - THREADS); // what ran before close
      assertThat(failed).as("requests after close must fail").isPositive();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
    assertThatThrownBy(() -> p.predict("my card")).isInstanceOf(InferenceException.class);
    assertThatThrownBy(() -> p.predictBatch(List.of("my card", "top up"))).isInstanceOf(InferenceException.class);
    p.close(); // idempotent
    assertThat(NativeHandles.openResults()).isZero();
    assertThat(NativeHandles.openTensors()).isZero();
  }
}
