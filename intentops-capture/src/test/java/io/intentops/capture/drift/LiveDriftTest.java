package io.intentops.capture.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.capture.CaptureFormatException;
import io.intentops.capture.CapturePipeline;
import io.intentops.capture.CapturingPredictor;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.eval.drift.DriftJob.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveDriftTest {
  static final ModelVersion V = ModelVersion.parse("2.0.0-7");
  static final int CLASSES = 30;

  /** Synthetic traffic: a Zipf-like intent mix, confidences skewed high, 5 % OOS. */
  static final class Traffic {
    final Random rnd;
    volatile boolean shifted;

    Traffic(long seed) {
      rnd = new Random(seed);
    }

    synchronized IntentPrediction next() {
      int label;
      if (shifted && rnd.nextDouble() < 0.3) {
        label = 20 + rnd.nextInt(3); // 30 % of traffic moves to three formerly rare intents
      } else {
        double u = rnd.nextDouble() * norm();
        double acc = 0;
        label = CLASSES - 1;
        for (int k = 0; k < CLASSES; k++) {
          acc += weight(k);
          if (u < acc) {
            label = k;
            break;
          }
        }
      }
      double score = 1 - 0.7 * Math.pow(rnd.nextDouble(), 2.5);
      boolean oos = rnd.nextDouble() < 0.05;
      String l = "intent_" + label;
      return new IntentPrediction(l, score, List.of(new ScoredLabel(l, score)), oos, oos ? 2.0 : 0.1, V,
          Duration.ofMillis(1), false);
    }

    static double weight(int k) {
      return 1 / Math.pow(k + 1, 0.8);
    }

    static double norm() {
      double s = 0;
      for (int k = 0; k < CLASSES; k++) {
        s += weight(k);
      }
      return s;
    }
  }

  static DriftBaseline baseline() {
    Traffic eval = new Traffic(2025);
    List<IntentPrediction> ps = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      ps.add(eval.next());
    }
    return DriftBaseline.of(V, ps);
  }

  @Test
  void shiftedIntentMixIsDegradedWithinThreeWindowsEndToEnd(@TempDir Path bundle) {
    baseline().writeTo(bundle); // stored with the bundle at eval time ...
    DriftBaseline stored = DriftBaseline.readFrom(bundle); // ... and loaded by the serving process
    ManualClock clock = ManualClock.create();
    List<DriftWindow> windows = new CopyOnWriteArrayList<>();
    LiveDriftMonitor monitor = LiveDriftMonitor.builder(stored).clock(clock).listener(windows::add).build();
    Traffic live = new Traffic(7);
    Predictor<String, IntentPrediction> model = new Predictor<>() {
      @Override
      public IntentPrediction predict(String input) {
        return live.next();
      }

      @Override
      public ModelVersion version() {
        return V;
      }
    };
    int size = LiveDriftConfig.DEFAULT_WINDOW_SIZE;
    try (CapturePipeline pipeline = CapturePipeline.builder().sink(monitor).build()) {
      CapturingPredictor served = CapturingPredictor.wrap(model, pipeline, clock, "salt");
      for (int i = 0; i < 10 * size; i++) {
        served.predict("text " + i, "req-" + i, "user-" + (i % 97));
      }
      pipeline.flush();
      assertThat(windows).hasSize(10).allMatch(w -> w.status() != Status.DEGRADED);
      live.shifted = true;
      for (int i = 0; i < 5 * size; i++) {
        served.predict("text " + i, "req-s" + i, "user-" + (i % 97));
      }
      pipeline.flush();
    }
    assertThat(windows).hasSize(15);
    DriftWindow firstDegraded = windows.stream().filter(w -> w.status() == Status.DEGRADED).findFirst().orElseThrow();
    // The shift starts with window 10; three breaching windows in a row make window 12 DEGRADED.
    assertThat(firstDegraded.index()).isEqualTo(12);
    assertThat(firstDegraded.statusChanged()).isTrue();
    assertThat(firstDegraded.breaches()).contains("class");
    assertThat(windows.get(10).status()).isEqualTo(Status.BREACHING);
    assertThat(monitor.status()).isEqualTo(Status.DEGRADED);
  }

  @Test
  void noDegradedOnUnshiftedTrafficOverALongRun() {
    DriftBaseline base = baseline();
    int[] degraded = {0};
    int[] breaching = {0};
    int[] classP05 = {0};
    int[] oosP05 = {0};
    LiveDriftMonitor monitor = LiveDriftMonitor.builder(base).clock(ManualClock.create()).listener(w -> {
      classP05[0] += w.classPValue() < 0.05 ? 1 : 0;
      oosP05[0] += w.oosPValue() < 0.05 ? 1 : 0;
      if (!w.breaches().isEmpty()) {
        breaching[0]++;
      }
      if (w.status() == Status.DEGRADED) {
        degraded[0]++;
      }
    }).build();
    Traffic live = new Traffic(11);
    int windows = 2000;
    Instant t = Instant.EPOCH;
    for (int i = 0; i < windows * LiveDriftConfig.DEFAULT_WINDOW_SIZE; i++) {
      monitor.accept(CaptureRecord.of("r" + i, t, null, "t", live.next()));
    }
    assertThat(monitor.windows()).isEqualTo(windows);
    double rate = breaching[0] / (double) windows;
    System.out.printf("live drift false alarms: %d of %d windows breached (%.4f), %d DEGRADED;"
        + " windows with p < 0.05: class %d, oos %d%n", breaching[0], windows, rate, degraded[0], classP05[0], oosP05[0]);
    // The tests are not simply blind: under no shift their p-values are roughly uniform, so about 5 % of
    // windows fall below 0.05 (binomial sd ~ 10 windows of 2000).
    assertThat(classP05[0]).isBetween(40, 200);
    assertThat(oosP05[0]).isBetween(40, 200);
    assertThat(degraded[0]).isZero();
    assertThat(rate).as("per-window false breach rate, 3 signals at alpha 0.001").isLessThan(0.01);
  }

  @Test
  void smallWindowsAreInconclusiveAndKeepTheCount() {
    DriftBaseline base = baseline();
    LiveDriftMonitor m = LiveDriftMonitor.builder(base).config(LiveDriftConfig.custom().windowSize(400).build()).build();
    Traffic live = new Traffic(3);
    live.shifted = true;
    for (int i = 0; i < 800; i++) {
      m.accept(CaptureRecord.of("r" + i, Instant.EPOCH, null, "t", live.next()));
    }
    assertThat(m.status()).isEqualTo(Status.BREACHING);
    for (int i = 0; i < 50; i++) {
      m.accept(CaptureRecord.of("x" + i, Instant.EPOCH, null, "t", live.next()));
    }
    DriftWindow w = m.closeWindow();
    assertThat(w.status()).isEqualTo(Status.INCONCLUSIVE);
    assertThat(w.consecutiveBreaches()).isEqualTo(2);
    assertThat(m.status()).isEqualTo(Status.BREACHING);
  }

  @Test
  void testsAreSampleSizeAware() {
    // The same mild shift (8 % of traffic moved) is not significant in 150 predictions but is in 5000.
    DriftBaseline base = baseline();
    assertThat(windowOf(base, 150, 0.08).breaches()).doesNotContain("class");
    assertThat(windowOf(base, 5000, 0.08).breaches()).contains("class");
  }

  private static DriftWindow windowOf(DriftBaseline base, int n, double moved) {
    LiveDriftMonitor m = LiveDriftMonitor.builder(base)
        .config(LiveDriftConfig.custom().windowSize(n).minSamples(Math.min(100, n)).classJsDistance(0.05).build()).build();
    Random rnd = new Random(2025);
    Traffic live = new Traffic(5);
    List<DriftWindow> out = new ArrayList<>();
    m.addListener(out::add);
    for (int i = 0; i < n; i++) {
      IntentPrediction p = live.next();
      if (rnd.nextDouble() < moved) {
        String l = "intent_" + (20 + rnd.nextInt(3));
        p = new IntentPrediction(l, p.score(), List.of(new ScoredLabel(l, p.score())), p.outOfScope(), p.oosScore(), V,
            p.latency(), false);
      }
      m.accept(CaptureRecord.of("r" + i, Instant.EPOCH, null, "t", p));
    }
    return out.get(0);
  }

  @Test
  void oosRateAndConfidenceShiftsAreSignalsToo() {
    assertThat(LiveDriftMonitor.twoProportionP(50, 1000, 50, 1000)).isEqualTo(1.0);
    assertThat(LiveDriftMonitor.twoProportionP(50, 1000, 150, 1000)).isLessThan(1e-6);
    List<Long> base = new ArrayList<>(java.util.Collections.nCopies(DriftBaseline.CONFIDENCE_BINS, 10L));
    long[] same = new long[DriftBaseline.CONFIDENCE_BINS];
    java.util.Arrays.fill(same, 5);
    assertThat(LiveDriftMonitor.binnedKs(base, 200, same, 100)).isLessThan(1e-12);
    long[] low = new long[DriftBaseline.CONFIDENCE_BINS];
    low[0] = 100;
    assertThat(LiveDriftMonitor.binnedKs(base, 200, low, 100)).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aLabelWithZeroCountsOnBothSidesDoesNotWedgeTheMonitor() {
    DriftBaseline b = baseline();
    java.util.Map<String, Long> counts = new java.util.TreeMap<>(b.labelCounts());
    counts.put("never_seen", 0L);
    DriftBaseline withZero = new DriftBaseline(V, b.size(), counts, b.confidenceHistogram(), b.outOfScope());
    LiveDriftMonitor m = LiveDriftMonitor.builder(withZero).config(LiveDriftConfig.custom().windowSize(200).build()).build();
    Traffic live = new Traffic(13);
    for (int i = 0; i < 400; i++) {
      m.accept(CaptureRecord.of("r" + i, Instant.EPOCH, null, "t", live.next()));
    }
    assertThat(m.windows()).isEqualTo(2);
    assertThat(m.status()).isEqualTo(Status.OK);
  }

  @Test
  void aBrokenBaselineFileIsATypedError(@TempDir Path bundle) throws IOException {
    assertThatThrownBy(() -> DriftBaseline.readFrom(bundle)).isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining("No drift baseline");
    Files.writeString(bundle.resolve(DriftBaseline.FILE_NAME),
        "{\"modelVersion\":\"1.0.0-1\",\"size\":3,\"labelCounts\":{\"a\":2},\"confidenceHistogram\":[],\"outOfScope\":0}");
    assertThatThrownBy(() -> DriftBaseline.readFrom(bundle)).isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining(DriftBaseline.FILE_NAME);
  }
}
