package io.intentops.router;

import io.intentops.core.ModelVersion;
import io.intentops.router.judge.Decision;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A committed change of routing state, published to {@link RouterListener}s after the store accepted
 * it. Immutable.
 *
 * @param kind what happened
 * @param version the version it happened to
 * @param before state before the change
 * @param after state after the change
 * @param rollback the reason, for {@link Kind#ROLLED_BACK}, {@link Kind#REVERTED} and {@link Kind#ABORTED}
 * @param at when it was committed
 * @param decision the canary judge's decision behind a {@link Kind#ROLLED_BACK} or {@link Kind#REVERTED}; else null
 */
public record RouterEvent(
    Kind kind, ModelVersion version, RoutingState before, RoutingState after, @Nullable RollbackRecord rollback, Instant at,
    @Nullable Decision decision) {

  /** An event without a judge decision (operator actions, plan steps). */
  public RouterEvent(
      Kind kind, ModelVersion version, RoutingState before, RoutingState after, @Nullable RollbackRecord rollback,
      Instant at) {
    this(kind, version, before, after, rollback, at, null);
  }

  /** Kinds of routing-state changes. */
  public enum Kind {
    ROLLOUT_STARTED,
    WEIGHT_CHANGED,
    STEP_ADVANCED,
    PROMOTED,
    PAUSED,
    RESUMED,
    ABORTED,
    ROLLED_BACK,
    /** A version promoted less than the bake period ago breached: the previous stable version is stable again. */
    REVERTED,
    OVERRIDE_CHANGED
  }

  public RouterEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(at, "at");
  }
}
