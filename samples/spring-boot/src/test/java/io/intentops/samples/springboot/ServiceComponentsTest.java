package io.intentops.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's non-HTTP parts: calibration overrides, drift score, rate limits. */
class ServiceComponentsTest {

  private static IntentPrediction prediction(double oosScore, boolean oos) {
    return new IntentPrediction("card_arrival", 0.9, List.of(new ScoredLabel("card_arrival", 0.9)), oos, oosScore,
        ModelVersion.parse("1.0.0-1"), Duration.ofMillis(3), false);
  }

  @Test
  void calibrationOverridesTheOosVerdict(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("calibration.json"), "{\"oos_threshold\": 0.3}");
    CalibrationParams c = CalibrationParams.read(f.toString());
    assertThat(c.oosThreshold()).isEqualTo(0.3);
    assertThat(c.apply(prediction(0.35, false)).outOfScope()).isTrue();
    assertThat(c.apply(prediction(0.30, false)).outOfScope()).isTrue(); // at the threshold is out of scope
    assertThat(c.apply(prediction(0.29, true)).outOfScope()).isFalse();
    IntentPrediction unchanged = prediction(0.1, false);
    assertThat(CalibrationParams.read("").apply(unchanged)).isSameAs(unchanged);
  }

  @Test
  void malformedCalibrationFilesNameFileAndLine(@TempDir Path dir) throws Exception {
    Path unknown = Files.writeString(dir.resolve("c1.json"), "{\n  \"oos_treshold\": 0.3\n}");
    assertThatThrownBy(() -> CalibrationParams.read(unknown.toString()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("c1.json").hasMessageContaining("line 2").hasMessageContaining("oos_treshold");
    Path broken = Files.writeString(dir.resolve("c2.json"), "{\"oos_threshold\": }");
    assertThatThrownBy(() -> CalibrationParams.read(broken.toString()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("c2.json").hasMessageContaining("line 1");
    assertThatThrownBy(() -> CalibrationParams.read(dir.resolve("missing.json").toString()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing.json");
  }

  @Test
  void driftIsNanUntilFullZeroWhenUnchangedAndHighWhenShifted() {
    DriftMonitor d = new DriftMonitor(new ServiceProperties.Drift(0.25, 4, 4));
    for (String l : List.of("a", "b", "a", "b")) {
      d.record(l, false);
    }
    assertThat(d.score()).isNaN();
    assertThat(d.breached()).isZero();
    for (String l : List.of("b", "a", "b", "a")) {
      d.record(l, false);
    }
    assertThat(d.score()).isEqualTo(0.0);
    for (int i = 0; i < 4; i++) {
      d.record("whatever", true); // every recent answer out of scope
    }
    assertThat(d.score()).isGreaterThan(0.25);
    assertThat(d.breached()).isEqualTo(1.0);
  }

  @Property(seed = "2025", tries = 200)
  void driftScoreIsNeverNegative(@ForAll @Size(min = 6, max = 60) List<@StringLength(min = 1, max = 2) String> labels,
      @ForAll @Size(min = 6, max = 60) List<Boolean> oos) {
    DriftMonitor d = new DriftMonitor(new ServiceProperties.Drift(0.25, 3, 3));
    for (int i = 0; i < Math.min(labels.size(), oos.size()); i++) {
      d.record(labels.get(i), oos.get(i));
    }
    assertThat(d.score()).isGreaterThanOrEqualTo(0.0);
  }

  @Property(seed = "2025", tries = 100)
  void aBucketNeverGrantsMoreThanRateTimesElapsedSecondsPlusCapacity(
      @ForAll @IntRange(min = 1, max = 20) int perSecond, @ForAll @IntRange(min = 0, max = 3000) int stepMillis,
      @ForAll @IntRange(min = 1, max = 200) int requests) {
    ManualClock clock = ManualClock.create();
    RateLimits limits = new RateLimits(new ServiceProperties.RateLimit(1_000, perSecond), clock);
    int granted = 0;
    for (int i = 0; i < requests; i++) {
      try {
        limits.acquire(RateLimits.Endpoint.BATCH);
        granted++;
      } catch (RateLimits.RateLimitedException e) {
        assertThat(e.retryAfterSeconds()).isPositive();
        assertThat(e.endpoint()).isEqualTo(RateLimits.Endpoint.BATCH);
      }
      clock.advanceMillis(stepMillis);
    }
    double elapsedSeconds = (double) stepMillis * (requests - 1) / 1000;
    assertThat(granted).isLessThanOrEqualTo(perSecond + (int) Math.floor(perSecond * elapsedSeconds));
  }

  @Test
  void predictAndBatchBucketsAreSeparate() {
    ManualClock clock = ManualClock.create();
    RateLimits limits = new RateLimits(new ServiceProperties.RateLimit(3, 1), clock);
    limits.acquire(RateLimits.Endpoint.BATCH);
    assertThatThrownBy(() -> limits.acquire(RateLimits.Endpoint.BATCH))
        .isInstanceOf(RateLimits.RateLimitedException.class).hasMessageContaining("batch");
    for (int i = 0; i < 3; i++) {
      limits.acquire(RateLimits.Endpoint.PREDICT);
    }
    assertThatThrownBy(() -> limits.acquire(RateLimits.Endpoint.PREDICT))
        .isInstanceOf(RateLimits.RateLimitedException.class);
    clock.advance(Duration.ofSeconds(1));
    limits.acquire(RateLimits.Endpoint.BATCH);
  }

  @Test
  void invalidSettingsAreRejectedWithThePropertyName() {
    assertThatThrownBy(() -> new ServiceProperties.Drift(0, 10, 10))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("intentops.drift.threshold");
    assertThatThrownBy(() -> new ServiceProperties.Candidate("", 10_001))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("weight-bps");
    assertThatThrownBy(() -> new ServiceProperties.RateLimit(0, 1))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("rate-limit");
  }
}
