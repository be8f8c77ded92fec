package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.governance.policy.PolicyVerdict;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The deploy gate's answer ({@link DeployGate#check}): may this registered version be deployed? Printed as
 * JSON by the governance {@code gate} CLI. Not to be confused with the eval module's
 * {@code io.intentops.eval.gate.GateVerdict}, which compares two eval reports for regressions. Immutable.
 *
 * @param passed true only if the version is registered, not archived, approved, the report is the one
 *     attached, and the policy does not deny
 * @param model model name
 * @param version version
 * @param stage current stage, or null if not registered
 * @param reportDigest SHA-256 of the report evaluated
 * @param policy the policy verdict
 * @param approval the approval status against the required roles (configured plus the rule's)
 * @param reasons why it failed (empty when passed)
 * @param timestamp when it was checked
 * @param overrideId the break-glass override that lifted the policy's deny, or null
 */
public record DeployVerdict(boolean passed, String model, ModelVersion version, @Nullable Stage stage,
    Checksum reportDigest, PolicyVerdict policy, @Nullable ApprovalStatus approval, List<String> reasons,
    Instant timestamp, @Nullable String overrideId) {
  public DeployVerdict {
    reasons = List.copyOf(reasons);
  }

  /** A verdict without break-glass (the form before overrides existed). */
  public DeployVerdict(boolean passed, String model, ModelVersion version, @Nullable Stage stage,
      Checksum reportDigest, PolicyVerdict policy, @Nullable ApprovalStatus approval, List<String> reasons,
      Instant timestamp) {
    this(passed, model, version, stage, reportDigest, policy, approval, reasons, timestamp, null);
  }
}
