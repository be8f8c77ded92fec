package io.intentops.capture.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.capture.CaptureFormatException;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.ProjectedEmbedding;
import io.intentops.eval.drift.DriftJob.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding drift on synthetic Gaussian embeddings: calibration of the MMD permutation test, power, and the monitor. */
class EmbeddingDriftTest {
  static final ModelVersion V = ModelVersion.parse("3.1.0-2");
  static final int DIM = 32;
  static final int M = 256;

  static float[][] gaussian(Random rnd, int n, double shift) {
    float[][] xs = new float[n][DIM];
    for (float[] x : xs) {
      for (int d = 0; d < DIM; d++) {
        x[d] = (float) (rnd.nextGaussian() + shift);
      }
    }
    return xs;
  }

  static EmbeddingSummary summary(float[][] rows) {
    return EmbeddingSummary.ofProjected(EmbeddingProjection.of(384, DIM, 2025), List.of(rows), rows.length, 2025);
  }

  /** Fraction of windows whose permutation p-value is below alpha. */
  static double breachRate(Random rnd, int windows, int n, double shift, double alpha) {
    double[] ps = pValues(rnd, windows, n, shift);
    return java.util.Arrays.stream(ps).filter(p -> p < alpha).count() / (double) windows;
  }

  /** Permutation p-values of {@code windows} windows of {@code n} (200 permutations each). */
  static double[] pValues(Random rnd, int windows, int n, double shift) {
    double[] ps = new double[windows];
    Mmd mmd = null;
    for (int w = 0; w < windows; w++) {
      if (w % 10 == 0) { // a fresh reference sample now and then: the test's null is "both samples iid"
        float[][] ref = gaussian(rnd, M, 0);
        mmd = new Mmd(ref, EmbeddingSummary.medianDistance(ref), n);
      }
      ps[w] = mmd.test(gaussian(rnd, n, shift), n, 200, new Random(2025 + w)).pValue();
    }
    return ps;
  }

  @Test
  void falseBreachRateOfThePermutationTestIsAlphaWithinABinomialBound() {
    int windows = 1000;
    double[] ps = pValues(new Random(2025), windows, 100, 0);
    // p = (1 + b) / 201 < alpha iff b < 201 alpha - 1: exactly ceil(201 alpha - 1) / 201 under exchangeability.
    for (double alpha : new double[] {0.05, LiveDriftConfig.DEFAULT_EMBEDDING_ALPHA}) {
      long hits = java.util.Arrays.stream(ps).filter(p -> p < alpha).count();
      double exact = Math.ceil(201 * alpha - 1) / 201.0;
      BinomialDistribution b = new BinomialDistribution(windows, exact);
      System.out.printf("MMD permutation test, no shift: false-breach rate %.4f at alpha %.2f (exact level %.4f) "
          + "over %d windows (m=%d, n=100, d=%d, 200 permutations)%n", hits / (double) windows, alpha, exact, windows,
          M, DIM);
      assertThat((double) hits).isBetween((double) b.inverseCumulativeProbability(0.0005),
          (double) b.inverseCumulativeProbability(0.9995));
    }
  }

  @Test
  void aMeanShiftIsDetected() {
    double rate = breachRate(new Random(7), 50, 100, 0.15, LiveDriftConfig.DEFAULT_EMBEDDING_ALPHA);
    System.out.printf("MMD permutation test, mean shift 0.15 per dimension (|delta| = %.2f sd): detection rate %.2f "
        + "at alpha %.2f (n=100)%n", 0.15 * Math.sqrt(DIM), rate, LiveDriftConfig.DEFAULT_EMBEDDING_ALPHA);
    assertThat(rate).isGreaterThanOrEqualTo(0.9);
  }

  static final class Traffic {
    final Random rnd;
    double shift;
    long id;

    Traffic(long seed) {
      rnd = new Random(seed);
    }

