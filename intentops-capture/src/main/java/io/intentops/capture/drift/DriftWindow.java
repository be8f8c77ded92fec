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
 * @param breaches breached signals: {@code class}, {@code confidence}, {@code oos}, {@code embedding}
 * @param status the monitor's status after this window
 * @param previousStatus the status before it
 * @param consecutiveBreaches breaching windows in a row, including this one
 * @param embeddingSize window embeddings tested (0 when the baseline has no embedding summary)
 * @param embeddingMmd2 MMD² of the tested embeddings against the baseline sample, NaN without a verdict
 * @param embeddingPValue its permutation p-value, NaN without a verdict (too few embeddings, or none)
 */
public record DriftWindow(ModelVersion version, long index, Instant closedAt, int size, double classJsDistance,
    double classPsi, double classPValue, double confidenceKs, double confidencePValue, double baselineOosRate,
    double oosRate, double oosPValue, List<String> breaches, DriftJob.Status status, DriftJob.Status previousStatus,
    int consecutiveBreaches, int embeddingSize, double embeddingMmd2, double embeddingPValue) {
  public DriftWindow {
    breaches = List.copyOf(breaches);
  }

  /** A window without an embedding verdict. */
  public DriftWindow(ModelVersion version, long index, Instant closedAt, int size, double classJsDistance,
      double classPsi, double classPValue, double confidenceKs, double confidencePValue, double baselineOosRate,
      double oosRate, double oosPValue, List<String> breaches, DriftJob.Status status, DriftJob.Status previousStatus,
      int consecutiveBreaches) {
    this(version, index, closedAt, size, classJsDistance, classPsi, classPValue, confidenceKs, confidencePValue,
        baselineOosRate, oosRate, oosPValue, breaches, status, previousStatus, consecutiveBreaches, 0, Double.NaN,
        Double.NaN);
  }

  /** Whether this window moved the monitor to a different status. */
  public boolean statusChanged() {
    return status != previousStatus;
  }
}
