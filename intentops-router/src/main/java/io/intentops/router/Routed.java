package io.intentops.router;

import io.intentops.core.ModelVersion;
import java.util.Objects;

/**
 * One routed prediction: the output, the version that produced it, and the version the router chose
 * first. Immutable.
 *
 * @param output the prediction returned to the caller
 * @param answeredBy the version that produced {@code output}
 * @param chosen the version selected by weights or an override
 * @param fellBack whether {@code chosen} failed or timed out and the stable version answered
 * @param <O> output type
 */
public record Routed<O>(O output, ModelVersion answeredBy, ModelVersion chosen, boolean fellBack) {
  public Routed {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(answeredBy, "answeredBy");
    Objects.requireNonNull(chosen, "chosen");
  }
}