    CaptureRecord next() {
      float[] e = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        e[d] = (float) (rnd.nextGaussian() + shift);
      }
      String l = "intent_" + rnd.nextInt(10);
      double score = 0.5 + 0.5 * rnd.nextDouble();
      return new CaptureRecord("r" + id++, Instant.EPOCH, V, null, "[text]", l, score, List.of(new ScoredLabel(l, score)),
          false, 0.1, Duration.ofMillis(1), ProjectedEmbedding.owning(e));
    }
  }

  static DriftBaseline baseline(long seed) {
    Traffic t = new Traffic(seed);
    List<CaptureRecord> rs = new ArrayList<>();
    List<float[]> emb = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      CaptureRecord r = t.next();
      rs.add(r);
      emb.add(r.embedding().toArray());
    }
    return DriftBaseline.ofRecords(V, rs).withEmbedding(
        EmbeddingSummary.ofProjected(EmbeddingProjection.of(384, DIM, 2025), emb, M, 2025));
  }

  static LiveDriftConfig config() {
    return LiveDriftConfig.custom().windowSize(100).minSamples(100).build();
  }

  @Test
  void noDegradedOnUnshiftedTrafficOverALongRun() {
    LiveDriftMonitor monitor = LiveDriftMonitor.builder(baseline(2025)).config(config()).clock(ManualClock.create())
        .build();
    int[] counts = new int[4]; // embedding breaches, degraded windows, any breach, p < 0.01 without the floor
    double[] maxMmd2 = {Double.NEGATIVE_INFINITY};
    monitor.addListener(w -> {
      counts[3] += w.embeddingPValue() < 0.01 ? 1 : 0;
      maxMmd2[0] = Math.max(maxMmd2[0], w.embeddingMmd2());
      counts[0] += w.breaches().contains("embedding") ? 1 : 0;
      counts[1] += w.status() == Status.DEGRADED ? 1 : 0;
      counts[2] += w.breaches().isEmpty() ? 0 : 1;
      assertThat(w.embeddingSize()).isEqualTo(100);
    });
    Traffic live = new Traffic(11);
    int windows = 2000;
    long t0 = System.nanoTime();
    for (int i = 0; i < windows * 100; i++) {
      monitor.accept(live.next());
    }
    double ms = (System.nanoTime() - t0) / 1e6 / windows;
    System.out.printf("Unshifted, %d windows of 100: embedding p < 0.01 in %d, embedding breaches (p and MMD2 > %.3f) %d "
        + "(largest MMD2 %.4f), any breach %d, DEGRADED %d (%.1f ms per window incl. traffic generation, informational)%n",
        windows, counts[3], LiveDriftConfig.DEFAULT_EMBEDDING_MMD2, counts[0], maxMmd2[0], counts[2], counts[1], ms);
    // The permutation test is not blind on this traffic: p < 0.01 about as often as it should be.
    assertThat(counts[3]).isLessThanOrEqualTo(new BinomialDistribution(windows, 0.01).inverseCumulativeProbability(0.9995));
    assertThat(monitor.windows()).isEqualTo(windows);
    // Embedding breaches need p < 0.01 (and the MMD² floor): expected at most 20; bound at the 99.95 % quantile.
    assertThat(counts[0]).isLessThanOrEqualTo(new BinomialDistribution(windows, 0.01).inverseCumulativeProbability(0.9995));
    assertThat(counts[1]).isZero();
  }

  @Test
  void shiftedEmbeddingsAreDegradedWithinThreeWindows() {
    LiveDriftMonitor monitor = LiveDriftMonitor.builder(baseline(2025)).config(config()).clock(ManualClock.create())
        .build();
    List<DriftWindow> windows = new ArrayList<>();
    monitor.addListener(windows::add);
    io.micrometer.core.instrument.simple.SimpleMeterRegistry reg = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.intentops.capture.metrics.CaptureMeters.bind(reg, monitor);
    assertThat(reg.get("intentops.drift.embedding.mmd2").gauge().value()).isNaN();
    Traffic live = new Traffic(13);
    for (int i = 0; i < 5 * 100; i++) {
      monitor.accept(live.next());
    }
    assertThat(windows).hasSize(5).allMatch(w -> w.status() != Status.DEGRADED);
    live.shift = 0.3; // embeddings move; class mix, confidences and OOS rate do not
    for (int i = 0; i < 3 * 100; i++) {
      monitor.accept(live.next());
    }
    assertThat(windows).hasSize(8);
    for (DriftWindow w : windows.subList(5, 8)) {
      assertThat(w.breaches()).containsExactly("embedding");
      assertThat(w.embeddingPValue()).isLessThan(0.01);
      assertThat(w.embeddingMmd2()).isGreaterThan(LiveDriftConfig.DEFAULT_EMBEDDING_MMD2);
    }
    assertThat(windows.get(7).status()).isEqualTo(Status.DEGRADED);
    assertThat(monitor.status()).isEqualTo(Status.DEGRADED);
    assertThat(reg.get("intentops.drift.status").gauge().value()).isEqualTo(2.0);
    assertThat(reg.get("intentops.drift.embedding.mmd2").gauge().value()).isEqualTo(windows.get(7).embeddingMmd2());
  }

  @Test
  void belowTheMinimumEmbeddingCountThereIsNoEmbeddingVerdict() {
    LiveDriftMonitor monitor = LiveDriftMonitor.builder(baseline(2025)).config(config()).clock(ManualClock.create())
        .build();
    Traffic live = new Traffic(17);
    live.shift = 2;
    List<DriftWindow> windows = new ArrayList<>();
    monitor.addListener(windows::add);
    for (int i = 0; i < 100; i++) {
      CaptureRecord r = live.next();
      // Only 40 of 100 records carry an embedding (the rest were cache hits, say): below the minimum of 50.
      monitor.accept(i < 40 ? r : r.withoutEmbedding());
    }
    DriftWindow w = windows.get(0);
    assertThat(w.embeddingSize()).isEqualTo(40);
    assertThat(w.embeddingMmd2()).isNaN();
    assertThat(w.embeddingPValue()).isNaN();
    assertThat(w.breaches()).doesNotContain("embedding");
  }

  @Test
  void aBaselineWithoutEmbeddingSummarySkipsEmbeddingDriftAndOldBaselinesStillRead(@TempDir Path dir) throws Exception {
    // The file an older version wrote: no "embedding" field.
    java.nio.file.Files.writeString(dir.resolve(DriftBaseline.FILE_NAME), """
        {"modelVersion":"3.1.0-2","size":2,"labelCounts":{"a":1,"b":1},
         "confidenceHistogram":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1],"outOfScope":0}""");
    DriftBaseline old = DriftBaseline.readFrom(dir);
    assertThat(old.embedding()).isNull();
    LiveDriftMonitor m = LiveDriftMonitor.builder(old).config(config()).build();
    assertThat(m.embeddingDrift()).isFalse();
    Traffic live = new Traffic(19);
    for (int i = 0; i < 100; i++) {
      m.accept(live.next());
    }
    assertThat(m.windows()).isEqualTo(1);
  }

  @Test
  void theEmbeddingSummaryRoundTripsThroughTheBundle(@TempDir Path dir) {
    DriftBaseline b = baseline(3);
    b.writeTo(dir);
    DriftBaseline read = DriftBaseline.readFrom(dir);
    assertThat(read).isEqualTo(b);
    assertThat(read.embedding().size()).isEqualTo(M);
    assertThat(read.embedding().bandwidth()).isEqualTo(b.embedding().bandwidth());
  }

  @Test
  void recordsOfAnotherDimensionAreCountedNotTested() {
    LiveDriftMonitor m = LiveDriftMonitor.builder(baseline(2025)).config(config()).build();
    CaptureRecord r = new Traffic(1).next();
    m.accept(new CaptureRecord(r.requestId(), r.time(), V, null, r.text(), r.label(), r.score(), r.topK(), false, 0.1,
        r.latency(), ProjectedEmbedding.of(new float[] {1, 2, 3})));
    assertThat(m.embeddingMismatches()).isEqualTo(1);
  }

  @Test
  void badSummariesAndConfigsAreTypedErrors() {
    assertThatThrownBy(() -> new EmbeddingSummary(384, 32, 2025, 0.0, gaussian(new Random(1), 30, 0)))
        .isInstanceOf(CaptureFormatException.class).hasMessageContaining("bandwidth");
    assertThatThrownBy(() -> new EmbeddingSummary(384, 32, 2025, 1.0, gaussian(new Random(1), 5, 0)))
        .isInstanceOf(CaptureFormatException.class).hasMessageContaining("at least 20 rows");
    float[][] constant = new float[30][DIM];
    assertThatThrownBy(() -> summary(constant)).isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining("all equal");
    assertThatThrownBy(() -> LiveDriftConfig.custom().embeddingPermutations(99).embeddingAlpha(0.01).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("could never breach");
    assertThatThrownBy(() -> LiveDriftConfig.custom().embeddingMinSamples(300).build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void capturedLinesCarryTheEmbeddingOnlyWhenPresentAndOldLinesStillRead() {
    CaptureRecord with = new Traffic(23).next();
    String line = io.intentops.capture.CaptureJson.toJson(with);
    assertThat(line).contains("\"embedding\":[");
    assertThat(io.intentops.capture.CaptureJson.parse(line, "t", 1)).isEqualTo(with);
    String old = io.intentops.capture.CaptureJson.toJson(with.withoutEmbedding());
    assertThat(old).doesNotContain("embedding");
    CaptureRecord read = (CaptureRecord) io.intentops.capture.CaptureJson.parse(old, "t", 2);
    assertThat(read.embedding()).isNull();
    assertThat(read.withText(t -> t)).isEqualTo(with.withoutEmbedding());
    assertThatThrownBy(() -> io.intentops.capture.CaptureJson.parse(line.replace("\"embedding\":[", "\"embedding\":[\"x\","),
        "t", 3)).isInstanceOf(CaptureFormatException.class).hasMessageContaining("t:3");
  }
}
