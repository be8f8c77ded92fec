package io.intentops.eval.metrics;

import io.intentops.core.report.ReliabilityDiagram;

/**
 * Calibration metrics over confidence scores and correctness flags. Bins are equal-width on [0, 1];
 * bin {@code i} of {@code B} holds confidences in {@code (i/B, (i+1)/B]}, and a confidence of exactly 0
 * goes into the first bin (the convention of Guo et al., 2017). Stateless and thread-safe.
 */
public final class CalibrationMetrics {
  /** The default number of bins. */
  public static final int DEFAULT_BINS = 15;

  private CalibrationMetrics() {}

  /** Expected calibration error with {@value #DEFAULT_BINS} bins. */
  public static double ece(double[] confidence, boolean[] correct) {
    return ece(confidence, correct, DEFAULT_BINS);
  }

  /**
   * Expected calibration error: sum over bins of (bin size / N) * |accuracy - mean confidence|, in [0, 1].
   *
   * @throws io.intentops.core.InvalidInputException on mismatched or empty arrays, bins &lt; 1, or a
   *     confidence outside [0, 1]
   */
  public static double ece(double[] confidence, boolean[] correct, int bins) {
    double[][] s = binStats(confidence, correct, bins);
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (s[0][b] > 0) {
        ece += s[0][b] / confidence.length * Math.abs(s[1][b] / s[0][b] - s[2][b] / s[0][b]);
      }
    }
    return ece;
  }

  /** Maximum calibration error: the largest |accuracy - mean confidence| over non-empty bins. */
  public static double mce(double[] confidence, boolean[] correct, int bins) {
    double[][] s = binStats(confidence, correct, bins);
    double mce = 0;
    for (int b = 0; b < bins; b++) {
      if (s[0][b] > 0) {
        mce = Math.max(mce, Math.abs(s[1][b] / s[0][b] - s[2][b] / s[0][b]));
      }
    }
    return mce;
  }

  /** Reliability-diagram data with ECE and MCE over {@code bins} equal-width bins. */
  public static ReliabilityDiagram reliability(double[] confidence, boolean[] correct, int bins) {
    double[][] s = binStats(confidence, correct, bins);
    java.util.List<ReliabilityDiagram.Bin> out = new java.util.ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      int n = (int) s[0][b];
      out.add(new ReliabilityDiagram.Bin((double) b / bins, (double) (b + 1) / bins, n,
          n == 0 ? 0 : s[1][b] / n, n == 0 ? 0 : s[2][b] / n));
    }
    return new ReliabilityDiagram(out, ece(confidence, correct, bins), mce(confidence, correct, bins), confidence.length);
  }

  /**
   * The bin of a confidence in [0, 1]: {@code i} such that {@code i/B < c <= (i+1)/B}, 0 for c = 0.
   * Edges are computed as {@code (double) i / B}, so that values like 0.6 with 5 bins land in the bin
   * whose upper edge they equal despite floating-point rounding of {@code c * B}.
   */
  static int binOf(double c, int bins) {
    int i = (int) Math.ceil(c * bins) - 1;
    i = Math.max(0, Math.min(bins - 1, i));
    if (i > 0 && c <= (double) i / bins) {
      i--;
    } else if (i < bins - 1 && c > (double) (i + 1) / bins) {
      i++;
    }
    return i;
  }

  /** Rows: count, correct count, confidence sum; one column per bin. */
  static double[][] binStats(double[] confidence, boolean[] correct, int bins) {
    if (bins < 1) {
      throw Args.invalid("bins must be >= 1, got " + bins);
    }
    if (confidence.length != correct.length) {
      throw Args.invalid("confidence has " + confidence.length + " items but correct has " + correct.length);
    }
    if (confidence.length == 0) {
      throw Args.invalid("calibration needs at least one prediction");
    }
    double[][] s = new double[3][bins];
    for (int i = 0; i < confidence.length; i++) {
      double c = confidence[i];
      if (!(c >= 0 && c <= 1)) {
        throw Args.invalid("confidence[" + i + "] must be in [0, 1], got " + c);
      }
      int b = binOf(c, bins);
      s[0][b]++;
      s[1][b] += correct[i] ? 1 : 0;
      s[2][b] += c;
    }
    return s;
  }
}
