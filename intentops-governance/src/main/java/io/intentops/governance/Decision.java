package io.intentops.governance;

import io.intentops.governance.policy.Role;
import io.intentops.governance.policy.ThresholdCheck;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An approver's decision, before it is recorded. Immutable.
 *
 * @param approver who decides (identity)
 * @param role role name as given; parsed with {@link Role#parse} (unknown roles are rejected)
 * @param approved yes or no
 * @param rationale why; must not be blank
 * @param mode how it was taken
 * @param thresholdChecks policy checks shown to the approver
 * @param evaluationSummary metrics shown
 * @param riskSummary risk statement shown
 * @param deploymentUrl target, if known
 */
public record Decision(String approver, String role, boolean approved, String rationale, DecisionMode mode,
    List<ThresholdCheck> thresholdChecks, Map<String, Double> evaluationSummary, String riskSummary,
    @Nullable String deploymentUrl) {
  public Decision {
    thresholdChecks = List.copyOf(thresholdChecks);
    evaluationSummary = Map.copyOf(evaluationSummary);
  }

  /** A plain API decision without evaluation context. */
  public static Decision of(String approver, String role, boolean approved, String rationale) {
    return new Decision(approver, role, approved, rationale, DecisionMode.API, List.of(), Map.of(), "", null);
  }
}
