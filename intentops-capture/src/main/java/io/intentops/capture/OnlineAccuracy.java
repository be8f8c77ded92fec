package io.intentops.capture;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import io.intentops.core.capture.Feedback;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * Accuracy per model version estimated from feedback, with a Wilson score interval. Thumbs up counts
 * as correct, thumbs down as wrong, a correction as wrong unless the corrected label equals what was
 * served (known when the prediction was captured too). One verdict per request: later feedback on the
 * same request id replaces the earlier one. Feed it live (it is a sink, so a {@link CapturePipeline}
 * can deliver to it) or from stored events ({@link #of(Iterable)}). Thread-safe; memory is bounded by
 * {@link #DEFAULT_MAX_TRACKED} requests (the oldest are forgotten, their verdicts stay counted).
 */
public final class OnlineAccuracy implements io.intentops.core.capture.CaptureSink {
  /** Requests whose served label and verdict are remembered (for corrections and de-duplication). */
  public static final int DEFAULT_MAX_TRACKED = 1_000_000;
  /** Confidence level of the interval. */
  public static final double DEFAULT_LEVEL = 0.95;

  /**
   * The estimate for one version.
   *
   * @param version the model version
   * @param judged requests with a verdict
   * @param correct of which correct
   * @param accuracy correct / judged (NaN when nothing was judged)
   * @param lower Wilson lower bound (0 when nothing was judged)
   * @param upper Wilson upper bound (1 when nothing was judged)
   * @param level confidence level of the bounds
   */
  public record Estimate(ModelVersion version, long judged, long correct, double accuracy, double lower, double upper,
      double level) {}

  private record Verdict(ModelVersion version, boolean correct) {}

  private final Map<String, String> served;
  private final Map<String, Verdict> verdicts;
  private final Map<ModelVersion, long[]> counts = new TreeMap<>();
  private final double level;

  private OnlineAccuracy(int maxTracked, double level) {
    this.served = lru(maxTracked);
    this.verdicts = lru(maxTracked);
    this.level = level;
  }

  /** An empty estimator with the defaults. */
  public static OnlineAccuracy create() {
    return create(DEFAULT_MAX_TRACKED, DEFAULT_LEVEL);
  }

  /** An empty estimator remembering {@code maxTracked} requests, with intervals at {@code level}. */
  public static OnlineAccuracy create(int maxTracked, double level) {
    if (maxTracked < 1) {
      throw new ConfigurationException("maxTracked must be >= 1, got " + maxTracked);
    }
    if (!(level > 0 && level < 1)) {
      throw new ConfigurationException("level must be in (0, 1), got " + level);
    }
    return new OnlineAccuracy(maxTracked, level);
  }

  /** The estimator after {@code events} (e.g. {@link CaptureFiles#read} of a capture directory). */
  public static OnlineAccuracy of(Iterable<? extends CaptureEvent> events) {
    OnlineAccuracy a = create();
    events.forEach(a::accept);
    return a;
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  @Override
  public synchronized void accept(CaptureEvent event) {
    if (event instanceof CaptureRecord r) {
      served.put(r.requestId(), r.label());
      return;
    }
    Feedback f = (Feedback) event;
    boolean correct = switch (f.kind()) {
      case THUMBS_UP -> true;
      case THUMBS_DOWN -> false;
      case CORRECTION -> f.correctedLabel() != null && f.correctedLabel().equals(served.get(f.requestId()));
    };
    Verdict previous = verdicts.put(f.requestId(), new Verdict(f.modelVersion(), correct));
    if (previous != null) {
      long[] c = counts.get(previous.version());
      c[0]--;
      c[1] -= previous.correct() ? 1 : 0;
    }
    long[] c = counts.computeIfAbsent(f.modelVersion(), v -> new long[2]);
    c[0]++;
    c[1] += correct ? 1 : 0;
  }

  /** The estimate for {@code version} (judged 0 when it has no feedback). */
  public synchronized Estimate estimate(ModelVersion version) {
    long[] c = counts.getOrDefault(version, new long[2]);
    if (c[0] == 0) {
      return new Estimate(version, 0, 0, Double.NaN, 0, 1, level);
    }
    var ci = new WilsonScoreInterval().createInterval(Math.toIntExact(c[0]), Math.toIntExact(c[1]), level);
    double acc = c[1] / (double) c[0];
    // commons-math3 can land a few ulps outside [0, acc] / [acc, 1] at the extremes (0 or n correct).
    return new Estimate(version, c[0], c[1], acc, Math.max(0, Math.min(acc, ci.getLowerBound())),
        Math.min(1, Math.max(acc, ci.getUpperBound())), level);
  }

  /** Estimates of every version with feedback, by version. */
  public synchronized Map<ModelVersion, Estimate> estimates() {
    Map<ModelVersion, Estimate> out = new TreeMap<>();
    for (ModelVersion v : counts.keySet()) {
      out.put(v, estimate(v));
    }
    return out;
  }
}
