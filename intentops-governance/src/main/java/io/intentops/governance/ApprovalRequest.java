package io.intentops.governance;

import io.intentops.core.ModelVersion;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A request to approve a version for release. One per version; stored as
 * {@code models/<model>/approvals/<version>/request.json}. Immutable.
 *
 * @param requestId {@code <model>@<version>}
 * @param model model name
 * @param version version
 * @param submitter who asked (may never approve it)
 * @param timestamp when
 * @param evalReportDigest the eval report attached when the request was made, if any
 */
public record ApprovalRequest(String requestId, String model, ModelVersion version, String submitter,
    Instant timestamp, io.intentops.core.@Nullable Checksum evalReportDigest) {}
