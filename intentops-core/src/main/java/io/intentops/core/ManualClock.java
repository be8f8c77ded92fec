package io.intentops.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for deterministic tests and simulations. Wall time and the
 * monotonic counter advance together. Thread-safe: {@link #advance(Duration)} may be called while
 * other threads read the time.
 */
public final class ManualClock implements Clock {
  private final long epochNanosAtZero;
  private final AtomicLong nanos = new AtomicLong();

  private ManualClock(Instant start) {
    this.epochNanosAtZero = Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000_000L), start.getNano());
  }

  /** A clock that starts at {@code start}. */
  public static ManualClock startingAt(Instant start) {
    return new ManualClock(start);
  }

  /** A clock that starts at 2025-01-01T00:00:00Z. */
  public static ManualClock create() {
    return new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  }

  /** Moves time forward by {@code d}; negative durations are rejected. */
  public ManualClock advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("A clock never goes back; got " + d);
    }
    nanos.addAndGet(d.toNanos());
    return this;
  }

  /** Moves time forward by {@code millis} milliseconds. */
  public ManualClock advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }

  @Override
  public Instant instant() {
    long total = epochNanosAtZero + nanos.get();
    return Instant.ofEpochSecond(Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L));
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }
}
