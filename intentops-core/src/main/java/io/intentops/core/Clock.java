package io.intentops.core;

import java.time.Instant;

/**
 * Time source for everything time-based in IntentOps (SLO windows, rollout plans, audit timestamps,
 * latency measurement). Production code uses {@link #system()}; tests use {@link ManualClock} so that
 * time-based behaviour is deterministic. Implementations must be thread-safe.
 */
public interface Clock {

  /** Wall-clock time, for timestamps that people read. */
  Instant instant();

  /** Wall-clock time in milliseconds since the epoch. */
  default long millis() {
    return instant().toEpochMilli();
  }

  /** A monotonic nanosecond counter for measuring elapsed time; only differences are meaningful. */
  long nanoTime();

  /** The JVM's clocks: {@link System#currentTimeMillis()}-based instant and {@link System#nanoTime()}. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
