package io.intentops.eval.drift;

import java.util.List;

/**
 * Drift of one current sample against the baseline. Immutable.
 *
 * @param baselineSize predictions in the baseline
 * @param currentSize predictions in the current sample
 * @param classPsi PSI of the predicted-class distribution
 * @param classJsDistance Jensen-Shannon distance (base 2) of the predicted-class distributions
 * @param confidencePsi PSI of the confidence distribution (baseline deciles, epsilon 1e-4)
 * @param confidenceKsStatistic two-sample KS statistic of the confidences
 * @param confidenceKsPValue its p-value
 * @param baselineOosRate share flagged OOS in the baseline
 * @param currentOosRate share flagged OOS now
 * @param breaches names of the breached signals ({@code class.psi}, {@code class.js}, {@code confidence.psi},
 *     {@code confidence.ks}, {@code oos.rate}); empty when none or inconclusive
 * @param inconclusive the current sample was smaller than the minimum; nothing is judged
 */
public record DriftReport(
    int baselineSize,
    int currentSize,
    double classPsi,
    double classJsDistance,
    double confidencePsi,
    double confidenceKsStatistic,
    double confidenceKsPValue,
    double baselineOosRate,
    double currentOosRate,
    List<String> breaches,
    boolean inconclusive) {
  public DriftReport {
    breaches = List.copyOf(breaches);
  }

  /** Whether any signal breached its threshold. */
  public boolean breached() {
    return !breaches.isEmpty();
  }
}
