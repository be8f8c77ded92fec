package io.intentops.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Quality guardrails of the default judge through the full router: they roll back only with their input. */
class GuardrailTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  final ManualClock clock = ManualClock.create();
  final TestPredictor blue = new TestPredictor("1.0.0-1", null, 0);
  final TestPredictor green = new TestPredictor("1.1.0-2", null, 0);
  final List<RouterEvent> events = new CopyOnWriteArrayList<>();

  Router.Builder<String, String> builder() {
    return Router.<String, String>builder().clock(clock).version(blue).version(green).stable(BLUE)
        .listener(new RouterListener() {
          @Override
          public void onEvent(RouterEvent e) {
            events.add(e);
          }
        });
  }

  /** {@code perSecond} requests a second with inputs q0, q1, ... for {@code seconds}, ticking each second. */
  void drive(Router<String, String> r, int seconds, int perSecond) throws InterruptedException {
    long k = 0;
    for (int s = 0; s < seconds && events.isEmpty(); s++) {
      for (int i = 0; i < perSecond; i++, k++) {
        r.route("user-" + (k * 7919 % 100_000), "q" + k);
      }
      ShadowStats st = r.shadowStats();
      for (int wait = 0; wait < 2_000 && st.completed() + st.failed() + st.dropped() < st.submitted(); wait++) {
        Thread.sleep(1);
        st = r.shadowStats();
      }
      clock.advance(Duration.ofSeconds(1));
      r.controller().tick();
    }
  }

  static RouterEvent.Kind kind(RouterEvent e) {
    return e.kind();
  }

  @Test
  void aCandidateThatPredictsOtherLabelsIsRolledBackForLabelShift() throws Exception {
    Router<String, String> r = builder().candidate(GREEN, 2000)
        .outputLabels(out -> out.startsWith("1.1.0-2") ? "card_arrival" : "lost_card").build();
    drive(r, 600, 20);
    assertThat(events).extracting(GuardrailTest::kind).containsExactly(RouterEvent.Kind.ROLLED_BACK);
    assertThat(events.get(0).rollback().rules()).contains(SloRule.LABEL_SHIFT);
  }

  @Test
  void theSameOutputsWithoutALabelFunctionAreNotJudgedOnLabels() throws Exception {
    Router<String, String> r = builder().candidate(GREEN, 2000).build();
    drive(r, 120, 20);
    assertThat(events).isEmpty();
    assertThat(r.controller().lastDecision(GREEN).rules()).noneMatch(v -> v.rule().kind()
        == io.intentops.router.judge.JudgeRule.Kind.LABEL_SHIFT);
  }

  @Test
  void aCandidateThatAnswersOutOfScopeFarMoreOftenIsRolledBack() throws Exception {
    // 30 % of the candidate's answers are out of scope, none of stable's.
    Router<String, String> r = builder().candidate(GREEN, 2000)
        .outOfScope(out -> out.startsWith("1.1.0-2") && "012".indexOf(out.charAt(out.length() - 1)) >= 0).build();
    drive(r, 600, 20);
    assertThat(events).extracting(GuardrailTest::kind).containsExactly(RouterEvent.Kind.ROLLED_BACK);
    assertThat(events.get(0).rollback().rules()).contains(SloRule.OUT_OF_SCOPE_SHIFT);
  }

  @Test
  void aShadowedCandidateThatDisagreesWithStableIsRolledBack() throws Exception {
    // Weight 0: the candidate sees only mirrored traffic, and half of its answers disagree.
    Router<String, String> r = builder().candidate(GREEN, 0)
        .shadow(ShadowConfig.<String>custom(GREEN, (stable, shadow) -> (shadow.hashCode() & 1) == 0)
            .shareBps(10_000).build()).build();
    try {
      drive(r, 600, 20);
    } finally {
      r.close();
    }
    assertThat(events).extracting(GuardrailTest::kind).containsExactly(RouterEvent.Kind.ROLLED_BACK);
    assertThat(events.get(0).rollback().rules()).contains(SloRule.SHADOW_DISAGREEMENT);
  }
}
