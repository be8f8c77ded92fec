package io.intentops.router;

import io.intentops.core.InferenceException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A predictor whose latency and failures the test controls. Latency is spent by advancing the shared
 * {@link ManualClock} (time passes while the "model" works). Blank input is a client error. Answers
 * {@code version + ":" + input}. Thread-safe.
 */
final class TestPredictor implements Predictor<String, String> {
  private final ModelVersion version;
  private final @Nullable ManualClock clock;
  private volatile long latencyMillis;
  private volatile long failEvery; // 0: never; n: every n-th call throws InferenceException
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  TestPredictor(String version, @Nullable ManualClock clock, long latencyMillis) {
    this.version = ModelVersion.parse(version);
    this.clock = clock;
    this.latencyMillis = latencyMillis;
  }

  TestPredictor latencyMillis(long ms) {
    this.latencyMillis = ms;
    return this;
  }

  TestPredictor failEvery(long n) {
    this.failEvery = n;
    return this;
  }

  long calls() {
    return calls.get();
  }

  long failures() {
    return failures.get();
  }

  @Override
  public String predict(String input) {
    long n = calls.incrementAndGet();
    if (input.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, "input must not be blank");
    }
    if (clock != null && latencyMillis > 0) {
      clock.advanceMillis(latencyMillis);
    }
    long every = failEvery;
    if (every > 0 && n % every == 0) {
      failures.incrementAndGet();
      throw new InferenceException("injected failure #" + n + " in " + version);
    }
    return version + ":" + input;
  }

  @Override
  public ModelVersion version() {
    return version;
  }
}
