package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.RuleVerdict;
import io.intentops.router.judge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deterministic simulations of canary deployments through the full router on a {@link ManualClock}, with the default judge. */
class RollbackSimulationTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final int RPM = 1200; // candidate at 10 % gets about 120 requests per minute

  final ManualClock clock = ManualClock.create(); // 2025-01-01T00:00:00Z, a window boundary
  final TestPredictor blue = new TestPredictor("1.0.0-1", clock, 5);
  final TestPredictor green = new TestPredictor("1.1.0-2", clock, 5); // as fast as stable

  Router.Builder<String, String> builder(SloConfig slo) {
    return Router.<String, String>builder().clock(clock).slo(slo).version(blue).version(green).stable(BLUE);
  }

  @Test
  void latencyDegradationIsRolledBackWithinThreeMinutesWithTheVerdict() {
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, 1000).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(10), RPM);
    assertThat(sim.events).isEmpty();
    assertThat(router.state().weightOf(GREEN)).isEqualTo(1000);
    assertThat(router.controller().lastDecision(GREEN).verdict()).isEqualTo(Verdict.HEALTHY);

    Instant degradeAt = clock.instant();
    green.latencyMillis(250);
    sim.run(Duration.ofMinutes(3), RPM);
    List<RouterEvent> rollbacks = sim.events(RouterEvent.Kind.ROLLED_BACK);
    assertThat(rollbacks).hasSize(1);
    RouterEvent e = rollbacks.get(0);
    assertThat(e.at()).isAfter(degradeAt).isBefore(degradeAt.plus(Duration.ofMinutes(3)));
    RollbackRecord why = e.rollback();
    assertThat(why.rules()).containsAnyOf(SloRule.P95_LATENCY, SloRule.SLOWER_THAN_STABLE);
    Decision d = e.decision();
    assertThat(d).isNotNull();
    assertThat(d.verdict()).isEqualTo(Verdict.BREACHING);
    RuleVerdict rule = d.breaching().orElseThrow();
    assertThat(rule.statistic()).isGreaterThanOrEqualTo(rule.threshold());
    assertThat(rule.requests()).isGreaterThanOrEqualTo(JudgeConfig.DEFAULT_MIN_REQUESTS);
    assertThat(why.detail()).contains(rule.rule().name()).contains("BREACHING");
    // The log readable through the API ends with the breaching decision; earlier entries were HEALTHY.
    List<Decision> log = router.controller().decisions(GREEN);
    assertThat(log.get(log.size() - 1)).isEqualTo(d);
    assertThat(log).extracting(Decision::verdict).contains(Verdict.HEALTHY);

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
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, 1000).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(3), RPM);
    Instant degradeAt = clock.instant();
    green.failEvery(20); // 5 % server errors, latency unchanged
    sim.run(Duration.ofMinutes(10), RPM);

    List<RouterEvent> rollbacks = sim.events(RouterEvent.Kind.ROLLED_BACK);
    assertThat(rollbacks).hasSize(1);
    RollbackRecord why = rollbacks.get(0).rollback();
    assertThat(why.rules()).contains(SloRule.SERVER_ERROR_RATE).doesNotContain(SloRule.P95_LATENCY);
    assertThat(rollbacks.get(0).at()).isBetween(degradeAt, degradeAt.plus(Duration.ofMinutes(10)));
    // Every failure was answered by stable and counted as the candidate's server error.
    assertThat(green.failures()).isPositive();
    assertThat(sim.fellBack).isEqualTo(green.failures());
    RuleVerdict rule = rollbacks.get(0).decision().breaching().orElseThrow();
    assertThat(rule.failures()).isPositive().isLessThanOrEqualTo(green.failures());
  }

  @Test
  void healthyCandidateIsPromotedThroughTheStepPlan() {
    RolloutPlan plan = RolloutPlan.custom()
        .step(1000, Duration.ofMinutes(15))
        .step(5000, Duration.ofMinutes(15))
        .build();
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, plan).build();
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
  void thinTrafficNeverRollsBackAndNeverPromotes() {
    green.latencyMillis(2000).failEvery(1); // every candidate request fails slowly
    RolloutPlan plan = RolloutPlan.custom().step(100, Duration.ofMinutes(5)).step(5000, Duration.ofMinutes(5)).build();
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(15), 60); // 1 % of one request a second: a handful of candidate requests
    long calls = green.calls();
    assertThat(calls).isPositive().isLessThan(JudgeConfig.DEFAULT_MIN_REQUESTS);
    assertThat(sim.events).isEmpty(); // no rollback without evidence, no step advance either
    assertThat(router.state().weightOf(GREEN)).isEqualTo(100);
    assertThat(router.controller().decisions(GREEN)).isNotEmpty()
        .allSatisfy(d -> assertThat(d.verdict()).isEqualTo(Verdict.INCONCLUSIVE));
  }

  @Test
  void thinHealthyTrafficDoesNotAdvanceAStepPlan() {
    RolloutPlan plan = RolloutPlan.custom().step(100, Duration.ofMinutes(1)).step(5000, Duration.ofMinutes(5)).build();
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(20), 120); // about 24 healthy candidate requests in 20 minutes
    assertThat(sim.events).isEmpty();
    assertThat(router.state().weightOf(GREEN)).isEqualTo(100);
    assertThat(router.controller().lastDecision(GREEN).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void theSameFailuresWithEnoughTrafficAreEvidence() {
    green.latencyMillis(2000).failEvery(1);
    RolloutPlan plan = RolloutPlan.custom().step(1000, Duration.ofMinutes(5)).build();
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(5), 200); // about 20 candidate requests a minute, all failing
    assertThat(sim.events(RouterEvent.Kind.ROLLED_BACK)).hasSize(1);
    assertThat(sim.events(RouterEvent.Kind.ROLLED_BACK).get(0).decision().breaching().orElseThrow().requests())
        .isGreaterThanOrEqualTo(JudgeConfig.DEFAULT_MIN_REQUESTS);
  }

  @Test
  void flappingLatencyRollsBackOnceAndNeverAgain() {
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, 1000).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    flap(sim, 30);
    assertThat(sim.events(RouterEvent.Kind.ROLLED_BACK)).hasSize(1);
    assertThat(sim.events).hasSize(1);
    assertThat(router.state().weightOf(GREEN)).isZero();
    assertThat(router.state().candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
  }

  @Test
  void aVersionThatBreachesDuringItsBakePeriodRevertsToThePreviousStable() {
    RolloutPlan plan = RolloutPlan.custom().step(1000, Duration.ofMinutes(10)).build();
    Router<String, String> router = builder(SloConfig.ofDefaults()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(10).plusSeconds(3), RPM);
    assertThat(sim.events(RouterEvent.Kind.PROMOTED)).hasSize(1);
    assertThat(router.state().stable()).isEqualTo(GREEN);
    long blueCalls = blue.calls();
    sim.run(Duration.ofMinutes(5), RPM);
    assertThat(blue.calls()).isEqualTo(blueCalls); // N-1 registered, no traffic

    Instant degradeAt = clock.instant();
    green.latencyMillis(250); // every request 250 ms, within the 30 min bake period
    sim.run(Duration.ofMinutes(5), RPM);
    List<RouterEvent> reverts = sim.events(RouterEvent.Kind.REVERTED);
    assertThat(reverts).hasSize(1);
    RouterEvent e = reverts.get(0);
    assertThat(e.at()).isAfter(degradeAt);
    assertThat(e.version()).isEqualTo(GREEN);
    assertThat(e.decision()).isNotNull();
    assertThat(e.decision().verdict()).isEqualTo(Verdict.BREACHING);
    assertThat(e.rollback().detail()).contains("Bake period").contains("back to " + BLUE);
    RoutingState s = router.state();
    assertThat(s.stable()).isEqualTo(BLUE);
    assertThat(s.weights()).containsEntry(BLUE, 10_000).containsEntry(GREEN, 0);
    assertThat(s.candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.REVERTED);
    assertThat(blue.calls()).isGreaterThan(blueCalls);
    // The version reverted to is not baked (or reverted) again.
    sim.run(Duration.ofMinutes(40), RPM);
    assertThat(sim.events(RouterEvent.Kind.REVERTED)).hasSize(1);
    assertThat(router.state().stable()).isEqualTo(BLUE);
  }

  @Test
  void afterTheBakePeriodAPromotionIsFinal() {
    RolloutPlan plan = RolloutPlan.custom().step(1000, Duration.ofMinutes(10)).build();
    Router<String, String> router = builder(SloConfig.ofDefaults())
        .config(RouterConfig.custom().bakePeriod(Duration.ofMinutes(5)).build()).candidate(GREEN, plan).build();
    Simulation sim = new Simulation(clock, router, 10_000);
    sim.run(Duration.ofMinutes(16), RPM);
    assertThat(router.state().stable()).isEqualTo(GREEN);
    green.latencyMillis(250);
    sim.run(Duration.ofMinutes(10), RPM);
    assertThat(sim.events(RouterEvent.Kind.REVERTED)).isEmpty();
    assertThat(router.state().stable()).isEqualTo(GREEN);
  }

  /** Alternates one degraded minute and one healthy minute, switching exactly at window boundaries. */
  private void flap(Simulation sim, int minutes) {
    for (int m = 0; m < minutes; m++) {
      green.latencyMillis(m % 2 == 0 ? 250 : 5);
      sim.run(Duration.ofMinutes(1), RPM);
    }
  }
}
