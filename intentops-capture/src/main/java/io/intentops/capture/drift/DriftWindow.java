package io.intentops.capture.drift;

import io.intentops.core.ModelVersion;
import io.intentops.eval.drift.DriftJob;
import java.time.Instant;
import java.util.List;

/**
 * The verdict on one window of live traffic. Immutable.
 *
 * @param version the monitored version
 * @param index 0-based window number
 * @param closedAt when the window closed (monitor clock)
 * @param size predictions in the window
 * @param classJsDistance JS distance (base 2) of the class mix against the baseline
 * @param classPsi PSI of the class mix (epsilon 1e-4 for empty classes)
 * @param classPValue chi-square homogeneity p-value of the class counts
 * @param confidenceKs KS statistic of the binned confidences
 * @param confidencePValue its asymptotic p-value
 * @param baselineOosRate OOS rate of the baseline
 * @param oosRate OOS rate of the window
 * @param oosPValue two-proportion z-test p-value
 * @param breaches breached signals: {@code class}, {@code confidence}, {@code oos}
 * @param status the monitor's status after this window
 * @param previousStatus the status before it
 * @param consecutiveBreaches breaching windows in a row, including this one
 */
public record DriftWindow(ModelVersion version, long index, Instant closedAt, int size, double classJsDistance,
    double classPsi, double classPValue, double confidenceKs, double confidencePValue, double baselineOosRate,
    double oosRate, double oosPValue, List<String> breaches, DriftJob.Status status, DriftJob.Status previousStatus,
    int consecutiveBreaches) {
  public DriftWindow {
    breaches = List.copyOf(breaches);
  }

  /** Whether this window moved the monitor to a different status. */
  public boolean statusChanged() {
    return status != previousStatus;
  }
}
