package io.intentops.reliability;

import io.intentops.core.InferenceException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lightweight predictor whose failures the test switches on: answers {@code version + ":" + input},
 * rejects blank input (a client error), and while {@code failEvery > 0} throws on every n-th call.
 * Counts answers, so a test can check that every request was answered exactly once. Thread-safe.
 */
final class FlakyPredictor implements Predictor<String, String> {
  private final ModelVersion version;
  private volatile long failEvery;
  private final AtomicLong calls = new AtomicLong();
  final AtomicLong answers = new AtomicLong();
  final AtomicLong failures = new AtomicLong();

  FlakyPredictor(ModelVersion version) {
    this.version = version;
  }

  void failEvery(long n) {
    this.failEvery = n;
  }

  @Override
  public String predict(String input) {
    long n = calls.incrementAndGet();
    if (input.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, "blank input");
    }
    long every = failEvery;
    if (every > 0 && n % every == 0) {
      failures.incrementAndGet();
      throw new InferenceException("injected failure #" + n + " in " + version);
    }
    answers.incrementAndGet();
    return version + ":" + input;
  }

  @Override
  public ModelVersion version() {
    return version;
  }
}
