package io.intentops.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ScoredLabel;
import io.intentops.inference.IntentPredictor;
import io.intentops.models.ReferenceModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real BANKING77 intent predictor gives the same answers under concurrency as single-threaded:
 * 200 texts (100 for the FP32 micro-batching check) predicted one at a time, then the same texts by 8
 * threads at once, each thread in its own seeded order. Without micro-batching (INT8 encoder) every call is its own ONNX Runtime run of the
 * same shape, so labels, scores and OOS scores must be identical. With micro-batching concurrent texts
 * share a run and are padded to the longest text in it: padded positions are masked out of attention
 * and pooling, but the matrix products run over different shapes and may round differently, so scores
 * are compared within a tolerance and the largest difference is reported. That check uses the shipped
 * FP32 encoder: the INT8 encoder quantises activations dynamically per run, so with micro-batching an
 * INT8 answer depends on which texts share its batch (a first run here saw labels and top-k orders
 * change; see intentops-models/README.md and docs/reliability.md).
 */
class PredictorConcurrencyTest {
  static final int TEXTS = 200;
  static final int THREADS = 8;
  /** Texts in the FP32 micro-batching check (FP32 runs are about 3x slower than INT8 on this CPU). */
  static final int FP32_TEXTS = 100;
  static final double MICRO_BATCH_TOLERANCE = 1e-6;

  @TempDir static Path dir;
  static Path bundle;
  static List<String> texts;
  static List<IntentPrediction> reference;

  @BeforeAll
  static void singleThreaded() throws Exception {
    bundle = Fixtures.banking77Int8(dir.resolve("b77"), false);
    texts = Fixtures.texts(TEXTS, Fixtures.SEED);
    reference = new ArrayList<>();
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).intraOpThreads(1).build()) {
      for (String t : texts) {
        reference.add(p.predict(t));
      }
    }
  }

  @AfterAll
  static void clear() {
    reference = null;
  }

  @Test
  void eightThreadsGiveIdenticalAnswers() throws Exception {
    try (IntentPredictor p = IntentPredictor.builder().bundle(bundle).intraOpThreads(1).build()) {
      double maxDiff = compare(p, reference);
      System.out.printf("predictor-concurrency: %d texts x %d threads, INT8, no micro-batching: max |score diff| %.3e%n",
          TEXTS, THREADS, maxDiff);
      assertThat(maxDiff).isZero();
    }
  }

  @Test
  void eightThreadsWithMicroBatchingAgreeWithinTolerance() throws Exception {
    List<IntentPrediction> fp32 = new ArrayList<>();
    try (IntentPredictor p = ReferenceModels.banking77IntentBuilder().intraOpThreads(1).build()) {
      for (String t : texts.subList(0, FP32_TEXTS)) {
        fp32.add(p.predict(t));
      }
    }
    try (IntentPredictor p = ReferenceModels.banking77IntentBuilder().intraOpThreads(1)
        .microBatching(8, Duration.ofMillis(2)).build()) {
      double maxDiff = compare(p, fp32);
      System.out.printf("predictor-concurrency: %d texts x %d threads, FP32, micro-batching(8, 2 ms): max |score diff| %.3e%n",
          FP32_TEXTS, THREADS, maxDiff);
      assertThat(maxDiff).isLessThan(MICRO_BATCH_TOLERANCE);
    }
  }

  /** Runs every text on every thread; returns the largest score difference from the reference. */
  private static double compare(IntentPredictor p, List<IntentPrediction> reference) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<double[]>> fs = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      fs.add(pool.submit(() -> {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(Fixtures.SEED + thread));
        start.await();
        double max = 0;
        int labelMismatches = 0;
        for (int i : order) {
          IntentPrediction got = p.predict(texts.get(i));
          IntentPrediction want = reference.get(i);
          if (!got.label().equals(want.label()) || got.outOfScope() != want.outOfScope()) {
            labelMismatches++;
          }
          max = Math.max(max, Math.abs(got.score() - want.score()));
          max = Math.max(max, Math.abs(got.oosScore() - want.oosScore()));
          for (int k = 0; k < want.topK().size(); k++) {
            ScoredLabel a = got.topK().get(k);
            ScoredLabel b = want.topK().get(k);
            if (!a.label().equals(b.label())) {
              labelMismatches++;
            }
            max = Math.max(max, Math.abs(a.score() - b.score()));
          }
        }
        return new double[] {max, labelMismatches};
      }));
    }
    start.countDown();
    double max = 0;
    double mismatches = 0;
    for (Future<double[]> f : fs) {
      double[] r = f.get(300, TimeUnit.SECONDS);
      max = Math.max(max, r[0]);
      mismatches += r[1];
    }
    pool.shutdown();
    assertThat(mismatches).as("labels, top-k order or OOS verdicts that differ from single-threaded").isZero();
    return max;
  }
}
