package io.intentops.core.report;

import java.util.List;

/**
 * Reliability-diagram data: per equal-width confidence bin, how many predictions fell in it, their
 * accuracy and mean confidence; plus ECE and MCE over the same bins. Immutable.
 *
 * @param bins every bin in order, empty ones included (count 0, accuracy and confidence 0)
 * @param ece expected calibration error
 * @param mce maximum calibration error over non-empty bins
 * @param predictions number of predictions
 */
public record ReliabilityDiagram(List<Bin> bins, double ece, double mce, int predictions) {
  public ReliabilityDiagram {
    bins = List.copyOf(bins);
  }

  /**
   * One bin, covering confidences in {@code (lower, upper]} (the first bin also holds 0).
   *
   * @param lower lower edge
   * @param upper upper edge
   * @param count predictions in the bin
   * @param accuracy share of them that were right
   * @param meanConfidence their mean confidence
   */
  public record Bin(double lower, double upper, int count, double accuracy, double meanConfidence) {}
}
