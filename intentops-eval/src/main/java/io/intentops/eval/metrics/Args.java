package io.intentops.eval.metrics;

import io.intentops.core.InvalidInputException;
import java.util.List;

/** Argument checks shared by the metric classes; they all fail with INVALID_ARGUMENT. */
final class Args {
  private Args() {}

  static InvalidInputException invalid(String message) {
    return new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, message);
  }

  static void sameNonEmpty(List<?> gold, List<?> pred, String what) {
    if (gold.size() != pred.size()) {
      throw invalid(what + ": gold has " + gold.size() + " items but predictions have " + pred.size());
    }
    if (gold.isEmpty()) {
      throw invalid(what + ": no examples");
    }
  }

  static void finite(double[] xs, String name) {
    for (int i = 0; i < xs.length; i++) {
      if (!Double.isFinite(xs[i])) {
        throw invalid(name + "[" + i + "] must be finite, got " + xs[i]);
      }
    }
  }

  static void notNaN(double[] xs, String name) {
    for (int i = 0; i < xs.length; i++) {
      if (Double.isNaN(xs[i])) {
        throw invalid(name + "[" + i + "] is NaN");
      }
    }
  }

  static double ratio(double num, double den) {
    return den == 0 ? 0.0 : num / den;
  }

  static double f1(double p, double r) {
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
}
