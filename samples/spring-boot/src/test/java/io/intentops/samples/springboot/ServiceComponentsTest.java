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

/** The sample's non-HTTP parts: rate limits and its own settings. */
class ServiceComponentsTest {

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
    assertThatThrownBy(() -> new ServiceProperties.Batch(true, 0))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("intentops.batch.max-items");
    assertThatThrownBy(() -> new ServiceProperties.RateLimit(0, 1))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("rate-limit");
  }
}
