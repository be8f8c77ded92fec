package io.intentops.governance.docs;

import io.intentops.core.Checksum;
import io.intentops.governance.BreakGlassApproval;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.ReleaseRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What binds a model card (or an Annex IV pack) to one release: the release record with its bundle and
 * eval report digests, links to the harness's {@code eval.json} and HTML report with their SHA-256,
 * and the break-glass override that let it past a policy deny, if one did. A reader checks the card
 * against the release by comparing digests. Immutable.
 *
 * @param release the release record (promotion)
 * @param evalJson link (path or URL) to the harness's {@code eval.json}
 * @param evalJsonSha256 its SHA-256
 * @param htmlReport link to the HTML report, or null
 * @param htmlReportSha256 its SHA-256, or null
 * @param breakGlass the override named by {@code release.breakGlassId()}, or null
 * @param breakGlassApprovals its approvals (empty without an override)
 */
public record ReleaseBinding(ReleaseRecord release, String evalJson, Checksum evalJsonSha256, @Nullable String htmlReport,
    @Nullable Checksum htmlReportSha256, @Nullable BreakGlassRequest breakGlass,
    List<BreakGlassApproval> breakGlassApprovals) {
  public ReleaseBinding {
    breakGlassApprovals = List.copyOf(breakGlassApprovals);
    if ((release.breakGlassId() == null) != (breakGlass == null)
        || (breakGlass != null && !breakGlass.overrideId().equals(release.breakGlassId()))) {
      throw new IllegalArgumentException("ReleaseBinding: release " + release.releaseId() + " names break glass "
          + release.breakGlassId() + " but the binding has " + (breakGlass == null ? null : breakGlass.overrideId()));
    }
  }

  /** The Markdown section both documents use. */
  String markdown() {
    ReleaseRecord r = release;
    StringBuilder sb = new StringBuilder();
    sb.append("## Release binding\n\n");
    // No timestamp: the document must be the same wherever the same release is rebuilt (the record has it).
    sb.append("This document describes release `").append(r.releaseId()).append("` (").append(r.kind()).append(", ")
        .append("by ").append(r.actor()).append("). Check it by digest:\n\n");
    sb.append("| what | sha256 |\n| --- | --- |\n");
    sb.append("| bundle manifest (`").append(r.model()).append('@').append(r.version()).append("`) | `")
        .append(r.bundleDigest().hex()).append("` |\n");
    sb.append("| governance eval report attached to the version | `")
        .append(r.evalReportDigest() == null ? "(none)" : r.evalReportDigest().hex()).append("` |\n");
    sb.append("| [eval.json](").append(evalJson).append(") | `").append(evalJsonSha256.hex()).append("` |\n");
    if (htmlReport != null) {
      sb.append("| [HTML report](").append(htmlReport).append(") | `")
          .append(htmlReportSha256 == null ? "(not computed)" : htmlReportSha256.hex()).append("` |\n");
    }
    if (r.configDigest() != null) {
      sb.append("| deployment configuration | `").append(r.configDigest().hex()).append("` |\n");
    }
    sb.append("\nApprovals: ").append(r.approvalIds().isEmpty() ? "none" : String.join(", ", r.approvalIds()))
        .append(". Tag `").append(r.tag()).append("`.\n\n");
    if (breakGlass != null) {
      sb.append("**BREAK GLASS.** Policy `").append(breakGlass.policy()).append("` denied this release (")
          .append(breakGlass.denyReason()).append("); override `").append(breakGlass.overrideId())
          .append("` requested by ").append(breakGlass.requestedBy()).append(" with the justification: \"")
          .append(breakGlass.justification()).append("\". Approved by ");
      List<String> who = breakGlassApprovals.stream().map(a -> a.approver() + " (" + a.role() + ": " + a.rationale()
          + ")").toList();
      sb.append(String.join("; ", who)).append(".\n\n");
    }
    return sb.toString();
  }
}
