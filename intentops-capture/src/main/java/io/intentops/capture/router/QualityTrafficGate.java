package io.intentops.capture.router;

import io.intentops.capture.OnlineAccuracy;
import io.intentops.capture.drift.LiveDriftMonitor;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.eval.drift.DriftJob;
import io.intentops.router.TrafficChange;
import io.intentops.router.TrafficGate;
import io.intentops.router.TrafficRefusedException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A router {@link TrafficGate} over live quality: a version gets no more traffic (no rollout start,
 * weight raise, step advance, promotion or override; taking traffic away is never gated) while its
 * {@link LiveDriftMonitor} says DEGRADED, or while its {@link OnlineAccuracy} has at least
 * {@code minJudged} verdicts and the Wilson upper bound is below {@code floor} (clearly worse, not just
 * unlucky). Give it to {@code Router.builder().trafficGate(...)}, alone or inside a gate that also asks
 * the registry. Thread-safe (reads the monitors' and the estimator's synchronized state).
 */
public final class QualityTrafficGate implements TrafficGate {
  private final Map<ModelVersion, LiveDriftMonitor> monitors;
  private final @Nullable OnlineAccuracy accuracy;
  private final double floor;
  private final long minJudged;

  private QualityTrafficGate(Builder b) {
    this.monitors = Map.copyOf(b.monitors);
    this.accuracy = b.accuracy;
    this.floor = b.floor;
    this.minJudged = b.minJudged;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void check(TrafficChange change) {
    LiveDriftMonitor m = monitors.get(change.version());
    if (m != null && m.status() == DriftJob.Status.DEGRADED) {
      throw new TrafficRefusedException(change, "live drift is DEGRADED (" + m.windows() + " windows seen)");
    }
    if (accuracy != null) {
      OnlineAccuracy.Estimate e = accuracy.estimate(change.version());
      if (e.judged() >= minJudged && e.upper() < floor) {
        throw new TrafficRefusedException(change, String.format(Locale.ROOT,
            "online accuracy %.3f [%.3f, %.3f] over %d judged requests is below the floor %.3f", e.accuracy(), e.lower(),
            e.upper(), e.judged(), floor));
      }
    }
  }

  /** Validated builder; not thread-safe. */
  public static final class Builder {
    private final Map<ModelVersion, LiveDriftMonitor> monitors = new HashMap<>();
    private @Nullable OnlineAccuracy accuracy;
    private double floor;
    private long minJudged;

    private Builder() {}

    /** Watches {@code monitor}'s version (one monitor per version). */
    public Builder drift(LiveDriftMonitor monitor) {
      Objects.requireNonNull(monitor, "monitor");
      if (monitors.putIfAbsent(monitor.version(), monitor) != null) {
        throw new ConfigurationException("A drift monitor for " + monitor.version() + " is already registered");
      }
      return this;
    }

    /**
     * Refuses traffic when a version has at least {@code minJudged} feedback verdicts and its Wilson upper
     * bound is below {@code floor} (in (0, 1]).
     */
    public Builder accuracy(OnlineAccuracy estimator, double floor, long minJudged) {
      if (!(floor > 0 && floor <= 1)) {
        throw new ConfigurationException("accuracy floor must be in (0, 1], got " + floor);
      }
      if (minJudged < 1) {
        throw new ConfigurationException("minJudged must be >= 1, got " + minJudged);
      }
      this.accuracy = Objects.requireNonNull(estimator, "estimator");
      this.floor = floor;
      this.minJudged = minJudged;
      return this;
    }

    /** The gate. */
    public QualityTrafficGate build() {
      if (monitors.isEmpty() && accuracy == null) {
        throw new ConfigurationException("A quality gate needs a drift monitor or an accuracy estimator");
      }
      return new QualityTrafficGate(this);
    }
  }
}
