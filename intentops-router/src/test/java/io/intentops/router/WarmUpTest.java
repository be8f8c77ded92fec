package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  final ManualClock clock = ManualClock.create();
  final TestPredictor blue = new TestPredictor("1.0.0-1", clock, 5);
  final TestPredictor green = new TestPredictor("1.1.0-2", clock, 40);

  Router.Builder<String, String> builder() {
    return Router.<String, String>builder().clock(clock).version(blue).version(green).stable(BLUE)
        .warmUp(List.of("a", "b", "c", "d"));
  }

  @Test
  void aCandidateIsWarmedUpBeforeItGetsTrafficAndItsBaselineIsKept() {
    Router<String, String> r = builder().build();
    assertThat(r.controller().warmUp(GREEN)).isNull();
    r.rollout().setWeight(GREEN, 1000);
    assertThat(green.calls()).isEqualTo(4);
    assertThat(blue.calls()).isEqualTo(4); // the same inputs through stable, for the relative rules' reference
    WarmUp w = r.controller().warmUp(GREEN);
    assertThat(w.stable()).isEqualTo(BLUE);
    assertThat(w.candidate().requests()).isEqualTo(4);
    assertThat(w.baseline().requests()).isEqualTo(4);
    // 40 ms and 5 ms land in different latency bins.
    assertThat(w.candidate().latencyHistogram()).isNotEqualTo(w.baseline().latencyHistogram());
    // Warm-up requests are not user traffic: no SLO window counted them.
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
    assertThat(r.controller().currentWindow(GREEN).requests()).isZero();
    r.rollout().setWeight(GREEN, 2000);
    assertThat(green.calls()).isEqualTo(4); // once per version and stable
  }

  @Test
  void aFailingWarmUpRefusesTheChangeAndNothingChanges() {
    green.failEvery(3);
    Router<String, String> r = builder().build();
    RoutingState before = r.state();
    assertThatThrownBy(() -> r.rollout().startRollout(GREEN, RolloutPlan.custom().step(500, Duration.ZERO).build()))
        .isInstanceOf(RolloutStateException.class).hasMessageContaining("Warm-up of " + GREEN)
        .hasMessageContaining("input #2");
    assertThat(r.state()).isEqualTo(before);
    assertThat(r.controller().warmUp(GREEN)).isNull();
  }

  @Test
  void candidatesTheRouterStartsWithAreWarmedUpAtBuild() {
    builder().candidate(GREEN, 1000).build();
    assertThat(green.calls()).isEqualTo(4);
    green.failEvery(1);
    assertThatThrownBy(() -> Router.<String, String>builder().clock(clock).version(blue)
        .version(new TestPredictor("1.1.0-2", clock, 5).failEvery(1)).stable(BLUE).warmUp(List.of("x"))
        .candidate(GREEN, 1000).build()).isInstanceOf(RolloutStateException.class);
  }
}
