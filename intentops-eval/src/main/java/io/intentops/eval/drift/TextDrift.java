package io.intentops.eval.drift;

import io.intentops.core.InvalidInputException;
import io.intentops.eval.metrics.DriftMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares recent intent predictions with a baseline sample on three signals: the predicted-class
 * distribution (PSI and Jensen-Shannon distance), the confidence distribution (PSI with baseline
 * deciles, and the two-sample KS test) and the OOS rate. See {@link io.intentops.eval.metrics.DriftMetrics}
 * for the bin rules. Stateless and thread-safe.
 */
public final class TextDrift {
  private TextDrift() {}

  /**
   * Computes every signal and which ones breach {@code t}.
   *
   * @throws InvalidInputException when the baseline or the current sample is empty
   */
  public static DriftReport compare(PredictionSample baseline, PredictionSample current, DriftThresholds t) {
    if (baseline.size() == 0 || current.size() == 0) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Drift needs non-empty samples, got baseline " + baseline.size() + " and current " + current.size());
    }
    double classPsi = DriftMetrics.psi(baseline.labelCounts(), current.labelCounts());
    double js = DriftMetrics.jensenShannonDistance(baseline.labelCounts(), current.labelCounts());
    double[] b = baseline.confidenceArray();
    double[] c = current.confidenceArray();
    double confPsi = DriftMetrics.psi(b, c);
    double ks = DriftMetrics.ksStatistic(b, c);
    double ksP = DriftMetrics.ksPValue(b, c);
    boolean inconclusive = current.size() < t.minSamples();
    List<String> breaches = new ArrayList<>();
    if (!inconclusive) {
      if (classPsi > t.classPsi()) {
        breaches.add("class.psi");
      }
      if (js > t.classJsDistance()) {
        breaches.add("class.js");
      }
      if (confPsi > t.confidencePsi()) {
        breaches.add("confidence.psi");
      }
      if (ksP < t.confidenceKsPValue() && ks >= t.confidenceKsStatistic()) {
        breaches.add("confidence.ks");
      }
      if (Math.abs(current.oosRate() - baseline.oosRate()) > t.oosRateDelta()) {
        breaches.add("oos.rate");
      }
    }
    return new DriftReport(baseline.size(), current.size(), classPsi, js, confPsi, ks, ksP, baseline.oosRate(),
        current.oosRate(), breaches, inconclusive);
  }
}
