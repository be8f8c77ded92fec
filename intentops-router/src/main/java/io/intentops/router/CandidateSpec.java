package io.intentops.router;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a candidate starts when a {@link Router} is built: a fixed weight, or a step plan (which starts
 * at its first step's weight). Immutable.
 *
 * @param version the candidate
 * @param weightBps the fixed weight in basis points, [0, 10000]; for a plan, its first step's weight
 * @param plan the step plan, or null for a fixed weight
 */
public record CandidateSpec(ModelVersion version, int weightBps, @Nullable RolloutPlan plan) {

  public CandidateSpec {
    Objects.requireNonNull(version, "version");
    if (weightBps < 0 || weightBps > RoutingState.TOTAL_BPS) {
      throw new ConfigurationException("Candidate " + version + " weight must be in [0, 10000] bps, got " + weightBps);
    }
    if (plan != null && plan.steps().get(0).weightBps() != weightBps) {
      throw new ConfigurationException("Candidate " + version + " with a plan starts at the plan's first step, "
          + plan.steps().get(0).weightBps() + " bps, not " + weightBps);
    }
  }

  /** A candidate at a fixed weight. */
  public static CandidateSpec fixed(ModelVersion version, int weightBps) {
    return new CandidateSpec(version, weightBps, null);
  }

  /** A candidate following {@code plan}. */
  public static CandidateSpec plan(ModelVersion version, RolloutPlan plan) {
    Objects.requireNonNull(plan, "plan");
    return new CandidateSpec(version, plan.steps().get(0).weightBps(), plan);
  }
}
