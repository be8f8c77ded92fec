package io.intentops.core;

import java.util.Objects;

/**
 * A label with its calibrated probability.
 *
 * @param label the class name
 * @param score probability in [0, 1]
 */
public record ScoredLabel(String label, double score) {
  public ScoredLabel {
    Objects.requireNonNull(label, "label");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score + " for '" + label + "'");
    }
  }
}
