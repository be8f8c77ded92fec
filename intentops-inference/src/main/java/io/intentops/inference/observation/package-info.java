/**
 * Micrometer Observation API instrumentation of the predictors' stages. Give a predictor builder an
 * {@code ObservationRegistry} ({@code IntentPredictor.Builder#observationRegistry}); without one the
 * predictors use {@code ObservationRegistry.NOOP} and skip the instrumentation entirely. Each stage is
 * one observation named {@value io.intentops.inference.observation.DefaultInferenceObservationConvention#NAME}
 * whose contextual (span) name is the stage id ({@link io.intentops.inference.observation.InferenceStage}).
 * Low-cardinality keys (timer tags): stage, task, model name and version; high-cardinality keys (span
 * attributes only): batch size. The input text is never recorded.
 */
@NullMarked
package io.intentops.inference.observation;

import org.jspecify.annotations.NullMarked;
