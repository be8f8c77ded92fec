package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Immutable evidence of a release: what was deployed, built from what, approved by whom. Written once
 * ({@code models/<model>/releases/<sequence>.json}, never replaced); a mistake is fixed by a new
 * {@link ReleaseKind#CORRECTION} record pointing at the old one.
 *
 * @param releaseId {@code <model>-r<sequence>}
 * @param sequence 1-based per model
 * @param kind promotion, rollback or correction
 * @param model model name
 * @param version the version now in production (for a correction: the version concerned)
 * @param bundleDigest manifest digest of that version
 * @param datasetDigests training data digests
 * @param configDigest digest of the deployment configuration, if given
 * @param evalReportDigest digest of the eval report attached to the version, if any
 * @param codeCommit source commit the bundle was built from
 * @param tag release tag
 * @param deploymentUrl where it is deployed, if given
 * @param reason why
 * @param timestamp when
 * @param actor who
 * @param approvalIds the approval records that authorised it (empty for rollbacks)
 * @param corrects release id this record corrects, or null
 * @param previousVersion the version that was in production before, or null
 * @param breakGlassId the break-glass override ({@link BreakGlassRequest#overrideId()}) that let this
 *     version past a policy deny, or null when none was used
 */
public record ReleaseRecord(String releaseId, long sequence, ReleaseKind kind, String model, ModelVersion version,
    Checksum bundleDigest, Map<String, Checksum> datasetDigests, @Nullable Checksum configDigest,
    @Nullable Checksum evalReportDigest, String codeCommit, String tag, @Nullable String deploymentUrl, String reason,
    Instant timestamp, String actor, List<String> approvalIds, @Nullable String corrects,
    @Nullable ModelVersion previousVersion, @Nullable String breakGlassId) {
  public ReleaseRecord {
    datasetDigests = Collections.unmodifiableMap(new TreeMap<>(datasetDigests));
    approvalIds = List.copyOf(approvalIds);
  }

  /** A record without break-glass (the form before overrides existed). */
  public ReleaseRecord(String releaseId, long sequence, ReleaseKind kind, String model, ModelVersion version,
      Checksum bundleDigest, Map<String, Checksum> datasetDigests, @Nullable Checksum configDigest,
      @Nullable Checksum evalReportDigest, String codeCommit, String tag, @Nullable String deploymentUrl, String reason,
      Instant timestamp, String actor, List<String> approvalIds, @Nullable String corrects,
      @Nullable ModelVersion previousVersion) {
    this(releaseId, sequence, kind, model, version, bundleDigest, datasetDigests, configDigest, evalReportDigest,
        codeCommit, tag, deploymentUrl, reason, timestamp, actor, approvalIds, corrects, previousVersion, null);
  }

  /** Whether a break-glass override was used. */
  public boolean brokeGlass() {
    return breakGlassId != null;
  }
}
