package io.intentops.samples.springboot;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.intentops.core.Clock;
import java.time.Duration;

/**
 * The two Bucket4j token buckets of the service: one for single predictions and entity extraction,
 * a separate (smaller) one for batch requests, each with capacity = rate and greedy refill per second,
 * timed by the service {@link Clock} (a {@code ManualClock} in tests). Thread-safe.
 */
final class RateLimits {
  /** Which bucket a request draws from. */
  enum Endpoint { PREDICT, BATCH }

  private final Bucket predict;
  private final Bucket batch;

  RateLimits(ServiceProperties.RateLimit cfg, Clock clock) {
    TimeMeter meter = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return clock.nanoTime();
      }

      @Override
      public boolean isWallClockBased() {
        return false;
      }
    };
    this.predict = bucket(cfg.predictPerSecond(), meter);
    this.batch = bucket(cfg.batchPerSecond(), meter);
  }

  private static Bucket bucket(long perSecond, TimeMeter meter) {
    return Bucket.builder()
        .addLimit(l -> l.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .withCustomTimePrecision(meter)
        .build();
  }

  /**
   * Takes one token for {@code endpoint}.
   *
   * @throws RateLimitedException when the bucket is empty, with the wait until the next token
   */
  void acquire(Endpoint endpoint) {
    ConsumptionProbe probe = (endpoint == Endpoint.BATCH ? batch : predict).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw new RateLimitedException(endpoint, Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
  }

  /** Thrown when a bucket is empty; answered with 429 and {@code Retry-After}. */
  static final class RateLimitedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Endpoint endpoint;
    private final transient Duration retryAfter;

    RateLimitedException(Endpoint endpoint, Duration retryAfter) {
      super("Rate limit of the " + endpoint.name().toLowerCase(java.util.Locale.ROOT) + " endpoint exceeded; retry in "
          + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
      this.endpoint = endpoint;
      this.retryAfter = retryAfter;
    }

    Endpoint endpoint() {
      return endpoint;
    }

    /** Whole seconds until a token is available, at least 1. */
    long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }
}
