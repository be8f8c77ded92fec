package io.intentops.router;

import io.intentops.core.ModelVersion;
import io.intentops.router.internal.FleetBridge;
import io.intentops.router.judge.CanaryJudge;
import io.intentops.router.judge.JudgeConfig;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The router's SLO rules for callers that aggregate windows themselves, for example a fleet of router
 * instances whose per-window counters are merged in a database. {@link #judge} turns merged counters
 * and latency histogram (over {@link SloConfig#latencyBoundaries()}) into the same {@link
 * WindowSnapshot} a single router would produce for that traffic, {@link #alarm} is the router's own
 * breach-streak alarm with hysteresis, and {@link #rollback}/{@link #advance} are the router's own
 * state transitions, to be committed with {@link RoutingStateStore#compareAndSet}. Stateless and
 * thread-safe (an {@link Alarm} is not thread-safe).
 */
public final class FleetSlo {
  private final SloConfig slo;
  private final long[] boundsMicros;

  private FleetSlo(SloConfig slo) {
    this.slo = slo;
    this.boundsMicros = FleetBridge.boundsMicros(slo);
  }

  /** Rules for {@code slo}. */
  public static FleetSlo of(SloConfig slo) {
    return new FleetSlo(Objects.requireNonNull(slo, "slo"));
  }

  /** The configuration these rules apply. */
  public SloConfig slo() {
    return slo;
  }

  /** Number of histogram bins: one per latency boundary plus an overflow bin. */
  public int histogramBins() {
    return boundsMicros.length + 1;
  }

  /** The histogram bin a latency (nanoseconds) falls into, as the router bins it. */
  public int binOf(long latencyNanos) {
    return FleetBridge.binOf(boundsMicros, latencyNanos);
  }

  /**
   * Judges one window of aggregated counters.
   *
   * @param requests SLO-relevant requests (successes plus server errors)
   * @param histogram latency counts per bin, length {@link #histogramBins()}
   * @throws IllegalArgumentException if the histogram has the wrong length
   */
  public WindowSnapshot judge(ModelVersion version, Instant start, long requests, long serverErrors, long clientErrors,
      long[] histogram) {
    if (histogram.length != histogramBins()) {
      throw new IllegalArgumentException("Latency histogram of " + version + " at " + start + " has " + histogram.length
          + " bins, expected " + histogramBins());
    }
    return FleetBridge.judge(slo, boundsMicros, version, start, requests, serverErrors, clientErrors, histogram);
  }

  /**
   * A canary judge of {@code version} over these rules' latency bins, for a fleet evaluator that merges
   * the instances' counters itself (feed it {@link io.intentops.router.judge.Evidence#of} of merged
   * requests, server errors and histogram per evaluation).
   */
  public CanaryJudge canaryJudge(ModelVersion version, JudgeConfig config) {
    return CanaryJudge.create(version, config, slo.latencyBoundaries(), CanaryJudge.basicKinds());
  }

  /** A new alarm: the router's breach streak with hysteresis ({@link SloConfig#breachingWindows()}, recovery). */
  public Alarm alarm() {
    return new Alarm(new FleetBridge.Alarm(slo));
  }

  /** The rollback the router's alarm commits, as revision + 1 of {@code current}; empty if {@code version} is not an active candidate. */
  public static Optional<RoutingState> rollback(RoutingState current, ModelVersion version, RollbackRecord why, Instant now) {
    return FleetBridge.rollback(current, version, why, now);
  }

  /** Leaves plan step {@code fromStep} (or promotes after the last), as revision + 1; empty unless still RAMPING there. */
  public static Optional<RoutingState> advance(RoutingState current, ModelVersion version, int fromStep, Instant now) {
    return FleetBridge.advance(current, version, fromStep, now);
  }

  /** The router's alarm of one version. Not thread-safe. */
  public static final class Alarm {
    private final FleetBridge.Alarm delegate;

    private Alarm(FleetBridge.Alarm delegate) {
      this.delegate = delegate;
    }

    /** Judges a closed window; returns the breaching windows of the streak when the alarm fires, else null. */
    public @Nullable List<WindowSnapshot> accept(WindowSnapshot w) {
      return delegate.accept(w);
    }

    /** Remembers a window without judging it. */
    public void observe(WindowSnapshot w) {
      delegate.observe(w);
    }

    /** Whether a breach streak is open. */
    public boolean breachOpen() {
      return delegate.breachOpen();
    }

    /** Healthy windows that started at or after {@code since}. */
    public int healthyWindowsSince(Instant since) {
      return delegate.healthyWindowsSince(since);
    }

    /** The last 64 windows seen, oldest first. */
    public List<WindowSnapshot> recent() {
      return delegate.recent();
    }

    /** Forgets the streak (after a committed rollback or a new rollout). */
    public void reset() {
      delegate.reset();
    }
  }
}
