package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.router.CandidateState;
import io.intentops.router.RolloutPlan;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.RoutingState;
import io.intentops.router.SloConfig;
import io.intentops.router.WindowSnapshot;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet evaluation in one JVM (three instances with separate pools, one shared {@link ManualClock}):
 * hysteresis as in the router, plan steps advanced on fleet windows, and leader takeover when the
 * leader's database session dies.
 */
class FleetEvaluatorTest {
  static final ModelVersion S = FleetWorker.STABLE;
  static final ModelVersion C = FleetWorker.CANDIDATE;
  static final int N = 3;

  String url;
  ManualClock clock;
  final List<HikariDataSource> pools = new ArrayList<>();
  final List<PostgresFleet> fleets = new ArrayList<>();
  final List<Router<String, String>> routers = new ArrayList<>();
  final List<RouterEvent> fleetEvents = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    url = Pg.freshDatabase("fleet_eval");
    clock = ManualClock.startingAt(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @AfterEach
  void tearDown() {
    routers.forEach(Router::close);
    fleets.forEach(PostgresFleet::close);
    pools.forEach(HikariDataSource::close);
    if (url != null) {
      Pg.drop(url);
    }
  }

  void start(SloConfig slo, Object candidate) {
    for (int i = 0; i < N; i++) {
      HikariDataSource ds = Pg.pool(url, "eval-" + i, 3);
      pools.add(ds);
      PostgresFleet f = PostgresFleet.builder().dataSource(ds).deployment("eval").instanceId("i" + i).slo(slo)
          .clock(clock).evaluationGrace(Duration.ZERO).retainedWindows(16)
          .listener(new RouterListener() {
            @Override
            public void onEvent(RouterEvent event) {
              fleetEvents.add(event);
            }
          }).build();
      fleets.add(f);
      Router.Builder<String, String> b = Router.<String, String>builder()
          .version(new FleetWorker.Model(S, false)).version(new FleetWorker.Model(C, true)).stable(S)
          .slo(slo).clock(clock).store(f.store()).listener(f.recorder());
      if (candidate instanceof RolloutPlan plan) {
        b.candidate(C, plan);
      } else {
        b.candidate(C, (Integer) candidate);
      }
      routers.add(b.build());
    }
  }

  /** One window: every instance sends {@code perInstance} requests, the first {@code errors} of them failing inputs. */
  int window(int perInstance, int errors) {
    int toCandidate = 0;
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < perInstance; k++) {
        Routed<String> r = routers.get(i).route("user-" + i + "-" + k, (k < errors ? "fail-" : "ok-") + k);
        if (r.chosen().equals(C)) {
          toCandidate++;
        }
      }
    }
    clock.advance(Duration.ofSeconds(10));
    fleets.forEach(PostgresFleet::publish);
    return toCandidate;
  }

  FleetEvaluation evaluateAll() {
    FleetEvaluation leader = null;
    for (PostgresFleet f : fleets) {
      FleetEvaluation e = f.evaluate();
      if (e.leader()) {
        assertThat(leader).as("two leaders").isNull();
        leader = e;
      }
    }
    assertThat(leader).as("no leader").isNotNull();
    return leader;
  }

  RoutingState stored() {
    return fleets.get(0).store().load().orElseThrow();
  }

  @Test
  void hysteresisIsTheRoutersBreachHealthyHealthyForgetsTheStreak() {
    start(FleetWorker.slo(), 10_000); // 2 breaching windows fire; 2 healthy windows reset
    window(40, 4);
    assertThat(evaluateAll().judged()).extracting(WindowSnapshot::verdict).containsExactly(WindowSnapshot.Verdict.BREACHING);
    window(40, 0);
    window(40, 0);
    assertThat(evaluateAll().judged()).extracting(WindowSnapshot::verdict)
        .containsExactly(WindowSnapshot.Verdict.HEALTHY, WindowSnapshot.Verdict.HEALTHY);
    window(40, 4);
    FleetEvaluation e = evaluateAll();
    assertThat(e.rolledBack()).as("the first breach was forgotten").isEmpty();
    window(10, 1); // 30 requests in the fleet: inconclusive, neither breach nor recovery
    window(40, 4);
    e = evaluateAll();
    assertThat(e.judged()).extracting(WindowSnapshot::verdict)
        .containsExactly(WindowSnapshot.Verdict.INCONCLUSIVE, WindowSnapshot.Verdict.BREACHING);
    assertThat(e.rolledBack()).containsExactly(C);
    assertThat(stored().candidate(C).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    assertThat(fleetEvents).extracting(RouterEvent::kind).containsExactly(RouterEvent.Kind.ROLLED_BACK);
    assertThat(fleetEvents.get(0).rollback().detail()).contains("Fleet SLO alarm").contains("n=120");
    // Local routers never judged a conclusive window: each saw 40 requests per window.
    routers.forEach(r -> r.controller().tick());
    assertThat(routers.get(0).controller().recentWindows(C)).extracting(WindowSnapshot::verdict)
        .containsOnly(WindowSnapshot.Verdict.INCONCLUSIVE);
  }

  @Test
  void theLeaderAdvancesPlanStepsOnFleetWindowsUpToPromotion() {
    SloConfig slo = SloConfig.custom().windowLength(Duration.ofSeconds(10)).evaluationDelay(Duration.ZERO)
        .minRequestsPerWindow(60).maxServerErrorRate(0.05).breachingWindows(2).build();
    RolloutPlan plan = RolloutPlan.custom().step(1_000, Duration.ofSeconds(10)).step(5_000, Duration.ofSeconds(10))
        .minHealthyWindowsPerStep(1).build();
    start(slo, plan);
    int toCandidate = window(300, 0);
    assertThat(toCandidate).as("fleet traffic on the 10 % step").isBetween(60, 140);
    FleetEvaluation e = evaluateAll();
    assertThat(e.judged()).extracting(WindowSnapshot::verdict).containsExactly(WindowSnapshot.Verdict.HEALTHY);
    assertThat(e.advanced()).containsExactly(C);
    assertThat(stored().candidate(C).orElseThrow().weightBps()).isEqualTo(5_000);

    routers.forEach(r -> r.controller().tick()); // routers pick up the 50 % step
    assertThat(window(60, 0)).as("fleet traffic on the 50 % step").isBetween(60, 120);
    e = evaluateAll();
    assertThat(e.judged()).extracting(WindowSnapshot::verdict).containsExactly(WindowSnapshot.Verdict.HEALTHY);
    assertThat(e.advanced()).containsExactly(C);
    RoutingState promoted = stored();
    assertThat(promoted.stable()).isEqualTo(C);
    assertThat(promoted.candidates()).isEmpty();
    assertThat(fleetEvents).extracting(RouterEvent::kind)
        .containsExactly(RouterEvent.Kind.STEP_ADVANCED, RouterEvent.Kind.PROMOTED);
  }

  @Test
  void whenTheLeadersSessionDiesAnotherInstanceTakesOver() throws Exception {
    start(FleetWorker.slo(), 10_000);
    assertThat(fleets.get(0).evaluate().leader()).isTrue();
    assertThat(fleets.get(1).evaluate().leader()).isFalse();
    window(40, 4);
    assertThat(fleets.get(0).evaluate().judged()).hasSize(1);

    try (Connection c = Pg.admin(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'intentops-leader:i0'");
    }
    long cut = System.nanoTime();
    FleetEvaluation e = fleets.get(1).evaluate();
    while (!e.leader() && System.nanoTime() - cut < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(5);
      e = fleets.get(1).evaluate();
    }
    long takeoverMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - cut);
    assertThat(e.leader()).isTrue();
    assertThat(fleets.get(0).evaluate().leader()).as("the old leader notices it lost the lock").isFalse();
    assertThat(fleets.get(0).isLeader()).isFalse();
    // The new leader rebuilt the alarm from the table: the next breach fires.
    window(40, 4);
    assertThat(fleets.get(1).evaluate().rolledBack()).containsExactly(C);
    System.out.printf("leader takeover after its session was terminated: %.1f ms (first evaluate() of a follower"
        + " after pg_terminate_backend returned leader=true)%n", takeoverMicros / 1000.0);
  }
}
