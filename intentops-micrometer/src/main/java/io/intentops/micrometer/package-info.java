/**
 * Micrometer bindings of IntentOps, kept out of the library modules so that neither
 * {@code intentops-router} nor the predictors need {@code micrometer-core}:
 * {@link io.intentops.micrometer.RouterMetrics} binds a router's per-version meters named
 * {@code intentops.router.*} to a {@code MeterRegistry}; {@link io.intentops.micrometer.PredictorMetrics}
 * turns the predictors' stage observations into stage timers and a batch-size distribution.
 */
@NullMarked
package io.intentops.micrometer;

import org.jspecify.annotations.NullMarked;
