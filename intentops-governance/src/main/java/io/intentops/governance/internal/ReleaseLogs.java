package io.intentops.governance.internal;

import io.intentops.governance.ReleaseRecord;

/** Formats {@code model_release_log.md} entries. Stateless. */
final class ReleaseLogs {
  private ReleaseLogs() {}

  static String entry(String action, ReleaseRecord r, String modelPath) {
    return "## " + r.timestamp() + " " + action + " " + r.model() + " " + r.version() + "\n\n"
        + "- release record: `" + r.releaseId() + "` (" + r.kind() + ")\n"
        + "- model path: `" + modelPath + "`\n"
        + "- checksum (manifest sha256): `" + r.bundleDigest().hex() + "`\n"
        + "- URL or location: " + (r.deploymentUrl() == null ? "(not given)" : r.deploymentUrl()) + "\n"
        + "- reason: " + r.reason().replace('\n', ' ') + "\n"
        + "- actor: " + r.actor() + "\n"
        + (r.previousVersion() == null ? "" : "- replaced: " + r.previousVersion() + "\n")
        + (r.approvalIds().isEmpty() ? "" : "- approvals: " + String.join(", ", r.approvalIds()) + "\n")
        + (r.breakGlassId() == null ? "" : "- BREAK GLASS: policy deny overridden by `" + r.breakGlassId() + "`\n");
  }
}
