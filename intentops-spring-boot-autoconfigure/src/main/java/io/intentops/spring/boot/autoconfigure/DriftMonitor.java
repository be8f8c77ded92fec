package io.intentops.spring.boot.autoconfigure;

import io.intentops.eval.metrics.DriftMetrics;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches the predicted-class distribution of the answers {@link IntentOpsService} gives
 * (out-of-scope answers count as the class {@value #OOS}): the first {@code baselineSize} predictions
 * form the baseline, the latest {@code windowSize} the current sample, and {@link #score()} is their
 * population stability index (eval's {@link DriftMetrics#psi(Map, Map)}), NaN until both samples are
 * full. Thread-safe (one lock; recording is a few map updates).
 */
public final class DriftMonitor {
  /** Label counted for out-of-scope predictions. */
  public static final String OOS = "oos";

  private final int baselineSize;
  private final int windowSize;
  private final double threshold;
  private final Map<String, Integer> baseline = new HashMap<>();
  private int baselineCount;
  private final ArrayDeque<String> window = new ArrayDeque<>();
  private final Map<String, Integer> current = new HashMap<>();

  DriftMonitor(double threshold, int baselineSize, int windowSize) {
    if (!(threshold > 0) || Double.isInfinite(threshold)) {
      throw new InvalidIntentOpsPropertyException("intentops.drift.threshold", Double.toString(threshold),
          "must be a positive finite PSI");
    }
    if (baselineSize < 1) {
      throw new InvalidIntentOpsPropertyException("intentops.drift.baseline-size", Integer.toString(baselineSize),
          "must be >= 1");
    }
    if (windowSize < 1) {
      throw new InvalidIntentOpsPropertyException("intentops.drift.window-size", Integer.toString(windowSize),
          "must be >= 1");
    }
    this.baselineSize = baselineSize;
    this.windowSize = windowSize;
    this.threshold = threshold;
  }

  /** Counts one answer. */
  public synchronized void record(String label, boolean outOfScope) {
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
  public synchronized double score() {
    if (baselineCount < baselineSize || window.size() < windowSize) {
      return Double.NaN;
    }
    return DriftMetrics.psi(baseline, current);
  }

  /** The PSI threshold ({@code intentops.drift.threshold}). */
  public double threshold() {
    return threshold;
  }

  /** Whether {@link #score()} exceeds the threshold (false while NaN). */
  public boolean breached() {
    return score() > threshold;
  }
}
