package io.intentops.eval.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ManualClock;
import io.intentops.eval.data.DatasetFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftTest {
  @TempDir Path dir;

  /** n predictions over classes a/b/c with the given shares, confidence ~ U(lo, lo+0.3), OOS with rate oos. */
  static PredictionSample sample(long seed, int n, double[] shares, double lo, double oos) {
    Random r = new Random(seed);
    List<String> labels = new ArrayList<>();
    List<Double> conf = new ArrayList<>();
    List<Boolean> flags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      labels.add(u < shares[0] ? "a" : u < shares[0] + shares[1] ? "b" : "c");
      conf.add(lo + 0.3 * r.nextDouble());
      flags.add(r.nextDouble() < oos);
    }
    return new PredictionSample(labels, conf, flags);
  }

  static final double[] EVEN = {1 / 3.0, 1 / 3.0, 1 / 3.0};
  static final PredictionSample BASE = sample(2025, 2000, EVEN, 0.6, 0.05);

  @Test
  void sameDistributionDoesNotBreach() {
    DriftReport r = TextDrift.compare(BASE, sample(7, 1000, EVEN, 0.6, 0.05), DriftThresholds.defaults());
    assertThat(r.breaches()).isEmpty();
    assertThat(r.classPsi()).isLessThan(0.02);
    assertThat(r.confidenceKsPValue()).isGreaterThan(0.01);
    assertThat(r.inconclusive()).isFalse();
  }

  @Test
  void eachSignalBreachesOnItsOwnShift() {
    DriftReport cls = TextDrift.compare(BASE, sample(7, 1000, new double[] {0.8, 0.1, 0.1}, 0.6, 0.05), DriftThresholds.defaults());
    assertThat(cls.breaches()).containsExactly("class.psi", "class.js");
    DriftReport conf = TextDrift.compare(BASE, sample(7, 1000, EVEN, 0.45, 0.05), DriftThresholds.defaults());
    assertThat(conf.breaches()).containsExactly("confidence.psi", "confidence.ks");
    assertThat(conf.confidenceKsStatistic()).isGreaterThan(0.4);
    DriftReport oos = TextDrift.compare(BASE, sample(7, 1000, EVEN, 0.6, 0.15), DriftThresholds.defaults());
    assertThat(oos.breaches()).containsExactly("oos.rate");
    assertThat(oos.currentOosRate()).isGreaterThan(0.1);
  }

  @Test
  void smallSamplesAreInconclusive() {
    DriftReport r = TextDrift.compare(BASE, sample(7, 50, new double[] {1, 0, 0}, 0.1, 0.9), DriftThresholds.defaults());
    assertThat(r.inconclusive()).isTrue();
    assertThat(r.breached()).isFalse();
    assertThat(r.classPsi()).isGreaterThan(1); // still measured
  }

  @Test
  void jobFlagsDegradedAfterThreeConsecutiveBreaches() {
    ManualClock clock = ManualClock.create();
    DriftJob job = DriftJob.builder(BASE).clock(clock).build();
    PredictionSample bad = sample(8, 500, new double[] {0.8, 0.1, 0.1}, 0.6, 0.05);
    PredictionSample good = sample(9, 500, EVEN, 0.6, 0.05);
    PredictionSample tiny = sample(10, 10, EVEN, 0.6, 0.05);
    List<DriftJob.Status> seen = new ArrayList<>();
    for (PredictionSample s : List.of(bad, bad, good, bad, tiny, bad, bad, bad)) {
      clock.advance(Duration.ofHours(24));
      seen.add(job.run(s).status());
    }
    assertThat(seen).containsExactly(DriftJob.Status.BREACHING, DriftJob.Status.BREACHING, DriftJob.Status.OK,
        DriftJob.Status.BREACHING, DriftJob.Status.INCONCLUSIVE, DriftJob.Status.BREACHING, DriftJob.Status.DEGRADED,
        DriftJob.Status.DEGRADED);
    assertThat(job.state().consecutiveBreaches()).isEqualTo(4);
    assertThat(job.state().lastRun()).isEqualTo(ManualClockStart.plus(Duration.ofHours(24 * 8)));
    // A fresh job resumed from the saved state continues the count.
    DriftJob resumed = DriftJob.builder(BASE).state(new DriftJob.State(1, null, null)).consecutiveBreaches(2).build();
    assertThat(resumed.run(bad).status()).isEqualTo(DriftJob.Status.DEGRADED);
    assertThat(resumed.run(good).consecutiveBreaches()).isZero();
    assertThatThrownBy(() -> DriftJob.builder(BASE).consecutiveBreaches(0)).isInstanceOf(ConfigurationException.class);
  }

  static final java.time.Instant ManualClockStart = java.time.Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void readsPredictionLogsStrictly() throws Exception {
    Path f = dir.resolve("preds.jsonl");
    Files.writeString(f, "{\"label\":\"a\",\"score\":0.9,\"outOfScope\":false}\n\n{\"label\":\"b\",\"score\":0.2,\"outOfScope\":true}\n");
    PredictionSample s = PredictionSample.readJsonl(f);
    assertThat(s.labels()).containsExactly("a", "b");
    assertThat(s.oosRate()).isEqualTo(0.5);
    Files.writeString(f, "{\"label\":\"a\",\"score\":0.9,\"outOfScope\":false}\n{\"label\":\"a\",\"score\":1.9,\"outOfScope\":false}\n");
    assertThatThrownBy(() -> PredictionSample.readJsonl(f)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("preds.jsonl:2").hasMessageContaining("[0, 1]");
    Files.writeString(f, "{\"label\":\"a\"}\n");
    assertThatThrownBy(() -> PredictionSample.readJsonl(f)).isInstanceOf(DatasetFormatException.class).hasMessageContaining(":1");
    Files.writeString(f, "{oops\n");
    assertThatThrownBy(() -> PredictionSample.readJsonl(f)).isInstanceOf(DatasetFormatException.class).hasMessageContaining("malformed JSON");
  }
}
