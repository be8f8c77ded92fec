/**
 * Capture SPI: the records that predictors, routers and applications hand to a capture pipeline
 * ({@link io.intentops.core.capture.CaptureRecord} for a served prediction,
 * {@link io.intentops.core.capture.Feedback} for a user's verdict on one) and the
 * {@link io.intentops.core.capture.CaptureSink} that receives them. It lives in core so that the router
 * and the inference module can feed capture without depending on {@code intentops-capture}, which
 * implements redaction, sampling, the bounded asynchronous queue and the sinks.
 */
@NullMarked
package io.intentops.core.capture;

import org.jspecify.annotations.NullMarked;
