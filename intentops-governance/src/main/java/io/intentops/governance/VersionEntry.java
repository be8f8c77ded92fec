package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A registered model version and its current state. Stored as
 * {@code models/<model>/versions/<version>.json}; replaced atomically on each change. Immutable.
 *
 * @param model model name
 * @param version version
 * @param stage current stage
 * @param bundleDigest SHA-256 of the bundle's {@code manifest.json} (which lists every file's digest)
 * @param datasetDigests training dataset digests from the manifest, keyed by dataset id
 * @param location where the bundle lives (path or URL)
 * @param evalReportDigest digest of the attached eval report, or null if none yet
 * @param registeredBy who registered it
 * @param registeredAt when
 * @param history every stage transition, oldest first
 */
public record VersionEntry(String model, ModelVersion version, Stage stage, Checksum bundleDigest,
    Map<String, Checksum> datasetDigests, String location, @Nullable Checksum evalReportDigest, String registeredBy,
    Instant registeredAt, List<StageTransition> history) {
  public VersionEntry {
    datasetDigests = Collections.unmodifiableMap(new TreeMap<>(datasetDigests));
    history = List.copyOf(history);
  }

  /** {@code model@version}. */
  public String subject() {
    return model + "@" + version;
  }

  /** A copy in stage {@code to} with the transition appended. */
  public VersionEntry moveTo(StageTransition t) {
    List<StageTransition> h = new ArrayList<>(history);
    h.add(t);
    return new VersionEntry(model, version, t.to(), bundleDigest, datasetDigests, location, evalReportDigest,
        registeredBy, registeredAt, h);
  }

  /** A copy with the eval report digest set. */
  public VersionEntry withEvalReport(Checksum digest) {
    return new VersionEntry(model, version, stage, bundleDigest, datasetDigests, location, digest, registeredBy,
        registeredAt, history);
  }
}
