package io.intentops.governance;

import io.intentops.governance.policy.Role;
import io.intentops.core.ModelVersion;
import io.intentops.governance.policy.ThresholdCheck;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One final approval decision; written once as {@code models/<model>/approvals/<version>/<n>.json}
 * with snake_case fields ({@code approval_id}, {@code timestamp}, {@code decision_mode},
 * {@code approved}, {@code approver}, {@code rationale}, {@code threshold_checks},
 * {@code evaluation_summary}, {@code risk_summary}, {@code deployment_url}, ...). Immutable.
 *
 * @param approvalId {@code <model>@<version>#<n>}
 * @param timestamp when (from the configured clock)
 * @param decisionMode interactive, automated or API
 * @param approved yes or no
 * @param approver who decided
 * @param role in which role, when it is one of the predefined {@link Role}s; null for a domain role
 *     such as {@code QA_TESTER} (then see {@code roleName})
 * @param rationale why (required)
 * @param thresholdChecks the policy checks the approver saw
 * @param evaluationSummary headline metrics the approver saw
 * @param riskSummary risk statement the approver saw
 * @param deploymentUrl where it will be deployed, if known
 * @param model model name
 * @param version version
 * @param requestId the request decided
 * @param roleName the role as data (normalised name), always set; equals {@code role.name()} when
 *     {@code role} is set
 */
public record ApprovalRecord(String approvalId, Instant timestamp, DecisionMode decisionMode, boolean approved,
    String approver, @Nullable Role role, String rationale, List<ThresholdCheck> thresholdChecks,
    Map<String, Double> evaluationSummary, String riskSummary, @Nullable String deploymentUrl, String model,
    ModelVersion version, String requestId, String roleName) {
  public ApprovalRecord {
    thresholdChecks = List.copyOf(thresholdChecks);
    evaluationSummary = Collections.unmodifiableMap(new TreeMap<>(evaluationSummary));
    if (roleName == null || roleName.isBlank()) {
      // Records written before roles were data carry only the enum role.
      if (role == null) {
        throw new IllegalArgumentException("ApprovalRecord " + approvalId + " has neither role nor role_name");
      }
      roleName = role.name();
    }
  }

  /** A record in one of the predefined roles (the form before roles were data). */
  public ApprovalRecord(String approvalId, Instant timestamp, DecisionMode decisionMode, boolean approved,
      String approver, Role role, String rationale, List<ThresholdCheck> thresholdChecks,
      Map<String, Double> evaluationSummary, String riskSummary, @Nullable String deploymentUrl, String model,
      ModelVersion version, String requestId) {
    this(approvalId, timestamp, decisionMode, approved, approver, role, rationale, thresholdChecks, evaluationSummary,
        riskSummary, deploymentUrl, model, version, requestId, role.name());
  }
}
