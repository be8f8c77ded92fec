package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ModelVersion;
import io.intentops.router.internal.SlidingWindowMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The fleet hook must judge merged counters exactly as a single router judges its own window. */
class FleetSloTest {
  static final ModelVersion STABLE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion CAND = ModelVersion.parse("1.1.0-2");
  static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

  @Property(tries = 200, seed = "2025")
  void judgeMatchesTheRoutersOwnWindow(
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 400_000) Integer> latenciesMicros,
      @ForAll @IntRange(min = 0, max = 2) int outcomeSeed,
      @ForAll @IntRange(min = 1, max = 120) int minRequests) {
    SloConfig slo = SloConfig.custom().windowLength(Duration.ofSeconds(10)).evaluationDelay(Duration.ZERO)
        .minRequestsPerWindow(minRequests).maxServerErrorRate(0.05).build();
    FleetSlo rules = FleetSlo.of(slo);
    SlidingWindowMetrics metrics = new SlidingWindowMetrics(CAND, slo, T0);
    long requests = 0;
    long serverErrors = 0;
    long clientErrors = 0;
    long[] hist = new long[rules.histogramBins()];
    for (int i = 0; i < latenciesMicros.size(); i++) {
      long nanos = latenciesMicros.get(i) * 1000L;
      RequestOutcome o = RequestOutcome.values()[(i * 7 + outcomeSeed) % 11 == 0 ? 1 : (i % 13 == 5 ? 2 : 0)];
      metrics.record(T0 + (i * 37L) % 10_000, o, nanos);
      if (o == RequestOutcome.CLIENT_ERROR) {
        clientErrors++;
        continue;
      }
      if (o == RequestOutcome.SERVER_ERROR) {
        serverErrors++;
      }
      requests++;
      hist[rules.binOf(nanos)]++;
    }
    List<WindowSnapshot> closed = metrics.advanceTo(T0 + 11_000);
    assertThat(closed).hasSize(1);
    WindowSnapshot merged = rules.judge(CAND, Instant.ofEpochMilli(T0), requests, serverErrors, clientErrors, hist);
    assertThat(merged).isEqualTo(closed.get(0));
  }

  @Test
  void histogramOfTheWrongLengthIsRejected() {
    FleetSlo rules = FleetSlo.of(SloConfig.ofDefaults());
    assertThatThrownBy(() -> rules.judge(CAND, Instant.EPOCH, 1, 0, 0, new long[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected " + rules.histogramBins());
  }

  @Test
  void alarmIsTheRoutersAlarmAndRollbackIsTheRoutersTransition() {
    SloConfig slo = SloConfig.custom().breachingWindows(2).minRequestsPerWindow(1).build();
    FleetSlo rules = FleetSlo.of(slo);
    FleetSlo.Alarm alarm = rules.alarm();
    long[] slow = new long[rules.histogramBins()];
    slow[rules.binOf(Duration.ofMillis(400).toNanos())] = 10;
    WindowSnapshot w1 = rules.judge(CAND, Instant.ofEpochSecond(0), 10, 0, 0, slow);
    WindowSnapshot w2 = rules.judge(CAND, Instant.ofEpochSecond(60), 10, 0, 0, slow);
    assertThat(w1.verdict()).isEqualTo(WindowSnapshot.Verdict.BREACHING);
    assertThat(alarm.accept(w1)).isNull();
    assertThat(alarm.breachOpen()).isTrue();
    assertThat(alarm.accept(w2)).containsExactly(w1, w2);

    RoutingState s = new RoutingState(4, STABLE,
        List.of(new CandidateState(CAND, 2_000, CandidateState.Phase.FIXED, null, 0, 0, null)), Map.of(), Instant.EPOCH);
    RollbackRecord why = new RollbackRecord(w2.breaches(), List.of(w1, w2), "fleet", Instant.ofEpochSecond(121));
    RoutingState next = FleetSlo.rollback(s, CAND, why, Instant.ofEpochSecond(121)).orElseThrow();
    assertThat(next.revision()).isEqualTo(5);
    assertThat(next.weightOf(CAND)).isZero();
    assertThat(next.candidate(CAND).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    assertThat(FleetSlo.rollback(next, CAND, why, Instant.ofEpochSecond(122))).isEmpty(); // never twice
  }
}
