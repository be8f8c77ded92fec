package io.intentops.inference.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of {@link InferenceStage}s. Implement it (or extend
 * {@link DefaultInferenceObservationConvention}) to rename or retag; keep what varies per request (batch
 * size, anything derived from the text) out of the low-cardinality keys, since those become metric tags.
 * Implementations must be thread-safe.
 */
public interface InferenceObservationConvention extends ObservationConvention<InferenceObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof InferenceObservationContext;
  }
}
