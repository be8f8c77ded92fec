package io.intentops.postgres;

import io.intentops.core.ModelVersion;
import io.intentops.router.WindowSnapshot;
import java.util.List;

/**
 * What one fleet evaluation did. Immutable.
 *
 * @param leader whether this instance held the fleet leadership (only the leader judges)
 * @param judged fleet windows judged in this evaluation, oldest first per version
 * @param rolledBack candidates this evaluation rolled back (committed by this instance)
 * @param advanced candidates whose plan step this evaluation advanced
 */
public record FleetEvaluation(boolean leader, List<WindowSnapshot> judged, List<ModelVersion> rolledBack,
    List<ModelVersion> advanced) {
  public FleetEvaluation {
    judged = List.copyOf(judged);
    rolledBack = List.copyOf(rolledBack);
    advanced = List.copyOf(advanced);
  }

  /** The result of an instance that is not the leader. */
  public static FleetEvaluation follower() {
    return new FleetEvaluation(false, List.of(), List.of(), List.of());
  }
}
