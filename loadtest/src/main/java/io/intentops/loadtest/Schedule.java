package io.intentops.loadtest;

/**
 * Intended send times of one phase, as offsets from the phase start. Steady: request k at k/R. Ramp:
 * the rate grows as R·t/T, so the expected count by time t is R·t²/(2T) and request k (1-based) is due
 * when that count reaches k, at sqrt(2·T·k/R). Pure and immutable.
 */
record Schedule(PhaseSpec.Shape shape, double rps, long durationNanos) {
  private static final double NANOS = 1e9;

  /** Number of requests in the phase: R·T for steady, R·T/2 for a ramp (rounded down). */
  int count() {
    double seconds = durationNanos / NANOS;
    double n = shape == PhaseSpec.Shape.STEADY ? rps * seconds : rps * seconds / 2;
    // 1e-9 absorbs floating-point error so 2 rps x 10 s gives 20, not 19.
    return (int) Math.floor(n + 1e-9);
  }

  /** Offset of request {@code k} (0-based) from the phase start, nanoseconds, in [0, durationNanos]. */
  long offsetNanos(int k) {
    if (k < 0 || k >= count()) {
      throw new IndexOutOfBoundsException("request " + k + " of " + count());
    }
    double t = shape == PhaseSpec.Shape.STEADY
        ? k / rps
        : Math.sqrt(2.0 * (durationNanos / NANOS) * (k + 1) / rps);
    return Math.min(durationNanos, Math.round(t * NANOS));
  }
}
