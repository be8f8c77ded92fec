package io.intentops.router;

import io.intentops.core.ModelVersion;
import java.util.Objects;

/**
 * A change the router is about to make that gives {@code version} traffic, as shown to a {@link
 * TrafficGate}. Weights are in basis points of all traffic (0..10000); an override reports the
 * version's weight unchanged since it receives a segment rather than a share. Immutable.
 *
 * @param version the version that would receive traffic
 * @param kind what kind of change this is
 * @param fromBps the version's weight before the change
 * @param toBps the version's weight after the change
 * @param toStable whether the version becomes (or, at start, is) the stable version
 */
public record TrafficChange(ModelVersion version, Kind kind, int fromBps, int toBps, boolean toStable) {

  /** The operation behind the change. */
  public enum Kind {
    /** The versions a router starts with (the stable one and any weighted candidates). */
    INITIAL,
    /** A step plan starts for a candidate. */
    ROLLOUT_STARTED,
    /** An operator raises a candidate's fixed weight. */
    WEIGHT_CHANGED,
    /** A step plan moves to its next, larger step. */
    STEP_ADVANCED,
    /** A candidate becomes the stable version. */
    PROMOTED,
    /** A segment is forced to the version. */
    OVERRIDE
  }

  public TrafficChange {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    if (fromBps < 0 || toBps < 0 || fromBps > RoutingState.TOTAL_BPS || toBps > RoutingState.TOTAL_BPS) {
      throw new IllegalArgumentException("weights must be in [0, 10000] bps, got " + fromBps + " -> " + toBps);
    }
  }
}
