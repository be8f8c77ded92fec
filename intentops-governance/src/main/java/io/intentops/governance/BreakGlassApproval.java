package io.intentops.governance;

import io.intentops.core.ModelVersion;
import java.time.Instant;

/**
 * One approval of a {@link BreakGlassRequest}, in one of its approver roles. Written once. Immutable.
 *
 * @param overrideId the request approved
 * @param model model name
 * @param version version
 * @param ordinal 1-based per request
 * @param approver who approved (never the requester)
 * @param role in which of the request's approver roles
 * @param rationale why (required)
 * @param timestamp when
 */
public record BreakGlassApproval(String overrideId, String model, ModelVersion version, int ordinal, String approver,
    String role, String rationale, Instant timestamp) {}
