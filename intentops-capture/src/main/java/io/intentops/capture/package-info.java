/**
 * Capture of served predictions and feedback: {@link io.intentops.capture.CapturePipeline} (sampling,
 * PII redaction before any sink, a bounded asynchronous queue that never blocks a request and counts
 * drops), {@link io.intentops.capture.JsonlFileSink} (rolling, crash-safe JSON-lines files with a
 * retention TTL), {@link io.intentops.capture.CaptureFiles} (reading them back, skipping a torn last
 * line), {@link io.intentops.capture.CapturingPredictor} (a decorator that feeds a sink from any intent
 * predictor), {@link io.intentops.capture.OnlineAccuracy} (accuracy per version from feedback) and
 * {@link io.intentops.capture.ReviewQueue} (the labelled CSV for retraining).
 */
@NullMarked
package io.intentops.capture;

import org.jspecify.annotations.NullMarked;
