package io.intentops.router;

import io.intentops.core.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A step plan for a candidate, e.g. 10 % for 15 min, then 50 % for 15 min, then promotion. The
 * candidate enters step 0 at once; it leaves a step when the step's hold time has elapsed <em>and</em>
 * the canary judge's verdict on the evidence gathered during the step is HEALTHY, with at least {@code
 * minHealthyWindowsPerStep} windows closed during the step while it was. Leaving the last step promotes
 * the candidate to stable (100 %). Immutable and thread-safe; build with {@link #custom()}.
 *
 * @param steps weights in basis points, strictly increasing, each in (0, 10000]
 * @param minHealthyWindowsPerStep windows that must close during each step while the judge says HEALTHY
 */
public record RolloutPlan(List<Step> steps, int minHealthyWindowsPerStep) {
  public static final int DEFAULT_MIN_HEALTHY_WINDOWS_PER_STEP = 1;

  /**
   * One step of a plan.
   *
   * @param weightBps candidate weight in basis points while in this step
   * @param hold minimum time in this step
   */
  public record Step(int weightBps, Duration hold) {
    public Step {
      Objects.requireNonNull(hold, "hold");
      if (weightBps <= 0 || weightBps > 10_000) {
        throw new ConfigurationException("RolloutPlan step weight must be in (0, 10000] bps, got " + weightBps);
      }
      if (hold.isNegative()) {
        throw new ConfigurationException("RolloutPlan step hold must not be negative, got " + hold);
      }
    }
  }

  public RolloutPlan {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new ConfigurationException("RolloutPlan needs at least one step");
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).weightBps() <= steps.get(i - 1).weightBps()) {
        throw new ConfigurationException("RolloutPlan step weights must strictly increase; step " + i + " has "
            + steps.get(i).weightBps() + " bps after " + steps.get(i - 1).weightBps());
      }
    }
    if (minHealthyWindowsPerStep < 0) {
      throw new ConfigurationException(
          "RolloutPlan.minHealthyWindowsPerStep must be >= 0, got " + minHealthyWindowsPerStep);
    }
  }

  public static Builder custom() {
    return new Builder();
  }

  /** Builder for {@link RolloutPlan}; not thread-safe. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private int minHealthyWindowsPerStep = DEFAULT_MIN_HEALTHY_WINDOWS_PER_STEP;

    private Builder() {}

    /** Adds a step: {@code weightBps} for at least {@code hold}. */
    public Builder step(int weightBps, Duration hold) {
      steps.add(new Step(weightBps, hold));
      return this;
    }

    public Builder minHealthyWindowsPerStep(int n) {
      this.minHealthyWindowsPerStep = n;
      return this;
    }

    public RolloutPlan build() {
      return new RolloutPlan(steps, minHealthyWindowsPerStep);
    }
  }
}
