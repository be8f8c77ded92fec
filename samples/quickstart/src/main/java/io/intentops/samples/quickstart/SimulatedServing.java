package io.intentops.samples.quickstart;

import io.intentops.core.InferenceException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Serves another intent predictor's answers as version {@link #version()}, spending a simulated
 * service time on a {@link ManualClock} for every request and, once {@link #degrade degraded}, adding
 * extra latency and failing a share of requests with {@link InferenceException}. The quickstart uses
 * it to play a healthy stable version and a candidate that goes bad during its canary.
 *
 * <p>Thread-safe for the quickstart's single-threaded loop only (the random stream is not shared
 * safely); failures are drawn from a {@link SplittableRandom} seeded with 2025.
 */
final class SimulatedServing implements Predictor<String, IntentPrediction> {
  private final Predictor<String, IntentPrediction> delegate;
  private final ModelVersion version;
  private final ManualClock clock;
  private final Duration serviceTime;
  private final SplittableRandom random = new SplittableRandom(2025);
  private volatile Duration extraLatency = Duration.ZERO;
  private volatile double errorRate;

  SimulatedServing(Predictor<String, IntentPrediction> delegate, ModelVersion version, ManualClock clock,
      Duration serviceTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.version = Objects.requireNonNull(version, "version");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.serviceTime = Objects.requireNonNull(serviceTime, "serviceTime");
  }

  /** From now on every request takes {@code extra} longer and fails with probability {@code errors}. */
  void degrade(Duration extra, double errors) {
    this.extraLatency = extra;
    this.errorRate = errors;
  }

  @Override
  public IntentPrediction predict(String input) {
    IntentPrediction p = delegate.predict(input);
    // The router measures latency on the same ManualClock, so advancing it is the request's duration.
    clock.advance(serviceTime.plus(extraLatency));
    if (errorRate > 0 && random.nextDouble() < errorRate) {
      throw new InferenceException("injected failure of degraded candidate " + version);
    }
    return new IntentPrediction(p.label(), p.score(), p.topK(), p.outOfScope(), p.oosScore(), version,
        p.latency(), p.truncated());
  }

  @Override
  public ModelVersion version() {
    return version;
  }
}
