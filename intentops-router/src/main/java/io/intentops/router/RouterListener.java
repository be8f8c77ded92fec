package io.intentops.router;

import io.intentops.core.ModelVersion;

/**
 * Receives request observations and routing-state events, for audit logs, notifications and
 * metrics. {@link #onRequest} runs on the request thread for every request and must be cheap and
 * non-blocking. Exceptions thrown by a listener are caught, logged and counted; they never break
 * routing or rollback. Implementations must be thread-safe.
 */
public interface RouterListener {

  /** One request to {@code version} ended with {@code outcome} after {@code latencyNanos}. Shadow requests included. */
  default void onRequest(ModelVersion version, RequestOutcome outcome, long latencyNanos) {}

  /** {@code from} failed or timed out and {@code to} (the stable version) answered instead. */
  default void onFallback(ModelVersion from, ModelVersion to) {}

  /** A routing-state change was committed by this router (rollbacks, plan steps, operator actions). */
  default void onEvent(RouterEvent event) {}
}
