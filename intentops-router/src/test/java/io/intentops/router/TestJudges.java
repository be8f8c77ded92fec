package io.intentops.router;

import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.JudgeRule;
import java.time.Duration;

/** Judge configurations for tests that need a rollback from a handful of requests (about ten failures). */
final class TestJudges {
  private TestJudges() {}

  /** Absolute error and p95 rules only, verdicts from the first request on. */
  static JudgeConfig hairTrigger() {
    return JudgeConfig.custom().minRequests(1)
        .rules(JudgeRule.serverErrors(0.005, 8), JudgeRule.latency(Duration.ofMillis(150), 0.05, 4)).build();
  }
}
