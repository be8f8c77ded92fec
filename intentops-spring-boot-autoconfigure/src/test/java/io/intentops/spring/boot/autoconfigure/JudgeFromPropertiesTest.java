package io.intentops.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.router.SloConfig;
import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.JudgeRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code intentops.router.slo.*} reaches the canary judge, not only the informational windows. */
class JudgeFromPropertiesTest {
  @Test
  void defaultsGiveTheDefaultJudge() {
    assertThat(IntentOpsRuntime.judge(SloConfig.ofDefaults()).rules()).isEqualTo(JudgeConfig.DEFAULT_RULES);
  }

  @Test
  void theSloLimitsBecomeTheJudgesAbsoluteRules() {
    JudgeConfig j = IntentOpsRuntime.judge(
        SloConfig.custom().maxServerErrorRate(0.01).maxP95Latency(Duration.ofMillis(300)).build());
    assertThat(j.rules()).hasSameSizeAs(JudgeConfig.DEFAULT_RULES);
    assertThat(j.rules()).contains(JudgeRule.serverErrors(0.01, 8), JudgeRule.latency(Duration.ofMillis(300), 0.05, 4))
        .doesNotContain(JudgeRule.serverErrors(0.005, 8), JudgeRule.latency(Duration.ofMillis(150), 0.05, 4));
    // the second error rule (2 %) and the relative rules and guardrails stay
    assertThat(j.rules()).filteredOn(r -> r.kind() == JudgeRule.Kind.SERVER_ERRORS).hasSize(2);
    assertThat(j.rules()).filteredOn(r -> r.kind() == JudgeRule.Kind.SLOWER_THAN_STABLE).hasSize(2);
  }

  @Test
  void aLooseErrorLimitDropsTheStricterDefaultBurnRule() {
    JudgeConfig j = IntentOpsRuntime.judge(SloConfig.custom().maxServerErrorRate(0.03).build());
    assertThat(j.rules()).filteredOn(r -> r.kind() == JudgeRule.Kind.SERVER_ERRORS)
        .containsExactly(JudgeRule.serverErrors(0.03, 8));
  }
}
