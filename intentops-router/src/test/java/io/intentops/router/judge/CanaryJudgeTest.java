package io.intentops.router.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.router.SloConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final List<Duration> BOUNDS = SloConfig.ofDefaults().latencyBoundaries();
  static final int BINS = BOUNDS.size() + 1;
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  static CanaryJudge judge(JudgeConfig c) {
    return CanaryJudge.create(GREEN, c, BOUNDS, CanaryJudge.basicKinds());
  }

  /** {@code n} requests in the bin of {@code millis}, {@code errors} of them failed. */
  static Evidence at(long n, long errors, long millis) {
    long[] h = new long[BINS];
    int bin = 0;
    while (bin < BOUNDS.size() && BOUNDS.get(bin).toMillis() < millis) {
      bin++;
    }
    h[bin] = n;
    return Evidence.of(n, errors, h);
  }

  @Test
  void noTrafficIsInconclusiveForever() {
    CanaryJudge j = judge(JudgeConfig.ofDefaults());
    for (int s = 1; s <= 86_400; s += 60) {
      Decision d = j.observe(T0.plusSeconds(s), Evidence.empty(BINS), Evidence.empty(BINS));
      assertThat(d.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }
    // Logged when the verdict changes and otherwise once a minute, within the bound.
    assertThat(j.log()).hasSize(JudgeConfig.DEFAULT_DECISION_LOG_SIZE)
        .allSatisfy(d -> assertThat(d.verdict()).isEqualTo(Verdict.INCONCLUSIVE));
  }

  @Test
  void aFewFailuresAreNotEvidenceButManyAre() {
    CanaryJudge j = judge(JudgeConfig.ofDefaults());
    Decision d = j.observe(T0.plusSeconds(1), at(5, 5, 5000), at(500, 0, 40));
    assertThat(d.verdict()).isEqualTo(Verdict.INCONCLUSIVE); // under the 20-request minimum
    d = j.observe(T0.plusSeconds(2), at(20, 20, 5000), at(500, 0, 40));
    assertThat(d.verdict()).isEqualTo(Verdict.BREACHING);
    RuleVerdict r = d.breaching().orElseThrow();
    assertThat(r.statistic()).isGreaterThanOrEqualTo(r.threshold());
    assertThat(r.requests()).isEqualTo(25);
    assertThat(j.log()).last().isEqualTo(d);
  }

  @Test
  void healthyEvidenceBecomesHealthyAndRestartingAStepNeedsNewEvidence() {
    CanaryJudge j = judge(JudgeConfig.ofDefaults());
    Decision d = null;
    for (int s = 1; s <= 60; s++) {
      d = j.observe(T0.plusSeconds(s), at(5, 0, 40), at(50, 0, 40));
    }
    assertThat(d.verdict()).isEqualTo(Verdict.HEALTHY);
    j.restartStep(T0.plusSeconds(60));
    d = j.observe(T0.plusSeconds(61), at(5, 0, 40), at(50, 0, 40));
    assertThat(d.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void relativeRulesCompareWithStableOnTheSameTraffic() {
    JudgeConfig c = JudgeConfig.custom().rules(JudgeRule.slowerThanStable(0.05, 3)).build();
    CanaryJudge j = judge(c);
    Decision d = null;
    for (int s = 1; s <= 120 && (d == null || d.verdict() != Verdict.BREACHING); s++) {
      // Every candidate request 75 ms, stable 40 ms: well within any absolute target, slower than stable.
      d = j.observe(T0.plusSeconds(s), at(2, 0, 75), at(20, 0, 40));
    }
    assertThat(d.verdict()).isEqualTo(Verdict.BREACHING);
    assertThat(d.breaching().orElseThrow().baselineRequests()).isGreaterThanOrEqualTo(200);
    // The same candidate against a stable version just as slow is fine.
    CanaryJudge same = judge(c);
    for (int s = 1; s <= 120; s++) {
      d = same.observe(T0.plusSeconds(s), at(2, 0, 75), at(20, 0, 75));
    }
    assertThat(d.verdict()).isEqualTo(Verdict.HEALTHY);
  }

  @Test
  void labelShiftAgainstStableBreaches() {
    JudgeConfig c = JudgeConfig.custom().rules(JudgeRule.labelShift(0.2)).build();
    CanaryJudge j = CanaryJudge.create(GREEN, c, BOUNDS, Set.of(JudgeRule.Kind.LABEL_SHIFT));
    Decision d = null;
    for (int s = 1; s <= 60; s++) {
      Evidence cand = new Evidence(10, 0, at(10, 0, 40).latencyHistogram(), 0, java.util.Map.of("a", 10L), 0, 0);
      Evidence stab = new Evidence(100, 0, at(100, 0, 40).latencyHistogram(), 0,
          java.util.Map.of("a", 50L, "b", 50L), 0, 0);
      d = j.observe(T0.plusSeconds(s), cand, stab);
    }
    assertThat(d.verdict()).isEqualTo(Verdict.BREACHING);
    assertThat(d.rules().get(0).healthStatistic()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void badInputIsATypedError() {
    CanaryJudge j = judge(JudgeConfig.ofDefaults());
    assertThatThrownBy(() -> j.observe(T0, Evidence.empty(3), Evidence.empty(BINS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency bins");
    j.observe(T0.plusSeconds(10), Evidence.empty(BINS), Evidence.empty(BINS));
    assertThatThrownBy(() -> j.observe(T0, Evidence.empty(BINS), Evidence.empty(BINS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older");
    assertThatThrownBy(() -> Evidence.of(3, 4, new long[] {3})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Evidence.of(3, 0, new long[] {2})).hasMessageContaining("sums to 2");
    assertThatThrownBy(() -> JudgeConfig.custom().falseRollbacksPerDay(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("falseRollbacksPerDay");
    assertThatThrownBy(() -> JudgeConfig.custom().rules(JudgeRule.serverErrors(0.01, 2), JudgeRule.serverErrors(0.01, 3))
        .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("two rules named");
    assertThatThrownBy(() -> JudgeRule.serverErrors(0.01, 1.0)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void theDecisionLogIsBounded() {
    CanaryJudge j = judge(JudgeConfig.custom().decisionLogSize(3).decisionLogInterval(Duration.ZERO).build());
    for (int s = 1; s <= 10; s++) {
      j.observe(T0.plusSeconds(s), at(1, 0, 40), at(10, 0, 40));
    }
    assertThat(j.log()).hasSize(3);
    assertThat(j.log().get(2).at()).isEqualTo(T0.plusSeconds(10));
  }
}
