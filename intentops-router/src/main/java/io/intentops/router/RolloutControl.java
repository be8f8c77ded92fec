package io.intentops.router;

import io.intentops.core.ModelVersion;
import org.jspecify.annotations.Nullable;

/**
 * Operator actions on a router's deployment. Each action is one compare-and-set on the {@link
 * RoutingStateStore}, recomputed from the freshest stored state, so it can never undo a concurrent
 * rollback. Actions that make no sense in the current phase throw {@link RolloutStateException} and
 * change nothing. Thread-safe.
 */
public interface RolloutControl {

  /**
   * Starts (or restarts, after a rollback or abort) a step plan for a registered, non-stable version.
   * @throws RolloutStateException if the version is already active or is the stable version
   */
  RoutingState startRollout(ModelVersion candidate, RolloutPlan plan);

  /**
   * Sets a fixed weight for an active candidate (or adds a registered version as a candidate); the
   * stable version absorbs the difference. Any plan is dropped.
   * @throws RolloutStateException if the version is rolled back or aborted, or the weights would exceed 10000
   */
  RoutingState setWeight(ModelVersion candidate, int weightBps);

  /**
   * Makes an active candidate the stable version (100 % of the traffic not held by other candidates);
   * with no other candidates this is a blue/green switch. The old stable version leaves the state.
   * @throws RolloutStateException if the candidate was rolled back or aborted
   */
  RoutingState promote(ModelVersion candidate);

  /** Freezes a candidate's plan at its current step; monitoring and rollback continue. */
  RoutingState pause(ModelVersion candidate);

  /** Resumes a paused candidate; its current step's hold time restarts. */
  RoutingState resume(ModelVersion candidate);

  /** Sets the candidate's weight to 0 and records {@code reason} as a manual abort. */
  RoutingState abort(ModelVersion candidate, String reason);

  /**
   * Forces requests whose segment or routing key equals {@code segment} to {@code version}; {@code
   * null} removes the override. Overrides bypass weights but not fallback.
   */
  RoutingState override(String segment, @Nullable ModelVersion version);
}
