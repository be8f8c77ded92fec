package io.intentops.router.simulation;

/**
 * What the candidate does after its healthy lead-in. Latencies are log-normal: the stable version (and
 * a healthy candidate) has a median of {@link TrafficModel#medianMillis()} with shape {@link
 * TrafficModel#sigma()}; stable's server-error rate is {@link TrafficModel#stableErrorRate()}.
 */
public enum Scenario {
  /** Same latency as stable, 0.3 % server errors: must not be rolled back. */
  HEALTHY(0.003, 1.0, 0, 0, 0),
  /** Latency scaled so that the candidate's p95 is 250 ms. */
  P95_250MS(0.003, -1.0, 0, 0, 250),
  /** 5 % server errors, latency unchanged. */
  ERRORS_5PCT(0.05, 1.0, 0, 0, 0),
  /** 8 % of requests take 200 ms longer. */
  SLOW_8PCT(0.003, 1.0, 0.08, 200, 0),
  /** Every request 30 % slower than stable (p95 still below 150 ms). */
  SLOWER_30PCT(0.003, 1.3, 0, 0, 0),
  /**
   * 0.5 % server errors, same latency as stable: exactly at the default error limit, where {@link
   * io.intentops.router.judge.JudgeConfig#falseRollbacksPerDay()} bounds the rollbacks per day.
   */
  AT_ERROR_LIMIT(0.005, 1.0, 0, 0, 0);

  final double errorRate;
  final double latencyScale; // -1: derived from targetP95Millis
  final double slowShare;
  final double slowExtraMillis;
  final double targetP95Millis;

  Scenario(double errorRate, double latencyScale, double slowShare, double slowExtraMillis, double targetP95Millis) {
    this.errorRate = errorRate;
    this.latencyScale = latencyScale;
    this.slowShare = slowShare;
    this.slowExtraMillis = slowExtraMillis;
    this.targetP95Millis = targetP95Millis;
  }

  /** The candidate's server-error rate once degraded. */
  public double errorRate() {
    return errorRate;
  }

  /** Multiplier on every candidate latency relative to stable, under {@code model}. */
  public double latencyScale(TrafficModel model) {
    if (latencyScale > 0) {
      return latencyScale;
    }
    return targetP95Millis / model.stableP95Millis();
  }
}
