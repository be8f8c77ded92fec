package io.intentops.loadtest;

import io.intentops.core.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * One phase of a load test: a name, a shape and a target arrival rate held (or reached) over a duration.
 * Immutable; validated on construction.
 *
 * @param name phase name in the results ({@code ramp}, {@code steady}, {@code probe-32rps}, ...)
 * @param shape {@link Shape#RAMP}: the rate rises linearly from 0 to {@code targetRps}; {@link Shape#STEADY}:
 *     constant {@code targetRps}
 * @param targetRps target arrival rate, requests per second (&gt; 0, at most {@value #MAX_RPS})
 * @param duration phase length (at least 1 s, at most {@link #MAX_DURATION})
 */
public record PhaseSpec(String name, Shape shape, double targetRps, Duration duration) {
  /** Highest target rate accepted, requests per second. */
  public static final double MAX_RPS = 10_000;
  /** Longest phase accepted. */
  public static final Duration MAX_DURATION = Duration.ofHours(2);

  /** How the arrival rate evolves within a phase. */
  public enum Shape { RAMP, STEADY }

  public PhaseSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(duration, "duration");
    if (name.isBlank()) {
      throw new ConfigurationException("phase name must not be blank");
    }
    if (!(targetRps > 0) || targetRps > MAX_RPS) {
      throw new ConfigurationException("phase " + name + ": targetRps must be in (0, " + MAX_RPS + "], got " + targetRps);
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_DURATION) > 0) {
      throw new ConfigurationException("phase " + name + ": duration must be in [1 s, " + MAX_DURATION + "], got "
          + duration);
    }
  }

  /** A linear ramp from 0 to {@code targetRps}. */
  public static PhaseSpec ramp(String name, double targetRps, Duration duration) {
    return new PhaseSpec(name, Shape.RAMP, targetRps, duration);
  }

  /** A constant rate. */
  public static PhaseSpec steady(String name, double targetRps, Duration duration) {
    return new PhaseSpec(name, Shape.STEADY, targetRps, duration);
  }

  /** The send schedule of this phase. */
  Schedule schedule() {
    return new Schedule(shape, targetRps, duration.toNanos());
  }
}
