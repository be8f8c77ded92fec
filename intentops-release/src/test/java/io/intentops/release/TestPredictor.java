package io.intentops.release;

import io.intentops.core.InferenceException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A predictor whose latency (spent on the shared {@link ManualClock}) and failures the test controls.
 * Answers {@code version + ":" + input}. Thread-safe.
 */
final class TestPredictor implements Predictor<String, String> {
  private final ModelVersion version;
  private final ManualClock clock;
  private volatile long latencyMillis = 5;
  private volatile boolean failing;
  private final AtomicLong calls = new AtomicLong();

  TestPredictor(ModelVersion version, ManualClock clock) {
    this.version = version;
    this.clock = clock;
  }

  TestPredictor failing(boolean f) {
    this.failing = f;
    return this;
  }

  long calls() {
    return calls.get();
  }

  @Override
  public String predict(String input) {
    calls.incrementAndGet();
    clock.advanceMillis(latencyMillis);
    if (failing) {
      throw new InferenceException("injected failure in " + version);
    }
    return version + ":" + input;
  }

  @Override
  public ModelVersion version() {
    return version;
  }
}
