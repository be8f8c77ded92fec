package io.intentops.loadtest;

import io.intentops.core.ConfigurationException;
import java.util.OptionalDouble;

/**
 * Chooses the probe rates of a search for the highest arrival rate that still meets the SLO: doubles the
 * rate from {@code startRps} while probes pass, then bisects between the highest passing and the lowest
 * failing rate (whole requests per second) until they are within {@code precision} of each other (relative,
 * at least 1 rps) or {@code maxProbes} probes have run. Deterministic; not thread-safe.
 */
final class MaxRateSearch {
  private final double startRps;
  private final double maxRps;
  private final int maxProbes;
  private final double precision;
  private double highestPass;
  private double lowestFail = Double.POSITIVE_INFINITY;
  private int probes;

  MaxRateSearch(double startRps, double maxRps, int maxProbes, double precision) {
    if (!(startRps >= 1) || !(maxRps >= startRps) || maxRps > PhaseSpec.MAX_RPS) {
      throw new ConfigurationException("need 1 <= startRps <= maxRps <= " + PhaseSpec.MAX_RPS + ", got start="
          + startRps + " max=" + maxRps);
    }
    if (maxProbes < 1 || maxProbes > 64) {
      throw new ConfigurationException("maxProbes must be in [1, 64], got " + maxProbes);
    }
    if (!(precision > 0) || precision >= 1) {
      throw new ConfigurationException("precision must be in (0, 1), got " + precision);
    }
    this.startRps = Math.floor(startRps);
    this.maxRps = Math.floor(maxRps);
    this.maxProbes = maxProbes;
    this.precision = precision;
  }

  /** The next rate to probe, or empty when the search is over. */
  OptionalDouble next() {
    if (probes >= maxProbes) {
      return OptionalDouble.empty();
    }
    if (Double.isInfinite(lowestFail)) {
      if (highestPass >= maxRps) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(highestPass == 0 ? startRps : Math.min(maxRps, highestPass * 2));
    }
    if (lowestFail - highestPass <= Math.max(1, precision * highestPass)) {
      return OptionalDouble.empty();
    }
    double mid = Math.floor((highestPass + lowestFail) / 2);
    if (mid < 1 || mid <= highestPass || mid >= lowestFail) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(mid);
  }

  /** Records a probe's outcome. */
  void record(double rps, boolean passed) {
    probes++;
    if (passed) {
      highestPass = Math.max(highestPass, rps);
    } else {
      lowestFail = Math.min(lowestFail, rps);
    }
  }

  /** The highest passing rate so far; 0 when none passed. */
  double best() {
    return highestPass;
  }
}
