package io.intentops.router.judge;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of one version over one interval, as a router records them: what the judge consumes. Counts
 * are per interval (deltas), not cumulative. Immutable.
 *
 * @param requests SLO-relevant requests: successes plus server errors (client errors excluded)
 * @param serverErrors requests that failed for a reason other than the caller's input, or timed out
 * @param latencyHistogram requests per latency bin over the judge's latency boundaries (one bin per
 *     boundary, each holding latencies up to and including it, plus an overflow bin); its sum is {@code requests}
 * @param outOfScope successful requests whose output was out of scope (0 without an out-of-scope function)
 * @param labels successful requests per predicted label (empty without a label function)
 * @param shadowCompared shadow predictions of this version compared with the stable answer
 * @param shadowDisagreed of those, the ones that disagreed
 */
public record Evidence(
    long requests,
    long serverErrors,
    long[] latencyHistogram,
    long outOfScope,
    Map<String, Long> labels,
    long shadowCompared,
    long shadowDisagreed) {

  public Evidence {
    Objects.requireNonNull(latencyHistogram, "latencyHistogram");
    latencyHistogram = latencyHistogram.clone();
    labels = Map.copyOf(labels);
    if (requests < 0 || serverErrors < 0 || serverErrors > requests) {
      throw new IllegalArgumentException(
          "Evidence needs 0 <= serverErrors <= requests, got " + serverErrors + " of " + requests);
    }
    if (outOfScope < 0 || shadowCompared < 0 || shadowDisagreed < 0 || shadowDisagreed > shadowCompared) {
      throw new IllegalArgumentException("Evidence counts must be non-negative, disagreements <= comparisons");
    }
    long sum = 0;
    for (long c : latencyHistogram) {
      if (c < 0) {
        throw new IllegalArgumentException("Evidence latency histogram has a negative count: "
            + Arrays.toString(latencyHistogram));
      }
      sum += c;
    }
    if (sum != requests) {
      throw new IllegalArgumentException("Evidence latency histogram sums to " + sum + ", expected " + requests);
    }
  }

  /** Request and latency counts only. */
  public static Evidence of(long requests, long serverErrors, long[] latencyHistogram) {
    return new Evidence(requests, serverErrors, latencyHistogram, 0, Map.of(), 0, 0);
  }

  /**
   * The sum of {@code parts} (every count and histogram bin added, labels merged), over {@code bins}
   * latency bins: how a fleet's evidence exchanges combine per-instance evidence.
   *
   * @throws IllegalArgumentException if a part has another number of bins (routers of one fleet must
   *     share one {@code SloConfig})
   */
  public static Evidence sum(java.util.List<Evidence> parts, int bins) {
    long n = 0;
    long err = 0;
    long oos = 0;
    long sc = 0;
    long sd = 0;
    long[] hist = new long[bins];
    Map<String, Long> labels = new java.util.HashMap<>();
    for (Evidence e : parts) {
      if (e.bins() != bins) {
        throw new IllegalArgumentException("Evidence with " + e.bins() + " latency bins cannot merge with " + bins
            + ": the fleet's routers must share one SloConfig");
      }
      n += e.requests();
      err += e.serverErrors();
      oos += e.outOfScope();
      sc += e.shadowCompared();
      sd += e.shadowDisagreed();
      for (int i = 0; i < bins; i++) {
        hist[i] += e.latencyHistogram[i];
      }
      e.labels().forEach((l, c) -> labels.merge(l, c, Long::sum));
    }
    return new Evidence(n, err, hist, oos, labels, sc, sd);
  }

  /** No requests at all, over {@code bins} latency bins. */
  public static Evidence empty(int bins) {
    return of(0, 0, new long[bins]);
  }

  @Override
  public long[] latencyHistogram() {
    return latencyHistogram.clone();
  }

  /** Bin {@code i} of the latency histogram without copying it. */
  public long bin(int i) {
    return latencyHistogram[i];
  }

  /** Number of latency bins. */
  public int bins() {
    return latencyHistogram.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence e && requests == e.requests && serverErrors == e.serverErrors
        && Arrays.equals(latencyHistogram, e.latencyHistogram) && outOfScope == e.outOfScope
        && labels.equals(e.labels) && shadowCompared == e.shadowCompared && shadowDisagreed == e.shadowDisagreed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(requests, serverErrors, Arrays.hashCode(latencyHistogram), outOfScope, labels, shadowCompared,
        shadowDisagreed);
  }

  @Override
  public String toString() {
    return "Evidence{n=" + requests + " err=" + serverErrors + " oos=" + outOfScope + " labels=" + labels.size()
        + " shadow=" + shadowDisagreed + "/" + shadowCompared + "}";
  }
}
