package io.intentops.samples.springboot;

import io.intentops.eval.metrics.DriftMetrics;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches the predicted-class distribution (out-of-scope answers count as the class {@code oos}): the
 * first {@code baselineSize} predictions the service serves form the baseline, the latest
 * {@code windowSize} the current sample, and {@link #score()} is their population stability index
 * (eval's {@link DriftMetrics#psi(Map, Map)}). NaN until both samples are full. Thread-safe (one
 * lock; recording is a few map updates).
 */
final class DriftMonitor {
  /** Label counted for out-of-scope predictions. */
  static final String OOS = "oos";

  private final int baselineSize;
  private final int windowSize;
  private final double threshold;
  private final Map<String, Integer> baseline = new HashMap<>();
  private int baselineCount;
  private final ArrayDeque<String> window = new ArrayDeque<>();
  private final Map<String, Integer> current = new HashMap<>();

  DriftMonitor(ServiceProperties.Drift cfg) {
    this.baselineSize = cfg.baselineSize();
    this.windowSize = cfg.windowSize();
    this.threshold = cfg.threshold();
  }

  synchronized void record(String label, boolean outOfScope) {
    String key = outOfScope ? OOS : label;
    if (baselineCount < baselineSize) {
      baseline.merge(key, 1, Integer::sum);
      baselineCount++;
      return;
    }
    window.addLast(key);
    current.merge(key, 1, Integer::sum);
    if (window.size() > windowSize) {
      String old = window.removeFirst();
      current.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** PSI of the current window against the baseline; NaN until both are full. */
  synchronized double score() {
    if (baselineCount < baselineSize || window.size() < windowSize) {
      return Double.NaN;
    }
    return DriftMetrics.psi(baseline, current);
  }

  double threshold() {
    return threshold;
  }

  /** 1 when {@link #score()} exceeds the threshold, else 0 (also while NaN). */
  double breached() {
    double s = score();
    return s > threshold ? 1 : 0;
  }
}
