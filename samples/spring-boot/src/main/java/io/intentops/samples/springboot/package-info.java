/**
 * A Spring Boot service on the IntentOps starter: configuration plus its HTTP API (intent prediction,
 * single and batch, entity extraction, feedback for A/B tests, rate limits, request-size limit, RFC 7807
 * problem details). Models, router, drift, calibration, warm-up and meters come from
 * {@code intentops-spring-boot-starter}; readiness stays DOWN until the warm-up is done.
 *
 * <p>Bring your own model by defining an
 * {@link io.intentops.spring.boot.autoconfigure.IntentOpsModelSource} bean (any
 * {@link io.intentops.core.Predictor}); without one the service loads the bundle at {@code MODEL_PATH}.
 */
@NullMarked
package io.intentops.samples.springboot;

import org.jspecify.annotations.NullMarked;
