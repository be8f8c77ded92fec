package io.intentops.router.simulation;

import io.intentops.core.ConfigurationException;

/**
 * The simulated traffic: request rate, the candidate's share of it (random user keys, so each request
 * lands on the candidate independently with that probability) and the stable version's behaviour.
 * Immutable.
 *
 * @param requestsPerSecond all requests, stable and candidate
 * @param candidateShare the candidate's weight as a fraction
 * @param medianMillis stable's median latency (log-normal)
 * @param sigma the log-normal shape: 0.35 gives p95 = 1.78 x median, p99 = 2.26 x median
 * @param stableErrorRate stable's server-error rate
 */
public record TrafficModel(double requestsPerSecond, double candidateShare, double medianMillis, double sigma,
    double stableErrorRate) {
  public static final double DEFAULT_CANDIDATE_SHARE = 0.10;
  public static final double DEFAULT_MEDIAN_MILLIS = 40;
  public static final double DEFAULT_SIGMA = 0.35;
  public static final double DEFAULT_STABLE_ERROR_RATE = 0.003;

  public TrafficModel {
    if (!(requestsPerSecond > 0 && requestsPerSecond <= 100_000)) {
      throw new ConfigurationException("requestsPerSecond must be in (0, 100000], got " + requestsPerSecond);
    }
    if (!(candidateShare > 0 && candidateShare < 1)) {
      throw new ConfigurationException("candidateShare must be in (0, 1), got " + candidateShare);
    }
    if (!(medianMillis > 0) || !(sigma > 0) || !(stableErrorRate >= 0 && stableErrorRate < 1)) {
      throw new ConfigurationException("medianMillis and sigma must be positive, stableErrorRate in [0, 1)");
    }
  }

  /** The defaults at {@code requestsPerSecond}. */
  public static TrafficModel at(double requestsPerSecond) {
    return new TrafficModel(requestsPerSecond, DEFAULT_CANDIDATE_SHARE, DEFAULT_MEDIAN_MILLIS, DEFAULT_SIGMA,
        DEFAULT_STABLE_ERROR_RATE);
  }

  /** Stable's p95 latency in milliseconds. */
  public double stableP95Millis() {
    return medianMillis * Math.exp(1.6448536269514722 * sigma);
  }
}
