package io.intentops.router.judge;

import java.util.Locale;
import java.util.Objects;

/**
 * One rule's verdict at one evaluation. For proportion rules the statistic is the CUSUM of
 * log-likelihood ratios (nats) of "rate = limit x detectRatio" against "rate = limit", and the verdict
 * is BREACHING once it reaches {@code threshold}; HEALTHY once the log-likelihood ratio accumulated
 * since the current plan step began is at or below {@code healthyThreshold}. For {@link
 * JudgeRule.Kind#LABEL_SHIFT} the statistic is the G statistic of the label contingency table.
 * Immutable.
 *
 * @param rule the rule
 * @param verdict its verdict
 * @param statistic the test statistic
 * @param threshold the statistic at which the rule breaches
 * @param healthStatistic the log-likelihood ratio since the step began (for LABEL_SHIFT: the total-variation distance)
 * @param healthyThreshold the health statistic at or below which the rule is healthy
 * @param requests candidate observations the rule has counted (since the judge started watching)
 * @param failures of those, the ones counted against the limit (slow, failed, out of scope, disagreeing)
 * @param baselineRequests stable observations behind a relative rule's reference (0 for absolute rules)
 * @param limit the proportion tested against at this evaluation (for relative rules: stable's rate plus the margin)
 */
public record RuleVerdict(
    JudgeRule rule,
    Verdict verdict,
    double statistic,
    double threshold,
    double healthStatistic,
    double healthyThreshold,
    long requests,
    long failures,
    long baselineRequests,
    double limit) {

  public RuleVerdict {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(verdict, "verdict");
  }

  /** failures / requests; 0 without requests. */
  public double observedRate() {
    return requests == 0 ? 0.0 : (double) failures / requests;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s stat=%.2f/%.2f n=%d k=%d (%.3f%% vs limit %.3f%%)%s", rule.name(),
        verdict, statistic, threshold, requests, failures, 100 * observedRate(), 100 * limit,
        baselineRequests > 0 ? " stable n=" + baselineRequests : "");
  }
}
