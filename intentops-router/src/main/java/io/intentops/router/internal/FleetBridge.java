package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RoutingState;
import io.intentops.router.SloConfig;
import io.intentops.router.SloRule;
import io.intentops.router.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Gives {@link io.intentops.router.FleetSlo} access to the router's own alarm ({@link SloMonitor}) and
 * state transitions ({@link Transitions}), so that fleet evaluation applies exactly the rules a single
 * router applies. Why a bridge: both are package-private and must stay so.
 */
public final class FleetBridge {
  private FleetBridge() {}

  /** Histogram bounds in microseconds, as {@link SlidingWindowMetrics} uses them. */
  public static long[] boundsMicros(SloConfig slo) {
    List<Duration> bounds = slo.latencyBoundaries();
    long[] out = new long[bounds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bounds.get(i).toNanos() / 1000;
    }
    return out;
  }

  /** The histogram bin of a latency: first bound >= the latency; {@code bounds.length} is overflow. */
  public static int binOf(long[] boundsMicros, long latencyNanos) {
    long micros = Math.max(0, latencyNanos) / 1000;
    int i = Arrays.binarySearch(boundsMicros, micros);
    return i >= 0 ? i : -i - 1;
  }

  /** Judges aggregated counts exactly as {@link SlidingWindowMetrics} judges its running total. */
  public static WindowSnapshot judge(SloConfig slo, long[] boundsMicros, ModelVersion version, Instant start,
      long requests, long serverErrors, long clientErrors, long[] histogram) {
    long p50 = percentile(boundsMicros, histogram, requests, 0.50);
    long p95 = percentile(boundsMicros, histogram, requests, 0.95);
    long p99 = percentile(boundsMicros, histogram, requests, 0.99);
    Set<SloRule> breaches = EnumSet.noneOf(SloRule.class);
    WindowSnapshot.Verdict verdict;
    if (requests < slo.minRequestsPerWindow()) {
      verdict = WindowSnapshot.Verdict.INCONCLUSIVE;
    } else {
      if (p95 > slo.maxP95Latency().toNanos() / 1000) {
        breaches.add(SloRule.P95_LATENCY);
      }
      if ((double) serverErrors / requests > slo.maxServerErrorRate()) {
        breaches.add(SloRule.SERVER_ERROR_RATE);
      }
      verdict = breaches.isEmpty() ? WindowSnapshot.Verdict.HEALTHY : WindowSnapshot.Verdict.BREACHING;
    }
    return new WindowSnapshot(version, start, slo.windowLength(), requests, serverErrors, clientErrors, p50, p95, p99,
        verdict, breaches);
  }

  /** Same nearest-rank rule as {@link SlidingWindowMetrics}: the upper bound of the rank's bucket. */
  private static long percentile(long[] boundsMicros, long[] histogram, long n, double q) {
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * n);
    long cumulative = 0;
    for (int i = 0; i <= boundsMicros.length; i++) {
      cumulative += histogram[i];
      if (cumulative >= rank) {
        return i < boundsMicros.length ? boundsMicros[i] : Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }

  /** The router's alarm with hysteresis; not thread-safe. */
  public static final class Alarm {
    private final SloMonitor monitor;

    public Alarm(SloConfig slo) {
      this.monitor = new SloMonitor(slo);
    }

    public @Nullable List<WindowSnapshot> accept(WindowSnapshot w) {
      return monitor.accept(w);
    }

    public void observe(WindowSnapshot w) {
      monitor.observe(w);
    }

    public boolean breachOpen() {
      return monitor.breachOpen();
    }

    public int healthyWindowsSince(Instant since) {
      return monitor.healthyWindowsSince(since);
    }

    public List<WindowSnapshot> recent() {
      return monitor.recent();
    }

    public void reset() {
      monitor.reset();
    }
  }

  /** {@link Transitions#rollback} with the next revision; empty when it is a no-op. */
  public static Optional<RoutingState> rollback(RoutingState s, ModelVersion v, RollbackRecord why, Instant now) {
    return next(s, Transitions.rollback(s, v, why, now));
  }

  /** {@link Transitions#advance} with the next revision; empty when it is a no-op. */
  public static Optional<RoutingState> advance(RoutingState s, ModelVersion v, int fromStep, Instant now) {
    return next(s, Transitions.advance(s, v, fromStep, now));
  }

  private static Optional<RoutingState> next(RoutingState cur, Transitions.@Nullable Change change) {
    if (change == null) {
      return Optional.empty();
    }
    RoutingState n = change.next();
    return Optional.of(new RoutingState(cur.revision() + 1, n.stable(), n.candidates(), n.overrides(), n.updatedAt()));
  }
}
