package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Fleet mode through the full router: three instances share one in-memory store and one evidence
 * exchange, requests with random-looking user keys are spread over them, and every instance ticks each
 * simulated second.
 */
class FleetJudgeTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final int RPS = 20; // fleet-wide

  final ManualClock clock = ManualClock.create();
  final TestPredictor blue = new TestPredictor("1.0.0-1", clock, 5);
  final TestPredictor green = new TestPredictor("1.1.0-2", clock, 5);
  final RoutingStateStore store = RoutingStateStore.inMemory();
  final List<RouterEvent> events = new CopyOnWriteArrayList<>();

  Router<String, String> instance(String name, EvidenceExchange exchange) {
    Router.Builder<String, String> b = Router.<String, String>builder().clock(clock).store(store).version(blue)
        .version(green).stable(BLUE).candidate(GREEN, 1000).listener(new RouterListener() {
          @Override
          public void onEvent(RouterEvent e) {
            events.add(e);
          }
        });
    return (exchange == null ? b : b.fleet(name, exchange)).build();
  }

  /** Runs {@code seconds} seconds: RPS requests spread over the instances, then every instance ticks. */
  long run(List<Router<String, String>> fleet, long first, int seconds) {
    long request = first;
    for (int s = 0; s < seconds; s++) {
      long start = clock.millis();
      for (int i = 0; i < RPS; i++) {
        long k = request++;
        fleet.get((int) (k % fleet.size())).route("user-" + (k * 2_654_435_761L % 100_000), "hi");
      }
      clock.advanceMillis(1000 - (clock.millis() - start));
      fleet.forEach(r -> r.controller().tick());
    }
    return request;
  }

  @Test
  void threeInstancesJudgeTheFleetsEvidenceAndRollBackExactlyOnce() {
    EvidenceExchange exchange = EvidenceExchange.inMemory();
    List<Router<String, String>> fleet = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fleet.add(instance("router-" + i, exchange));
    }
    long next = run(fleet, 0, 600); // ten healthy minutes
    assertThat(events).isEmpty();
    assertThat(fleet).allSatisfy(r -> assertThat(r.controller().lastDecision(GREEN).verdict()).isEqualTo(Verdict.HEALTHY));
    Instant degradeAt = clock.instant();
    green.failEvery(20);
    run(fleet, next, 600);

    List<RouterEvent> rollbacks = events.stream().filter(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK).toList();
    assertThat(rollbacks).hasSize(1); // exactly one fleet-wide: the others' compare-and-set found nothing to do
    assertThat(rollbacks.get(0).at()).isBetween(degradeAt, degradeAt.plus(Duration.ofMinutes(10)));
    assertThat(fleet).allSatisfy(r -> {
      assertThat(r.state().weightOf(GREEN)).isZero();
      assertThat(r.state().candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    });
    // The decision counted the fleet's candidate requests, not one instance's third.
    Decision d = rollbacks.get(0).decision();
    long local = green.calls() / 3;
    assertThat(d.candidateRequests()).isGreaterThan(2 * local);
  }

  @Test
  void withoutTheExchangeEachInstanceJudgesOnlyItsOwnShare() {
    List<Router<String, String>> fleet = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fleet.add(instance("router-" + i, null));
    }
    run(fleet, 0, 300);
    long fleetCandidateRequests = green.calls();
    assertThat(fleet).allSatisfy(r ->
        assertThat(r.controller().lastDecision(GREEN).candidateRequests()).isLessThan(fleetCandidateRequests * 2 / 3));
  }
}
