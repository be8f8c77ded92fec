package io.intentops.core.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import org.jspecify.annotations.Nullable;

/**
 * A model that was evaluated.
 *
 * @param name bundle name
 * @param version model version
 * @param task intent or ner
 * @param manifestSha256 SHA-256 of the manifest's canonical JSON ({@link ModelManifests#toJson}), which
 *     pins every bundle file through the manifest's {@code files} digests
 * @param manifest the full manifest, or null when the predictor came without one; read like
 *     {@link ModelManifests#read}, which ignores fields a newer bundle format added
 */
public record ModelInfo(
    String name, ModelVersion version, Task task, @Nullable Checksum manifestSha256, @JsonIgnoreProperties(ignoreUnknown = true) @Nullable ModelManifest manifest) {

  /** Describes a bundle from its manifest. */
  public static ModelInfo of(ModelManifest m) {
    return new ModelInfo(m.name(), m.version(), m.task(), Checksum.sha256(ModelManifests.toJson(m)), m);
  }
}
