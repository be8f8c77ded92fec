package io.intentops.benchmarks.report;

/**
 * A measured value with its error (JMH's 99.9 % interval half-width, or one propagated from such
 * errors). Immutable.
 *
 * @param value the estimate
 * @param error half-width of the interval; NaN when unknown
 */
public record Value(double value, double error) {

  /**
   * {@code this / other}, error propagated to first order assuming independent errors:
   * {@code r * sqrt((ea/a)^2 + (eb/b)^2)}.
   */
  public Value divide(Value other) {
    double r = value / other.value;
    double rel = Math.hypot(error / value, other.error / other.value);
    return new Value(r, Math.abs(r) * rel);
  }
}
