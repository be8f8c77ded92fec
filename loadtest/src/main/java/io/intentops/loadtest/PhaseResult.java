package io.intentops.loadtest;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one phase measured. Latencies are of successful (2xx) responses only, in milliseconds, each
 * measured from the request's <em>scheduled</em> send time to the end of its response (so a slow server
 * cannot hide queueing by slowing the generator down); they are {@code null} when no request succeeded.
 * Immutable.
 *
 * @param name phase name
 * @param targetRps target arrival rate (the peak rate for a ramp)
 * @param durationS phase length, seconds
 * @param requests requests due in the phase (sent or, if the client was saturated, rejected)
 * @param errors {@code non2xx + timeouts + ioErrors + rejected}
 * @param errorRate {@code errors / requests} (0 when no request)
 * @param p50Ms median latency
 * @param p95Ms 95th percentile latency
 * @param p99Ms 99th percentile latency
 * @param maxMs largest latency
 * @param achievedRps successful responses per second of phase time
 * @param non2xx responses with a status outside 200-299
 * @param timeouts requests without a response within the request timeout (including those that waited
 *     longer than the timeout for a free client thread)
 * @param ioErrors connection and other I/O failures
 * @param rejected requests the saturated client could not even queue
 * @param statusCounts responses per HTTP status code
 * @param loadAvgEnd the machine's 1-minute load average when the phase's sends ended (-1 if unknown)
 */
public record PhaseResult(String name, double targetRps, double durationS, long requests, long errors,
    double errorRate, @Nullable Double p50Ms, @Nullable Double p95Ms, @Nullable Double p99Ms, @Nullable Double maxMs,
    double achievedRps, long non2xx, long timeouts, long ioErrors, long rejected, Map<Integer, Long> statusCounts,
    double loadAvgEnd) {

  public PhaseResult {
    statusCounts = Map.copyOf(statusCounts);
  }

  /** Whether this phase met a latency SLO: some request succeeded, p95 at most {@code maxP95Ms}, error rate at most {@code maxErrorRate}. */
  public boolean meets(double maxP95Ms, double maxErrorRate) {
    return p95Ms != null && p95Ms <= maxP95Ms && errorRate <= maxErrorRate;
  }
}
