package io.intentops.governance;

import io.intentops.core.ModelVersion;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * Break-glass overrides of a release policy's {@code deny}. Flow: someone with {@code REQUEST_OVERRIDE}
 * asks with a justification ({@link #request}); each approver role of the {@link BreakGlassPolicy}
 * approves through a different person who is not the requester ({@link #approve}); from then on
 * {@link DeployGate#check} lets that version with that exact eval report past that policy's deny,
 * and says so ({@link DeployVerdict#overrideId()}), the promotion's {@link ReleaseRecord} carries the
 * override id, the audit log has {@code breakglass.*} events and the model card shows the
 * justification. Approvals (the ordinary ones) are still needed; an override replaces only the deny.
 * Thread-safe; principal forms only (checked by the configured authorizer, if any).
 */
public interface BreakGlass {

  /**
   * Asks to override {@code policy}'s deny of {@code reportJson} (which must be the report attached to
   * the version, and which the policy must deny).
   */
  BreakGlassRequest request(Principal who, String model, ModelVersion version, Policy policy, byte[] reportJson,
      String justification);

  /** Approves an override in {@code role}, which {@code who} must hold and the request must list. */
  BreakGlassApproval approve(Principal who, String model, ModelVersion version, String overrideId, String role,
      String rationale);

  /** The version's override requests, oldest first. */
  List<BreakGlassRequest> requests(String model, ModelVersion version);

  /** The approvals of the version's overrides, in order. */
  List<BreakGlassApproval> approvals(String model, ModelVersion version);

  /** The version's fully approved override, if any (the latest one). */
  Optional<BreakGlassRequest> active(String model, ModelVersion version);
}
