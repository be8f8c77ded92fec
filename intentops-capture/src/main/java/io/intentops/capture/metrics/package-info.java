/**
 * Micrometer meters for capture and live drift ({@link io.intentops.capture.metrics.CaptureMeters}).
 * The only package of the module that uses Micrometer.
 */
@NullMarked
package io.intentops.capture.metrics;

import org.jspecify.annotations.NullMarked;
