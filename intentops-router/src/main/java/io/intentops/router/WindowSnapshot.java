package io.intentops.router;

import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Aggregated metrics of one version over one window. Percentiles are the upper bound of the
 * histogram bucket that holds the nearest-rank percentile (so exact to one bucket), in microseconds;
 * {@link Long#MAX_VALUE} means "above the largest bucket bound"; 0 when the window is empty.
 * Immutable.
 *
 * @param version the version measured
 * @param start first instant of the window (inclusive)
 * @param length window length
 * @param requests SLO-relevant requests: successes plus server errors (client errors excluded)
 * @param serverErrors requests that failed for a reason other than the caller's input, or timed out
 * @param clientErrors requests rejected with {@link io.intentops.core.InvalidInputException}
 * @param p50Micros median latency bucket bound
 * @param p95Micros p95 latency bucket bound
 * @param p99Micros p99 latency bucket bound
 * @param verdict how the window was judged against the SLO
 * @param breaches the rules this window breached; empty unless {@code verdict} is BREACHING
 */
public record WindowSnapshot(
    ModelVersion version,
    Instant start,
    Duration length,
    long requests,
    long serverErrors,
    long clientErrors,
    long p50Micros,
    long p95Micros,
    long p99Micros,
    Verdict verdict,
    Set<SloRule> breaches) {

  /** How a window compares with the SLO. */
  public enum Verdict {
    /** Enough requests and within the SLO. */
    HEALTHY,
    /** Enough requests and at least one rule exceeded. */
    BREACHING,
    /** Fewer than the minimum number of requests: neither healthy nor breaching. */
    INCONCLUSIVE
  }

  public WindowSnapshot {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(verdict, "verdict");
    breaches = Set.copyOf(breaches);
  }

  /** Server errors divided by requests; 0 for an empty window. */
  public double serverErrorRate() {
    return requests == 0 ? 0.0 : (double) serverErrors / requests;
  }

  /** The end of the window (exclusive). */
  public Instant end() {
    return start.plus(length);
  }

  @Override
  public String toString() {
    return version + "@" + start + "+" + length.toSeconds() + "s{" + verdict + " n=" + requests + " err="
        + serverErrors + " client=" + clientErrors + " p95=" + (p95Micros == Long.MAX_VALUE ? "overflow" : p95Micros + "us")
        + " breaches=" + breaches + "}";
  }
}
