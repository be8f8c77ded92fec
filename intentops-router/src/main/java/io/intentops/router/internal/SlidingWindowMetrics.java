package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.router.RequestOutcome;
import io.intentops.router.SloConfig;
import io.intentops.router.SloRule;
import io.intentops.router.WindowSnapshot;
import io.intentops.router.judge.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Per-version metrics over a sliding time window, in the manner of Resilience4j's
 * SlidingTimeWindowMetrics: a ring of per-second buckets and a running total that is updated
 * subtract-on-evict as the window slides.
 *
 * <p>Writers ({@link #record}) only touch the bucket of their second: atomic increments, no locks,
 * and one small allocation per second when a bucket is recycled. The running total is owned by the
 * evaluator ({@link #advanceTo}, synchronized), which folds each second once it is older than the
 * evaluation delay, evicts the second that leaves the window, and emits a snapshot every time the
 * folded frontier reaches the end of an epoch-aligned window. The ring holds two windows plus the
 * delay, so the evaluator must run at least once per window length or older seconds are lost (they
 * are then simply absent: windows get thinner, never wrong in the other direction).
 */
public final class SlidingWindowMetrics {
  private static final int REQUESTS = 0;
  private static final int SERVER_ERRORS = 1;
  private static final int CLIENT_ERRORS = 2;
  private static final int HIST = 3;

  private final ModelVersion version;
  private final SloConfig slo;
  private final int windowSeconds;
  private final int delaySeconds;
  private final int ringSize;
  private final long[] boundsMicros;
  private final int cells;
  private final AtomicReferenceArray<SecondBucket> ring;

  // Evaluator-owned state, guarded by "this".
  private final long[] total;
  private final long[][] foldedPerSecond; // what was added for each second still in the window
  private long foldedThrough; // last folded epoch second
  private long observedFrom; // first epoch second this instance saw completely
  private long lostSeconds;

  /** Why: a bucket is replaced, not zeroed, so a concurrent writer can never lose an increment to a reset. */
  private static final class SecondBucket {
    final long second;
    final AtomicLongArray cells;

    SecondBucket(long second, int cells) {
      this.second = second;
      this.cells = new AtomicLongArray(cells);
    }
  }

  public SlidingWindowMetrics(ModelVersion version, SloConfig slo, long nowMillis) {
    this.version = version;
    this.slo = slo;
    this.windowSeconds = (int) slo.windowLength().getSeconds();
    this.delaySeconds = (int) slo.evaluationDelay().getSeconds();
    this.ringSize = 2 * windowSeconds + delaySeconds + 2;
    List<Duration> bounds = slo.latencyBoundaries();
    this.boundsMicros = new long[bounds.size()];
    for (int i = 0; i < bounds.size(); i++) {
      boundsMicros[i] = bounds.get(i).toNanos() / 1000;
    }
    this.cells = HIST + boundsMicros.length + 1;
    this.ring = new AtomicReferenceArray<>(ringSize);
    long none = Long.MIN_VALUE;
    for (int i = 0; i < ringSize; i++) {
      ring.set(i, new SecondBucket(none, 0));
    }
    this.total = new long[cells];
    this.foldedPerSecond = new long[windowSeconds][cells];
    this.observedFrom = Math.floorDiv(nowMillis + 999, 1000);
    this.foldedThrough = observedFrom - 1;
  }

  public ModelVersion version() {
    return version;
  }

  /** Records one request that ended at {@code endMillis}. Lock-free. */
  public void record(long endMillis, RequestOutcome outcome, long latencyNanos) {
    long second = Math.floorDiv(endMillis, 1000);
    int idx = (int) Math.floorMod(second, (long) ringSize);
    SecondBucket b = ring.get(idx);
    while (b.second != second) {
      if (b.second > second) {
        return; // a writer more than a ring behind the clock; its second is gone
      }
      SecondBucket fresh = new SecondBucket(second, cells);
      if (ring.compareAndSet(idx, b, fresh)) {
        b = fresh;
      } else {
        b = ring.get(idx);
      }
    }
    AtomicLongArray c = b.cells;
    switch (outcome) {
      case CLIENT_ERROR:
        c.incrementAndGet(CLIENT_ERRORS);
        return;
      case SERVER_ERROR:
        c.incrementAndGet(SERVER_ERRORS);
        break;
      default:
        break;
    }
    c.incrementAndGet(REQUESTS);
    c.incrementAndGet(HIST + binOf(Math.max(0, latencyNanos) / 1000));
  }

  private int binOf(long micros) {
    int i = Arrays.binarySearch(boundsMicros, micros);
    return i >= 0 ? i : -i - 1; // first bound >= micros; boundsMicros.length is the overflow bin
  }

  /**
   * Folds every second up to {@code nowMillis} minus the evaluation delay and returns the windows that
   * closed, oldest first. Windows that started before this instance existed are not returned.
   */
  public List<WindowSnapshot> advanceTo(long nowMillis) {
    return advanceTo(nowMillis, null);
  }

  /**
   * Like {@link #advanceTo(long)} and adds the counters of every second folded now to {@code acc} (length
   * {@link #cells()}: requests, server errors, client errors, then the latency bins): the evidence the
   * canary judge consumes, one batch per evaluation.
   */
  public synchronized List<WindowSnapshot> advanceTo(long nowMillis, long @Nullable [] acc) {
    long target = Math.floorDiv(nowMillis, 1000) - 1 - delaySeconds;
    if (target <= foldedThrough) {
      return List.of();
    }
    if (target - foldedThrough > ringSize) {
      // Too far behind: the ring no longer holds those seconds. Restart the window from what is left.
      long restart = target - ringSize;
      lostSeconds += restart - foldedThrough;
      Arrays.fill(total, 0);
      for (long[] row : foldedPerSecond) {
        Arrays.fill(row, 0);
      }
      foldedThrough = restart;
      observedFrom = Math.max(observedFrom, restart + 1);
    }
    List<WindowSnapshot> closed = new ArrayList<>(1);
    for (long s = foldedThrough + 1; s <= target; s++) {
      long[] slot = foldedPerSecond[(int) Math.floorMod(s, (long) windowSeconds)];
      for (int i = 0; i < cells; i++) {
        total[i] -= slot[i]; // evict second s - windowSeconds
      }
      SecondBucket b = ring.get((int) Math.floorMod(s, (long) ringSize));
      if (b.second == s) {
        for (int i = 0; i < cells; i++) {
          long v = b.cells.get(i);
          slot[i] = v;
          total[i] += v;
        }
        if (acc != null) {
          for (int i = 0; i < cells; i++) {
            acc[i] += slot[i];
          }
        }
      } else {
        Arrays.fill(slot, 0);
      }
      foldedThrough = s;
      if (Math.floorMod(s + 1, (long) windowSeconds) == 0) {
        long start = s + 1 - windowSeconds;
        if (start >= observedFrom) {
          closed.add(snapshot(start));
        }
      }
    }
    return closed;
  }

  /** Adds one successful request of {@code latencyNanos} to counters laid out like {@link #advanceTo(long, long[])}'s. */
  public void addTo(long[] acc, long latencyNanos) {
    acc[REQUESTS]++;
    acc[HIST + binOf(Math.max(0, latencyNanos) / 1000)]++;
  }

  /** Length of the counter array that {@link #advanceTo(long, long[])} fills. */
  public int cells() {
    return cells;
  }

  /** The judge's evidence for counters accumulated by {@link #advanceTo(long, long[])}. */
  public static Evidence evidence(long[] acc, long outOfScope, Map<String, Long> labels, long shadowCompared,
      long shadowDisagreed) {
    // A writer increments the request count and its latency bin one after the other, so a second folded
    // while a late writer is mid-record can hold one more in one cell than the other: count the bins.
    long[] hist = Arrays.copyOfRange(acc, HIST, acc.length);
    long n = 0;
    for (long c : hist) {
      n += c;
    }
    return new Evidence(n, Math.min(acc[SERVER_ERRORS], n), hist, Math.min(outOfScope, n), labels, shadowCompared,
        shadowDisagreed);
  }

  /** The window ending at the last folded second. */
  public synchronized WindowSnapshot current() {
    return snapshot(foldedThrough + 1 - windowSeconds);
  }

  /** Seconds skipped because the evaluator ran too rarely. */
  public synchronized long lostSeconds() {
    return lostSeconds;
  }

  private WindowSnapshot snapshot(long startSecond) {
    long n = total[REQUESTS];
    long p50 = percentile(n, 0.50);
    long p95 = percentile(n, 0.95);
    long p99 = percentile(n, 0.99);
    Set<SloRule> breaches = EnumSet.noneOf(SloRule.class);
    WindowSnapshot.Verdict verdict;
    if (n < slo.minRequestsPerWindow()) {
      verdict = WindowSnapshot.Verdict.INCONCLUSIVE;
    } else {
      if (p95 > slo.maxP95Latency().toNanos() / 1000) {
        breaches.add(SloRule.P95_LATENCY);
      }
      if ((double) total[SERVER_ERRORS] / n > slo.maxServerErrorRate()) {
        breaches.add(SloRule.SERVER_ERROR_RATE);
      }
      verdict = breaches.isEmpty() ? WindowSnapshot.Verdict.HEALTHY : WindowSnapshot.Verdict.BREACHING;
    }
    return new WindowSnapshot(version, Instant.ofEpochSecond(startSecond), slo.windowLength(), n,
        total[SERVER_ERRORS], total[CLIENT_ERRORS], p50, p95, p99, verdict, breaches);
  }

  /** Nearest-rank percentile, reported as the upper bound of its bucket (exact to one bucket). */
  private long percentile(long n, double q) {
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * n);
    long cumulative = 0;
    for (int i = 0; i <= boundsMicros.length; i++) {
      cumulative += total[HIST + i];
      if (cumulative >= rank) {
        return i < boundsMicros.length ? boundsMicros[i] : Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }
}
