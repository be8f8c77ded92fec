package io.intentops.core.capture;

import io.intentops.core.ModelVersion;
import java.time.Instant;

/**
 * Something a capture pipeline stores: a served prediction ({@link CaptureRecord}) or feedback on one
 * ({@link Feedback}). Both are tied to a request id and the model version that answered. Immutable.
 */
public sealed interface CaptureEvent permits CaptureRecord, Feedback {

  /** The caller's request id; feedback refers to the prediction with the same id. */
  String requestId();

  /** When the event happened (wall clock). */
  Instant time();

  /** The model version that served the request. */
  ModelVersion modelVersion();
}
