package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.Test;

class TrafficGateTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");

  final ManualClock clock = ManualClock.create();
  final List<TrafficChange> seen = new ArrayList<>();
  final Set<ModelVersion> allowed = new CopyOnWriteArraySet<>(Set.of(BLUE));
  final TrafficGate gate = change -> {
    seen.add(change);
    if (!allowed.contains(change.version())) {
      throw new TrafficRefusedException(change, "no passed gate");
    }
  };

  Router.Builder<String, String> builder() {
    return Router.<String, String>builder().clock(clock).version(new TestPredictor("1.0.0-1", clock, 5))
        .version(new TestPredictor("1.1.0-2", clock, 5)).stable(BLUE).trafficGate(gate)
        .slo(SloConfig.custom().minRequestsPerWindow(1).build());
  }

  @Test
  void theStartingVersionsAreGated() {
    assertThatThrownBy(() -> builder().candidate(GREEN, 500).build())
        .isInstanceOf(TrafficRefusedException.class).hasMessageContaining("1.1.0-2").hasMessageContaining("no passed gate");
    assertThat(seen).extracting(TrafficChange::kind).containsExactly(TrafficChange.Kind.INITIAL, TrafficChange.Kind.INITIAL);
    assertThat(seen.get(0)).isEqualTo(new TrafficChange(BLUE, TrafficChange.Kind.INITIAL, 0, 9_500, true));
    assertThat(seen.get(1)).isEqualTo(new TrafficChange(GREEN, TrafficChange.Kind.INITIAL, 0, 500, false));
  }

  @Test
  void aRefusedOperatorActionThrowsAndChangesNothing() {
    Router<String, String> r = builder().build();
    RoutingState before = r.state();
    assertThatThrownBy(() -> r.rollout().setWeight(GREEN, 1_000))
        .isInstanceOfSatisfying(TrafficRefusedException.class, e -> {
          assertThat(e.version()).isEqualTo(GREEN);
          assertThat(e.kind()).isEqualTo(TrafficChange.Kind.WEIGHT_CHANGED);
          assertThat(e.missing()).isEqualTo("no passed gate");
        });
    assertThatThrownBy(() -> r.rollout().override("beta", GREEN)).isInstanceOf(TrafficRefusedException.class);
    assertThat(r.state()).isEqualTo(before);
    allowed.add(GREEN);
    assertThat(r.rollout().setWeight(GREEN, 1_000).weightOf(GREEN)).isEqualTo(1_000);
  }

  @Test
  void takingTrafficAwayIsNeverGated() {
    allowed.add(GREEN);
    Router<String, String> r = builder().candidate(GREEN, 2_000).build();
    allowed.remove(GREEN);
    seen.clear();
    r.rollout().setWeight(GREEN, 500);
    r.rollout().abort(GREEN, "test");
    assertThat(seen).isEmpty();
    assertThat(r.state().weightOf(GREEN)).isZero();
  }

  @Test
  void promotionIsGatedAsAStableChange() {
    allowed.add(GREEN);
    Router<String, String> r = builder().candidate(GREEN, 2_000).build();
    allowed.remove(GREEN);
    assertThatThrownBy(() -> r.rollout().promote(GREEN)).isInstanceOfSatisfying(TrafficRefusedException.class,
        e -> assertThat(e.kind()).isEqualTo(TrafficChange.Kind.PROMOTED));
    assertThat(r.state().stable()).isEqualTo(BLUE);
    allowed.add(GREEN);
    r.rollout().promote(GREEN);
    assertThat(seen.get(seen.size() - 1)).satisfies(c -> {
      assertThat(c.kind()).isEqualTo(TrafficChange.Kind.PROMOTED);
      assertThat(c.toStable()).isTrue();
    });
  }

  @Test
  void aRefusedStepAdvanceHoldsThePlanUntilAllowed() {
    allowed.add(GREEN);
    RolloutPlan plan = RolloutPlan.custom().step(500, Duration.ofMinutes(1)).step(2_000, Duration.ofMinutes(1)).build();
    Router<String, String> r = builder().build();
    r.rollout().startRollout(GREEN, plan);
    allowed.remove(GREEN);
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 1000; k++) { // ~50 candidate requests a minute: the judge needs ~100 to say HEALTHY
        r.predict("user-" + i + "-" + k, "hi");
      }
      clock.advance(Duration.ofSeconds(61));
      r.controller().tick();
    }
    assertThat(r.state().weightOf(GREEN)).isEqualTo(500);
    allowed.add(GREEN);
    for (int k = 0; k < 20; k++) {
      r.predict("user-x-" + k, "hi");
    }
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    assertThat(r.state().weightOf(GREEN)).isEqualTo(2_000);
  }
}
