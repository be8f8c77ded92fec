package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import java.time.Instant;
import java.util.List;

/**
 * A request to override a release policy's {@code deny} for one version and one eval report (break
 * glass). Written once ({@code models/<model>/breakglass/<version>/request-<n>.json}); it takes
 * effect only when every role of {@code approverRoles} has approved it through a distinct approver
 * who is not the requester ({@link BreakGlassApproval}). Immutable.
 *
 * @param overrideId {@code <model>@<version>!bg<n>}
 * @param model model name
 * @param version version
 * @param policy name of the policy whose deny is overridden
 * @param reportDigest digest of the eval report the deny was given for (the override covers only it)
 * @param denyReason the policy's verdict reason when the override was requested
 * @param justification why deploying anyway is acceptable (required; shown on the model card)
 * @param requestedBy who asked
 * @param timestamp when
 * @param approverRoles the roles that must each approve, by distinct people (at least two)
 */
public record BreakGlassRequest(String overrideId, String model, ModelVersion version, String policy,
    Checksum reportDigest, String denyReason, String justification, String requestedBy, Instant timestamp,
    List<String> approverRoles) {
  public BreakGlassRequest {
    approverRoles = List.copyOf(approverRoles);
  }
}
