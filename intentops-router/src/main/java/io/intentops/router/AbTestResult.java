package io.intentops.router;

/**
 * Result of a two-proportion z-test between a control and a treatment. Immutable.
 *
 * @param controlSuccesses successes of the control arm
 * @param controlTrials trials of the control arm
 * @param treatmentSuccesses successes of the treatment arm
 * @param treatmentTrials trials of the treatment arm
 * @param z z statistic of (treatment rate - control rate) with the pooled standard error; 0 when
 *     undefined (an empty arm, or every trial in both arms had the same result)
 * @param pValue two-sided p-value; 1 when {@code z} is undefined
 * @param alpha significance level used
 * @param verdict the decision
 */
public record AbTestResult(
    long controlSuccesses,
    long controlTrials,
    long treatmentSuccesses,
    long treatmentTrials,
    double z,
    double pValue,
    double alpha,
    Verdict verdict) {

  /** What the test concluded. */
  public enum Verdict {
    /** An arm has fewer trials than the minimum; no conclusion. */
    INSUFFICIENT_DATA,
    /** p-value at or above alpha. */
    NO_SIGNIFICANT_DIFFERENCE,
    /** Treatment rate significantly higher. */
    TREATMENT_BETTER,
    /** Treatment rate significantly lower. */
    CONTROL_BETTER
  }

  public double controlRate() {
    return controlTrials == 0 ? Double.NaN : (double) controlSuccesses / controlTrials;
  }

  public double treatmentRate() {
    return treatmentTrials == 0 ? Double.NaN : (double) treatmentSuccesses / treatmentTrials;
  }

  /** Whether the difference is significant at {@link #alpha()}. */
  public boolean significant() {
    return verdict == Verdict.TREATMENT_BETTER || verdict == Verdict.CONTROL_BETTER;
  }
}
