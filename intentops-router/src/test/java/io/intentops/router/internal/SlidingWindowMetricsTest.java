package io.intentops.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ModelVersion;
import io.intentops.router.RequestOutcome;
import io.intentops.router.SloConfig;
import io.intentops.router.SloRule;
import io.intentops.router.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SlidingWindowMetricsTest {
  static final ModelVersion V = ModelVersion.parse("1.0.0-1");
  static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

  static SloConfig slo(long minRequests) {
    return SloConfig.custom().minRequestsPerWindow(minRequests).build();
  }

  static long ms(long millis) {
    return millis * 1_000_000L;
  }

  @Test
  void windowsCloseAtEpochAlignedBoundariesAfterTheEvaluationDelay() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(1), T0);
    m.record(T0 + 500, RequestOutcome.SUCCESS, ms(10));
    assertThat(m.advanceTo(T0 + 60_999)).isEmpty(); // second 59 done, but the 1 s delay has not passed
    List<WindowSnapshot> closed = m.advanceTo(T0 + 61_000);
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).start()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(closed.get(0).length()).isEqualTo(Duration.ofMinutes(1));
    assertThat(closed.get(0).requests()).isEqualTo(1);
    assertThat(m.advanceTo(T0 + 61_500)).isEmpty(); // each window is emitted once
  }

  @Test
  void percentilesAreExactToOneBucketAndTheThresholdIsABucketBound() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(1), T0);
    // 100 requests: 94 at 20 ms, 1 at exactly 150 ms, 5 at 151 ms.
    for (int i = 0; i < 94; i++) {
      m.record(T0 + i * 100, RequestOutcome.SUCCESS, ms(20));
    }
    m.record(T0 + 9_500, RequestOutcome.SUCCESS, ms(150));
    for (int i = 0; i < 5; i++) {
      m.record(T0 + 10_000 + i, RequestOutcome.SUCCESS, ms(151));
    }
    WindowSnapshot w = m.advanceTo(T0 + 61_000).get(0);
    assertThat(w.p50Micros()).isEqualTo(20_000);
    assertThat(w.p95Micros()).isEqualTo(150_000); // rank 95 is the 150 ms request: not a breach
    assertThat(w.p99Micros()).isEqualTo(200_000); // 151 ms lands in (150, 200]
    assertThat(w.verdict()).isEqualTo(WindowSnapshot.Verdict.HEALTHY);

    SlidingWindowMetrics m2 = new SlidingWindowMetrics(V, slo(1), T0);
    for (int i = 0; i < 94; i++) {
      m2.record(T0 + i * 100, RequestOutcome.SUCCESS, ms(20));
    }
    for (int i = 0; i < 6; i++) {
      m2.record(T0 + 10_000 + i, RequestOutcome.SUCCESS, ms(151));
    }
    WindowSnapshot w2 = m2.advanceTo(T0 + 61_000).get(0);
    assertThat(w2.p95Micros()).isEqualTo(200_000);
    assertThat(w2.verdict()).isEqualTo(WindowSnapshot.Verdict.BREACHING);
    assertThat(w2.breaches()).containsExactly(SloRule.P95_LATENCY);
  }

  @Test
  void latencyAboveTheLargestBoundGoesToTheOverflowBucket() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(1), T0);
    m.record(T0, RequestOutcome.SUCCESS, ms(60_000));
    WindowSnapshot w = m.advanceTo(T0 + 61_000).get(0);
    assertThat(w.p50Micros()).isEqualTo(Long.MAX_VALUE);
    assertThat(w.breaches()).containsExactly(SloRule.P95_LATENCY);
  }

  @Test
  void clientErrorsAreCountedSeparatelyAndNeverAgainstTheSlo() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(10), T0);
    for (int i = 0; i < 1000; i++) {
      m.record(T0 + i, RequestOutcome.CLIENT_ERROR, ms(900));
    }
    for (int i = 0; i < 10; i++) {
      m.record(T0 + i, RequestOutcome.SUCCESS, ms(5));
    }
    WindowSnapshot w = m.advanceTo(T0 + 61_000).get(0);
    assertThat(w.clientErrors()).isEqualTo(1000);
    assertThat(w.requests()).isEqualTo(10);
    assertThat(w.serverErrors()).isZero();
    assertThat(w.p99Micros()).isEqualTo(5_000);
    assertThat(w.verdict()).isEqualTo(WindowSnapshot.Verdict.HEALTHY);
  }

  @Test
  void thinWindowsAreInconclusiveEvenWhenEveryRequestFailed() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(100), T0);
    for (int i = 0; i < 99; i++) {
      m.record(T0 + i, RequestOutcome.SERVER_ERROR, ms(5_000));
    }
    WindowSnapshot w = m.advanceTo(T0 + 61_000).get(0);
    assertThat(w.serverErrorRate()).isEqualTo(1.0);
    assertThat(w.verdict()).isEqualTo(WindowSnapshot.Verdict.INCONCLUSIVE);
    assertThat(w.breaches()).isEmpty();
  }

  @Test
  void errorRateThresholdIsStrict() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(1), T0);
    for (int i = 0; i < 995; i++) {
      m.record(T0 + i, RequestOutcome.SUCCESS, ms(5));
    }
    for (int i = 0; i < 5; i++) {
      m.record(T0 + i, RequestOutcome.SERVER_ERROR, ms(5));
    }
    WindowSnapshot atLimit = m.advanceTo(T0 + 61_000).get(0);
    assertThat(atLimit.serverErrorRate()).isEqualTo(0.005);
    assertThat(atLimit.verdict()).isEqualTo(WindowSnapshot.Verdict.HEALTHY);
    m.record(T0 + 61_000, RequestOutcome.SERVER_ERROR, ms(5));
    for (int i = 0; i < 99; i++) {
      m.record(T0 + 61_000, RequestOutcome.SUCCESS, ms(5));
    }
    WindowSnapshot over = m.advanceTo(T0 + 121_000).get(0);
    assertThat(over.serverErrorRate()).isEqualTo(0.01);
    assertThat(over.breaches()).containsExactly(SloRule.SERVER_ERROR_RATE);
  }

  @Test
  void aPartiallyObservedFirstWindowIsNotJudged() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(1), T0 + 30_500);
    m.record(T0 + 31_000, RequestOutcome.SERVER_ERROR, ms(5));
    assertThat(m.advanceTo(T0 + 61_000)).isEmpty();
    m.record(T0 + 61_000, RequestOutcome.SUCCESS, ms(5));
    List<WindowSnapshot> next = m.advanceTo(T0 + 121_000);
    assertThat(next).singleElement().satisfies(w -> {
      assertThat(w.start()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
      assertThat(w.requests()).isEqualTo(1);
      assertThat(w.serverErrors()).isZero();
    });
  }

  @Test
  void aLateEvaluatorSkipsSecondsTheRingNoLongerHolds() {
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo(1), T0);
    m.record(T0, RequestOutcome.SERVER_ERROR, ms(5));
    m.record(T0 + 3_600_000, RequestOutcome.SUCCESS, ms(5)); // an hour later, no evaluation in between
    List<WindowSnapshot> closed = m.advanceTo(T0 + 3_661_000);
    assertThat(m.lostSeconds()).isPositive();
    assertThat(closed).isNotEmpty();
    assertThat(closed).allSatisfy(w -> assertThat(w.serverErrors()).isZero());
    assertThat(closed.get(closed.size() - 1).requests()).isEqualTo(1);
  }

  /** Subtract-on-evict: the sliding total always equals a recount of the seconds in the window. */
  @Property(tries = 100, seed = "2025")
  void slidingTotalEqualsARecountOfTheWindow(
      @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 400_000) Integer> offsetsMillis,
      @ForAll @IntRange(min = 1, max = 3) int windowSeconds) {
    SloConfig slo = SloConfig.custom().windowLength(Duration.ofSeconds(windowSeconds))
        .evaluationDelay(Duration.ZERO).minRequestsPerWindow(1).build();
    SlidingWindowMetrics m = new SlidingWindowMetrics(V, slo, T0);
    List<Integer> sorted = new ArrayList<>(offsetsMillis);
    sorted.sort(Integer::compare);
    Random random = new Random(2025);
    List<long[]> recorded = new ArrayList<>(); // {second, isServerError}
    List<WindowSnapshot> emitted = new ArrayList<>();
    long ticked = T0;
    for (int off : sorted) {
      long t = T0 + off;
      for (; ticked + 1000 <= t; ticked += 1000) {
        emitted.addAll(m.advanceTo(ticked)); // the controller ticks every second
      }
      boolean err = random.nextInt(4) == 0;
      m.record(t, err ? RequestOutcome.SERVER_ERROR : RequestOutcome.SUCCESS, ms(1 + random.nextInt(300)));
      recorded.add(new long[] {Math.floorDiv(t, 1000L), err ? 1 : 0});
      emitted.addAll(m.advanceTo(t)); // evaluate as time moves, as the controller does
    }
    for (long end = T0 + 401_000 + 2_000L * windowSeconds; ticked <= end; ticked += 1000) {
      emitted.addAll(m.advanceTo(ticked));
    }
    assertThat(m.lostSeconds()).isZero();
    for (WindowSnapshot w : emitted) {
      long from = w.start().getEpochSecond();
      long to = from + windowSeconds;
      long n = recorded.stream().filter(r -> r[0] >= from && r[0] < to).count();
      long e = recorded.stream().filter(r -> r[0] >= from && r[0] < to && r[1] == 1).count();
      assertThat(w.requests()).as("requests in %s", w).isEqualTo(n);
      assertThat(w.serverErrors()).isEqualTo(e);
    }
    assertThat(emitted.stream().mapToLong(WindowSnapshot::requests).sum()).isEqualTo(recorded.size());
    // The sliding view after the last fold covers the final (empty) window.
    assertThat(m.current().requests()).isZero();
  }
}
