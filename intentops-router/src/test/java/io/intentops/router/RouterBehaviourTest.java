package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterBehaviourTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final ModelVersion RED = ModelVersion.parse("2.0.0-3");

  final ManualClock clock = ManualClock.create();
  final TestPredictor blue = new TestPredictor("1.0.0-1", clock, 5);
  final TestPredictor green = new TestPredictor("1.1.0-2", clock, 5);
  final TestPredictor red = new TestPredictor("2.0.0-3", clock, 5);

  Router.Builder<String, String> builder() {
    return Router.<String, String>builder().clock(clock).version(blue).version(green).version(red).stable(BLUE)
        .slo(SloConfig.custom().minRequestsPerWindow(1).build());
  }

  @Test
  void allTrafficGoesToStableWithoutCandidates() {
    Router<String, String> r = builder().build();
    for (int i = 0; i < 200; i++) {
      assertThat(r.predict("user-" + i, "hi")).isEqualTo("1.0.0-1:hi");
    }
    assertThat(green.calls()).isZero();
    assertThat(r.state().weights()).containsExactly(org.assertj.core.api.Assertions.entry(BLUE, 10_000));
  }

  @Test
  void aFailingCandidateFallsBackToStableAndCountsAServerError() {
    green.failEvery(1);
    Router<String, String> r = builder().candidate(GREEN, 10_000).build();
    Routed<String> routed = r.route("u", "hi");
    assertThat(routed.output()).isEqualTo("1.0.0-1:hi");
    assertThat(routed.answeredBy()).isEqualTo(BLUE);
    assertThat(routed.chosen()).isEqualTo(GREEN);
    assertThat(routed.fellBack()).isTrue();
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    WindowSnapshot w = r.controller().recentWindows(GREEN).get(0);
    assertThat(w.serverErrors()).isEqualTo(1);
    assertThat(w.requests()).isEqualTo(1);
    assertThat(r.controller().recentWindows(BLUE).get(0).requests()).isEqualTo(1);
  }

  @Test
  void withoutFallbackTheCandidateErrorReachesTheCaller() {
    green.failEvery(1);
    Router<String, String> r = builder().candidate(GREEN, 10_000)
        .config(RouterConfig.custom().fallbackToStable(false).build()).build();
    assertThatThrownBy(() -> r.route("u", "hi")).isInstanceOf(InferenceException.class).hasMessageContaining("1.1.0-2");
    assertThat(blue.calls()).isZero();
  }

  @Test
  void invalidInputIsRethrownWithoutFallbackAndWithoutSloEffect() {
    Router<String, String> r = builder().candidate(GREEN, 10_000).build();
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> r.route("u", " ")).isInstanceOf(InvalidInputException.class);
    }
    assertThat(blue.calls()).isZero();
    r.route("u", "ok");
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    WindowSnapshot w = r.controller().recentWindows(GREEN).get(0);
    assertThat(w.clientErrors()).isEqualTo(50);
    assertThat(w.requests()).isEqualTo(1);
    assertThat(w.serverErrors()).isZero();
    assertThat(w.verdict()).isEqualTo(WindowSnapshot.Verdict.HEALTHY);
  }

  @Test
  void aSlowCandidateTimesOutAndStableAnswers() {
    green.latencyMillis(300);
    Router<String, String> r = builder().candidate(GREEN, 10_000)
        .config(RouterConfig.custom().fallbackTimeout(Duration.ofMillis(200)).build()).build();
    Routed<String> routed = r.route("u", "hi");
    assertThat(routed.fellBack()).isTrue();
    assertThat(routed.answeredBy()).isEqualTo(BLUE);
    green.latencyMillis(100);
    assertThat(r.route("u", "hi").fellBack()).isFalse();
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    assertThat(r.controller().recentWindows(GREEN).get(0).serverErrors()).isEqualTo(1);
  }

  @Test
  void aFailingStableVersionPropagatesAndIsCountedAgainstIt() {
    blue.failEvery(1);
    Router<String, String> r = builder().build();
    assertThatThrownBy(() -> r.predict("u", "hi")).isInstanceOf(InferenceException.class);
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    assertThat(r.controller().recentWindows(BLUE).get(0).serverErrors()).isEqualTo(1);
  }

  @Test
  void overridesForceAVersionBySegmentOrKey() {
    Router<String, String> r = builder().candidate(GREEN, 0).override("tenant-qa", RED).build();
    assertThat(r.route("anyone", "tenant-qa", "x").answeredBy()).isEqualTo(RED);
    assertThat(r.route("someone", "tenant-other", "x").answeredBy()).isEqualTo(BLUE);
    r.rollout().override("test-user-7", GREEN);
    assertThat(r.route("test-user-7", "x").answeredBy()).isEqualTo(GREEN);
    assertThat(r.select("test-user-7", null)).isEqualTo(GREEN);
    r.rollout().override("test-user-7", null);
    assertThat(r.select("test-user-7", null)).isEqualTo(BLUE);
    assertThatThrownBy(() -> r.rollout().override("x", ModelVersion.parse("9.9.9-9")))
        .isInstanceOf(RolloutStateException.class).hasMessageContaining("9.9.9-9");
  }

  @Test
  void requestsWithoutAKeyGetRandomBucketsFromTheSeededGenerator() {
    Router<String, String> r1 = builder().candidate(GREEN, 3000).build();
    Router<String, String> r2 = builder().candidate(GREEN, 3000).build();
    List<ModelVersion> a = new ArrayList<>();
    List<ModelVersion> b = new ArrayList<>();
    int green = 0;
    for (int i = 0; i < 10_000; i++) {
      a.add(r1.select(null, null));
      b.add(r2.select(null, null));
      if (a.get(i).equals(GREEN)) {
        green++;
      }
    }
    assertThat(a).isEqualTo(b); // same seed, same sequence
    assertThat(green).isBetween(3000 - 5 * 46, 3000 + 5 * 46); // binomial(10000, 0.3): sigma ~ 46
  }

  @Test
  void twoCandidatesSplitTheBucketsInStateOrder() {
    Router<String, String> r = builder().candidate(GREEN, 2000).candidate(RED, 3000).build();
    Set<ModelVersion> seen = new HashSet<>();
    int[] counts = new int[3];
    for (int i = 0; i < 20_000; i++) {
      ModelVersion v = r.select("k" + i, null);
      seen.add(v);
      counts[v.equals(BLUE) ? 0 : v.equals(GREEN) ? 1 : 2]++;
    }
    assertThat(seen).containsExactlyInAnyOrder(BLUE, GREEN, RED);
    assertThat(counts[1]).isBetween(4000 - 300, 4000 + 300);
    assertThat(counts[2]).isBetween(6000 - 350, 6000 + 350);
    assertThat(r.state().stableWeightBps()).isEqualTo(5000);
  }

  @Test
  void listenersThatThrowNeverBreakRoutingOrRollback() {
    green.failEvery(1);
    List<RouterEvent> seen = new ArrayList<>();
    Router<String, String> r = builder()
        .slo(SloConfig.custom().minRequestsPerWindow(1).breachingWindows(1).build())
        .judge(TestJudges.hairTrigger())
        .candidate(GREEN, 10_000)
        .listener(new RouterListener() {
          @Override
          public void onRequest(ModelVersion version, RequestOutcome outcome, long latencyNanos) {
            throw new IllegalStateException("broken metrics");
          }

          @Override
          public void onFallback(ModelVersion from, ModelVersion to) {
            throw new IllegalStateException("broken fallback hook");
          }

          @Override
          public void onEvent(RouterEvent event) {
            throw new IllegalStateException("broken audit");
          }
        })
        .listener(new RouterListener() {
          @Override
          public void onEvent(RouterEvent event) {
            seen.add(event);
          }
        })
        .build();
    for (int i = 0; i < 10; i++) { // ten failures: evidence enough for the judge
      assertThat(r.route("u", "hi").output()).isEqualTo("1.0.0-1:hi");
    }
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    assertThat(seen).extracting(RouterEvent::kind).containsExactly(RouterEvent.Kind.ROLLED_BACK);
    assertThat(r.state().weightOf(GREEN)).isZero();
    // Per request: green's onRequest, onFallback, blue's onRequest; then the rollback event.
    assertThat(((io.intentops.router.internal.DefaultRouter<?, ?>) r).listenerFailures()).isEqualTo(31);
  }

  @Test
  void operatorActionsFollowTheCandidateLifecycle() {
    Router<String, String> r = builder().candidate(GREEN, 1000).build();
    RolloutControl c = r.rollout();
    assertThat(c.pause(GREEN).candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.PAUSED);
    assertThat(c.resume(GREEN).candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.FIXED);
    RoutingState aborted = c.abort(GREEN, "bad labels");
    assertThat(aborted.weightOf(GREEN)).isZero();
    assertThat(aborted.candidate(GREEN).orElseThrow().rollback().rules()).containsExactly(SloRule.MANUAL_ABORT);
    assertThatThrownBy(() -> c.promote(GREEN)).isInstanceOf(RolloutStateException.class).hasMessageContaining("ABORTED");
    assertThatThrownBy(() -> c.setWeight(GREEN, 500)).isInstanceOf(RolloutStateException.class);
    assertThatThrownBy(() -> c.setWeight(BLUE, 500)).isInstanceOf(RolloutStateException.class).hasMessageContaining("stable");
    RolloutPlan plan = RolloutPlan.custom().step(500, Duration.ofMinutes(1)).build();
    assertThat(c.startRollout(GREEN, plan).weightOf(GREEN)).isEqualTo(500);
    assertThatThrownBy(() -> c.startRollout(GREEN, plan)).isInstanceOf(RolloutStateException.class)
        .hasMessageContaining("already");
    assertThatThrownBy(() -> c.setWeight(RED, 9600)).isInstanceOf(RolloutStateException.class)
        .hasMessageContaining("9500");
    // Blue/green switch: promotion moves all remaining traffic to the new stable version.
    RoutingState promoted = c.promote(GREEN);
    assertThat(promoted.stable()).isEqualTo(GREEN);
    assertThat(promoted.weights()).containsExactly(org.assertj.core.api.Assertions.entry(GREEN, 10_000));
    assertThat(r.predict("u", "x")).isEqualTo("1.1.0-2:x");
    assertThatThrownBy(() -> c.pause(BLUE)).isInstanceOf(RolloutStateException.class)
        .hasMessageContaining("not a candidate");
  }

  @Test
  void builderRejectsBadConfigurationNamingTheField() {
    assertThatThrownBy(() -> Router.<String, String>builder().version(blue).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("stable");
    assertThatThrownBy(() -> Router.<String, String>builder().version(blue).stable(GREEN).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("1.1.0-2");
    assertThatThrownBy(() -> builder().candidate(GREEN, 6000).candidate(RED, 5000).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("11000");
    assertThatThrownBy(() -> builder().candidate(GREEN, -1).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> SloConfig.custom().maxServerErrorRate(1.5).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxServerErrorRate");
    assertThatThrownBy(() -> SloConfig.custom().windowLength(Duration.ofMillis(1500)).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("windowLength");
    assertThatThrownBy(() -> SloConfig.custom().minRequestsPerWindow(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("minRequestsPerWindow");
    assertThatThrownBy(() -> RolloutPlan.custom().step(5000, Duration.ZERO).step(1000, Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("increase");
    assertThatThrownBy(() -> RouterConfig.custom().fallbackTimeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("fallbackTimeout");
    assertThat(SloConfig.ofDefaults().latencyBoundaries()).contains(SloConfig.DEFAULT_MAX_P95_LATENCY);
    assertThat(SloConfig.custom().maxP95Latency(Duration.ofMillis(333)).build().latencyBoundaries())
        .contains(Duration.ofMillis(333)).isSorted();
  }

  @Test
  void closedRouterRejectsRequests() {
    Router<String, String> r = builder().build();
    r.close();
    r.close();
    assertThatThrownBy(() -> r.predict("u", "x")).isInstanceOf(InferenceException.class).hasMessageContaining("closed");
  }

  @Test
  void scheduledDriverTicksUntilItsHandleIsClosed() throws Exception {
    green.failEvery(1);
    Router<String, String> r = builder()
        .slo(SloConfig.custom().minRequestsPerWindow(1).breachingWindows(1).build())
        .judge(TestJudges.hairTrigger())
        .candidate(GREEN, 10_000).build();
    java.util.concurrent.ScheduledExecutorService ses = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      assertThatThrownBy(() -> r.controller().schedule(ses, Duration.ofMinutes(1)))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("shorter");
      AutoCloseable handle = r.controller().schedule(ses, Duration.ofMillis(5));
      for (int i = 0; i < 10; i++) {
        r.route("u", "hi");
      }
      clock.advance(Duration.ofSeconds(61));
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (r.state().weightOf(GREEN) != 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(r.state().weightOf(GREEN)).isZero(); // rolled back by the scheduled tick
      handle.close();
      Thread.sleep(50); // let a tick that was already running finish
      int windows = r.controller().recentWindows(BLUE).size();
      clock.advance(Duration.ofMinutes(3));
      Thread.sleep(100);
      assertThat(r.controller().recentWindows(BLUE)).hasSize(windows); // no tick after close
    } finally {
      ses.shutdownNow();
      r.close();
    }
  }

  @Test
  void withATimeoutExecutorTheCallerStopsWaitingForAHungCandidate() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
    io.intentops.core.Predictor<String, String> hung = new io.intentops.core.Predictor<>() {
      @Override
      public String predict(String input) {
        try {
          release.await();
        } catch (InterruptedException e) {
          interrupted.set(true);
        }
        return "late";
      }

      @Override
      public ModelVersion version() {
        return GREEN;
      }
    };
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      Router<String, String> r = Router.<String, String>builder().clock(clock).version(blue).version(hung)
          .stable(BLUE).candidate(GREEN, 10_000)
          .slo(SloConfig.custom().minRequestsPerWindow(1).build())
          .config(RouterConfig.custom().fallbackTimeout(Duration.ofMillis(50)).build())
          .timeoutExecutor(pool)
          .build();
      Routed<String> routed = r.route("u", "hi"); // would block forever without the executor
      assertThat(routed.fellBack()).isTrue();
      assertThat(routed.output()).isEqualTo("1.0.0-1:hi");
      clock.advance(Duration.ofSeconds(61));
      r.controller().tick();
      WindowSnapshot w = r.controller().recentWindows(GREEN).get(0);
      assertThat(w.serverErrors()).isEqualTo(1);
      assertThat(w.p50Micros()).isGreaterThanOrEqualTo(50_000); // the timeout is the recorded latency
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (!interrupted.get() && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(interrupted).isTrue(); // the hung call was cancelled

      Router<String, String> strict = Router.<String, String>builder().clock(clock).version(blue).version(hung)
          .stable(BLUE).candidate(GREEN, 10_000)
          .config(RouterConfig.custom().fallbackTimeout(Duration.ofMillis(20)).fallbackToStable(false).build())
          .timeoutExecutor(pool)
          .build();
      assertThatThrownBy(() -> strict.route("u", "hi")).isInstanceOf(InferenceException.class)
          .hasMessageContaining("did not answer within 20 ms");
      assertThatThrownBy(() -> builder().timeoutExecutor(pool).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("fallbackTimeout");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
