package io.intentops.router;

/** Why a window breached or a candidate was taken out of traffic. */
public enum SloRule {
  /** The window's p95 latency exceeded {@link SloConfig#maxP95Latency()}. */
  P95_LATENCY,
  /** The window's server-error rate exceeded {@link SloConfig#maxServerErrorRate()}. */
  SERVER_ERROR_RATE,
  /** An operator aborted the rollout. */
  MANUAL_ABORT
}
