package io.intentops.router.simulation;

import org.apache.commons.math3.special.Erf;

/** The standard normal CDF. */
final class Normal {
  private Normal() {}

  static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }
}
