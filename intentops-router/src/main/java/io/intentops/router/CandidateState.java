package io.intentops.router;

import io.intentops.core.ModelVersion;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One non-stable version in a {@link RoutingState}. Immutable.
 *
 * @param version the candidate
 * @param weightBps share of traffic in basis points, 0..10000
 * @param phase lifecycle phase
 * @param plan step plan, or {@code null} for a fixed weight
 * @param step index of the current plan step (0 without a plan)
 * @param stepStartedAtMillis epoch millis when the current step (or fixed weight) began
 * @param rollback why the candidate was rolled back or aborted; {@code null} otherwise
 */
public record CandidateState(
    ModelVersion version,
    int weightBps,
    Phase phase,
    @Nullable RolloutPlan plan,
    int step,
    long stepStartedAtMillis,
    @Nullable RollbackRecord rollback) {

  /** Lifecycle of a candidate. */
  public enum Phase {
    /** Serving a fixed weight set by an operator. */
    FIXED,
    /** Following its {@link RolloutPlan}. */
    RAMPING,
    /** Plan frozen by an operator; SLO monitoring (and rollback) continue. */
    PAUSED,
    /** Taken out of traffic by the SLO alarm. Only a new rollout brings it back. */
    ROLLED_BACK,
    /** Taken out of traffic by an operator. Only a new rollout brings it back. */
    ABORTED,
    /**
     * Was promoted, breached during its bake period, and traffic went back to the previous stable
     * version; kept as a candidate at weight 0. Only a new rollout brings it back.
     */
    REVERTED;

    /** Whether the candidate is in traffic (or may be given traffic) and is SLO-monitored. */
    public boolean isActive() {
      return this == FIXED || this == RAMPING || this == PAUSED;
    }
  }

  public CandidateState {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(phase, "phase");
    if (weightBps < 0 || weightBps > 10_000) {
      throw new IllegalArgumentException("Candidate " + version + " weight must be in [0, 10000] bps, got " + weightBps);
    }
    if (!phase.isActive() && weightBps != 0) {
      throw new IllegalArgumentException("Candidate " + version + " is " + phase + " but has weight " + weightBps);
    }
    if (phase == Phase.RAMPING && plan == null) {
      throw new IllegalArgumentException("Candidate " + version + " is RAMPING without a plan");
    }
    if (plan != null && (step < 0 || step >= plan.steps().size())) {
      throw new IllegalArgumentException("Candidate " + version + " step " + step + " is outside its plan");
    }
  }
}
