package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Deterministic simulations of canary deployments on a {@link ManualClock}. */
class RollbackSimulationTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final int RPM = 1200; // candidate at 10 % gets about 120 requests per minute

  final ManualClock clock = ManualClock.create(); // 2025-01-01T00:00:00Z, a window boundary
  final TestPredictor blue = new TestPredictor("1.0.0-1", clock, 5);
  final TestPredictor green = new TestPredictor("1.1.0-2", clock, 30);

  Router.Builder<String, String> builder(SloConfig slo) {
    return Router.<String, String>builder().clock(clock).slo(slo).version(blue).version(green).stable(BLUE);
  }

  static SloConfig.Builder slo() {
    return SloConfig.custom().minRequestsPerWindow(60);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 5})
  void latencyDegradationRollsBackAfterExactlyTheConfiguredNumberOfBreachingWindows(int windows) {
    Router<String, String> router = builder(slo().breachingWindows(windows).build()).candidate(GREEN, 1000).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    Instant degradeAt = clock.instant().plus(Duration.ofMinutes(10));
    sim.run(Duration.ofMinutes(10), RPM);
    assertThat(sim.events).isEmpty();
    assertThat(router.state().weightOf(GREEN)).isEqualTo(1000);

    green.latencyMillis(250);
    // One second before the last breaching window ends, the candidate still has its traffic.
    sim.run(Duration.ofMinutes(windows).minusSeconds(1), RPM);
    assertThat(sim.events(RouterEvent.Kind.ROLLED_BACK)).isEmpty();
    assertThat(router.state().weightOf(GREEN)).isEqualTo(1000);

    sim.run(Duration.ofSeconds(5), RPM);
    List<RouterEvent> rollbacks = sim.events(RouterEvent.Kind.ROLLED_BACK);
    assertThat(rollbacks).hasSize(1);
    RouterEvent e = rollbacks.get(0);
    Instant lastWindowEnd = degradeAt.plus(Duration.ofMinutes(windows));
    // Evaluated on the first tick after the window closed and the 1 s evaluation delay passed.
    assertThat(e.at()).isBetween(lastWindowEnd.plusSeconds(1), lastWindowEnd.plusSeconds(3));
    RollbackRecord why = e.rollback();
    assertThat(why).isNotNull();
    assertThat(why.rules()).containsExactly(SloRule.P95_LATENCY);
    assertThat(why.windows()).hasSize(windows);
    for (int i = 0; i < windows; i++) {
      WindowSnapshot w = why.windows().get(i);
      assertThat(w.start()).isEqualTo(degradeAt.plus(Duration.ofMinutes(i)));
      assertThat(w.verdict()).isEqualTo(WindowSnapshot.Verdict.BREACHING);
      assertThat(w.p95Micros()).isGreaterThan(150_000);
      assertThat(w.requests()).isGreaterThanOrEqualTo(60);
    }
    // The window before the degradation was healthy: the streak began exactly at degradeAt.
    List<WindowSnapshot> recent = router.controller().recentWindows(GREEN);
    assertThat(recent).filteredOn(w -> w.start().equals(degradeAt.minus(Duration.ofMinutes(1))))
        .singleElement().extracting(WindowSnapshot::verdict).isEqualTo(WindowSnapshot.Verdict.HEALTHY);

    // 100 % stable within the tick, recorded in the state with the reason.
    RoutingState s = router.state();
    assertThat(s.weightOf(GREEN)).isZero();
    assertThat(s.stableWeightBps()).isEqualTo(10_000);
    CandidateState c = s.candidate(GREEN).orElseThrow();
    assertThat(c.phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    assertThat(c.rollback()).isEqualTo(why);
    long greenCalls = green.calls();
    sim.run(Duration.ofMinutes(2), RPM);
    assertThat(green.calls()).isEqualTo(greenCalls);
  }

  @Test
  void errorRateDegradationRollsBackWithoutTheCallerSeeingErrors() {
    Router<String, String> router = builder(slo().build()).candidate(GREEN, 1000).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(3), RPM);
    Instant degradeAt = Instant.parse("2025-01-01T00:03:00Z");
    green.failEvery(40); // 2.5 % server errors, latency unchanged
    sim.run(Duration.ofMinutes(6), RPM);

    List<RouterEvent> rollbacks = sim.events(RouterEvent.Kind.ROLLED_BACK);
    assertThat(rollbacks).hasSize(1);
    RollbackRecord why = rollbacks.get(0).rollback();
    assertThat(why.rules()).containsExactly(SloRule.SERVER_ERROR_RATE);
    assertThat(why.windows()).hasSize(SloConfig.DEFAULT_BREACHING_WINDOWS);
    assertThat(why.windows().get(0).start()).isEqualTo(degradeAt);
    assertThat(why.windows()).allSatisfy(w -> assertThat(w.serverErrorRate()).isGreaterThan(0.005));
    assertThat(rollbacks.get(0).at()).isBetween(degradeAt.plus(Duration.ofMinutes(5)).plusSeconds(1),
        degradeAt.plus(Duration.ofMinutes(5)).plusSeconds(3));
    // Every failure was answered by stable and counted as the candidate's server error.
    assertThat(green.failures()).isPositive();
    assertThat(sim.fellBack).isEqualTo(green.failures());
    long windowErrors = why.windows().stream().mapToLong(WindowSnapshot::serverErrors).sum();
    assertThat(windowErrors).isPositive().isLessThanOrEqualTo(green.failures());
  }

  @Test
  void healthyCandidateIsPromotedThroughTheStepPlan() {
    RolloutPlan plan = RolloutPlan.custom()
        .step(1000, Duration.ofMinutes(15))
        .step(5000, Duration.ofMinutes(15))
        .build();
    Router<String, String> router = builder(slo().build()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    Instant start = clock.instant();

    sim.run(Duration.ofMinutes(15).minusSeconds(1), RPM);
    assertThat(router.state().weightOf(GREEN)).isEqualTo(1000);
    sim.run(Duration.ofSeconds(3), RPM);
    assertThat(router.state().weightOf(GREEN)).isEqualTo(5000);
    sim.run(Duration.ofMinutes(15), RPM);
    sim.run(Duration.ofMinutes(2), RPM);

    List<RouterEvent> steps = sim.events(RouterEvent.Kind.STEP_ADVANCED);
    List<RouterEvent> promoted = sim.events(RouterEvent.Kind.PROMOTED);
    assertThat(steps).hasSize(1);
    assertThat(promoted).hasSize(1);
    assertThat(steps.get(0).at()).isBetween(start.plus(Duration.ofMinutes(15)), start.plus(Duration.ofMinutes(15)).plusSeconds(2));
    assertThat(promoted.get(0).at()).isBetween(steps.get(0).at().plus(Duration.ofMinutes(15)),
        steps.get(0).at().plus(Duration.ofMinutes(15)).plusSeconds(2));
    assertThat(sim.events(RouterEvent.Kind.ROLLED_BACK)).isEmpty();
    RoutingState s = router.state();
    assertThat(s.stable()).isEqualTo(GREEN);
    assertThat(s.candidates()).isEmpty();
    assertThat(s.weights()).containsExactly(org.assertj.core.api.Assertions.entry(GREEN, 10_000));
    long blueCalls = blue.calls();
    sim.run(Duration.ofMinutes(1), RPM);
    assertThat(blue.calls()).isEqualTo(blueCalls);
  }

  @Test
  void stepPlanDoesNotAdvanceWhileABreachStreakIsOpen() {
    RolloutPlan plan = RolloutPlan.custom().step(1000, Duration.ofMinutes(5)).step(5000, Duration.ofMinutes(5)).build();
    Router<String, String> router = builder(slo().breachingWindows(10).build()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(3), RPM);
    green.latencyMillis(250);
    sim.run(Duration.ofMinutes(4), RPM); // hold time has passed, but windows breach
    assertThat(router.state().weightOf(GREEN)).isEqualTo(1000);
    assertThat(sim.events(RouterEvent.Kind.STEP_ADVANCED)).isEmpty();
    green.latencyMillis(30);
    sim.run(Duration.ofMinutes(3).plusSeconds(5), RPM); // two healthy windows clear the streak
    assertThat(sim.events(RouterEvent.Kind.STEP_ADVANCED)).hasSize(1);
    assertThat(router.state().weightOf(GREEN)).isEqualTo(5000);
  }

  @Test
  void candidateWithTooLittleTrafficIsNeverRolledBackForLackOfData() {
    green.latencyMillis(2000).failEvery(1); // every candidate request fails slowly
    RolloutPlan plan = RolloutPlan.custom().step(1000, Duration.ofMinutes(5)).build();
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(30), 200); // about 20 candidate requests per window, minimum is 100
    sim.run(Duration.ofSeconds(2), 200); // let the last window close

    assertThat(green.calls()).isPositive();
    assertThat(sim.events).isEmpty();
    assertThat(router.state().weightOf(GREEN)).isEqualTo(1000);
    List<WindowSnapshot> windows = router.controller().recentWindows(GREEN);
    assertThat(windows).hasSize(30);
    assertThat(windows).allSatisfy(w -> {
      assertThat(w.verdict()).isEqualTo(WindowSnapshot.Verdict.INCONCLUSIVE);
      assertThat(w.requests()).isBetween(1L, 99L);
      assertThat(w.serverErrors()).isEqualTo(w.requests());
    });
  }

  @Test
  void flappingMetricsWithStrictConsecutiveWindowsNeverRollBack() {
    Router<String, String> router = builder(slo().recoveryWindowsToReset(1).build()).candidate(GREEN, 1000).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    flap(sim, 30);
    assertThat(sim.events).isEmpty();
    assertThat(router.state().weightOf(GREEN)).isEqualTo(1000);
    List<WindowSnapshot> windows = router.controller().recentWindows(GREEN);
    assertThat(windows).filteredOn(w -> w.verdict() == WindowSnapshot.Verdict.BREACHING).hasSizeGreaterThanOrEqualTo(14);
    assertThat(windows).filteredOn(w -> w.verdict() == WindowSnapshot.Verdict.HEALTHY).hasSizeGreaterThanOrEqualTo(14);
  }

  @Test
  void flappingMetricsWithHysteresisRollBackOnceAndNeverAgain() {
    Router<String, String> router = builder(slo().build()).candidate(GREEN, 1000).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    flap(sim, 60);
    // B H B H B H B H B: one healthy window never clears the streak (default hysteresis of 2).
    List<RouterEvent> rollbacks = sim.events(RouterEvent.Kind.ROLLED_BACK);
    assertThat(rollbacks).hasSize(1);
    assertThat(rollbacks.get(0).rollback().windows()).hasSize(5);
    assertThat(sim.events).hasSize(1);
    assertThat(router.state().weightOf(GREEN)).isZero();
    assertThat(router.state().candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
  }

  /** Alternates one degraded minute and one healthy minute, switching exactly at window boundaries. */
  private void flap(Simulation sim, int minutes) {
    for (int m = 0; m < minutes; m++) {
      green.latencyMillis(m % 2 == 0 ? 250 : 30);
      sim.run(Duration.ofMinutes(1), RPM);
    }
  }
}
