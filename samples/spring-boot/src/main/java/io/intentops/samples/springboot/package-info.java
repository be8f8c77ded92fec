/**
 * A Spring Boot service that embeds the IntentOps SDK: intent prediction (single and batch), entity
 * extraction, feedback for A/B tests, router metrics for Prometheus, a readiness probe that stays DOWN
 * until the model is loaded, and RFC 7807 problem details for every error.
 *
 * <p>Bring your own model by defining a {@link io.intentops.samples.springboot.ModelProvider} bean
 * (any {@link io.intentops.core.Predictor}); without one the service loads the bundle at
 * {@code MODEL_PATH}.
 */
@NullMarked
package io.intentops.samples.springboot;

import org.jspecify.annotations.NullMarked;
