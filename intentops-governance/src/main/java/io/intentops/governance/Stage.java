package io.intentops.governance;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle stage of a model version. Legal moves:
 *
 * <pre>
 * EXPERIMENT -> CANDIDATE | ARCHIVED
 * CANDIDATE  -> CANARY | EXPERIMENT | ARCHIVED
 * CANARY     -> PRODUCTION | CANDIDATE | ARCHIVED     (PRODUCTION only through promotion)
 * PRODUCTION -> DEPRECATED                             (when replaced or rolled back)
 * DEPRECATED -> PRODUCTION | ARCHIVED                  (PRODUCTION only through rollback)
 * ARCHIVED   -> (none)
 * </pre>
 */
public enum Stage {
  /** Trained, not yet proposed. */
  EXPERIMENT,
  /** Proposed for release; approvals can be requested. */
  CANDIDATE,
  /** Serving a share of traffic. */
  CANARY,
  /** Serving production traffic (at most one version per model). */
  PRODUCTION,
  /** Replaced in production; kept for rollback. */
  DEPRECATED,
  /** Retired for good. */
  ARCHIVED;

  /** Stages this one may move to. */
  public Set<Stage> next() {
    return switch (this) {
      case EXPERIMENT -> EnumSet.of(CANDIDATE, ARCHIVED);
      case CANDIDATE -> EnumSet.of(CANARY, EXPERIMENT, ARCHIVED);
      case CANARY -> EnumSet.of(PRODUCTION, CANDIDATE, ARCHIVED);
      case PRODUCTION -> EnumSet.of(DEPRECATED);
      case DEPRECATED -> EnumSet.of(PRODUCTION, ARCHIVED);
      case ARCHIVED -> EnumSet.noneOf(Stage.class);
    };
  }

  /** Whether moving from this stage to {@code to} is legal. */
  public boolean canMoveTo(Stage to) {
    return next().contains(to);
  }
}
