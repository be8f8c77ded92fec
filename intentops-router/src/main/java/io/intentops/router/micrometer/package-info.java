/**
 * Micrometer integration for the router: {@link io.intentops.router.micrometer.RouterMetrics} binds
 * per-version meters named {@code intentops.router.*} to a {@code MeterRegistry}. The only package of
 * the router that depends on Micrometer.
 */
@NullMarked
package io.intentops.router.micrometer;

import org.jspecify.annotations.NullMarked;
