package io.intentops.router;

/** Why a window breached or a candidate was taken out of traffic. */
public enum SloRule {
  /** The window's p95 latency exceeded {@link SloConfig#maxP95Latency()}, or a judge rule on requests slower than a target at the 95th percentile. */
  P95_LATENCY,
  /** The window's server-error rate exceeded {@link SloConfig#maxServerErrorRate()}, or the judge's server-error rule breached. */
  SERVER_ERROR_RATE,
  /** The canary judge: too many requests slower than a latency target (p99 and other percentile rules). */
  SLOW_REQUESTS,
  /** The canary judge: the candidate is slower than the stable version on the same traffic. */
  SLOWER_THAN_STABLE,
  /** The canary judge: the candidate's server-error rate exceeds stable's by more than the margin. */
  ERRORS_ABOVE_STABLE,
  /** The canary judge: the candidate's out-of-scope rate exceeds stable's by more than the margin. */
  OUT_OF_SCOPE_SHIFT,
  /** The canary judge: the candidate's predicted-label distribution moved away from stable's. */
  LABEL_SHIFT,
  /** The canary judge: too many shadow comparisons disagree with the stable answer. */
  SHADOW_DISAGREEMENT,
  /** An operator aborted the rollout. */
  MANUAL_ABORT
}
