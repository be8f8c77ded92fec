package io.intentops.cli.eval;

import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Bundle directories with only a manifest, for commands that read manifests (tests only). */
public final class TestBundles {
  private TestBundles() {}

  /** An intent bundle {@code name} 1.0.0-1 under {@code dir/name}. */
  public static Path intent(Path dir, String name) {
    return intent(dir, name, ModelVersion.of(1, 0, 0, 1));
  }

  /** An intent bundle {@code name} at {@code version} under {@code dir/name-version}. */
  public static Path intent(Path dir, String name, ModelVersion version) {
    Path b = dir.resolve(name + "-" + version);
    ModelManifests.write(new ModelManifest(1, name, version, Task.INTENT,
        new ModelManifest.EncoderRef("bge-small-en-v1.5", "classpath:/m.onnx", Checksum.sha256("m"), "mean", 128), null,
        List.of("a", "b", "c"), 1.0, new ModelManifest.OosConfig("knn-cosine", 0.5, 0.95, Map.of()), Map.of(),
        Map.of("train.csv", Checksum.sha256("train")), Map.of(), Instant.parse("2026-01-01T00:00:00Z"), 2025, Map.of()),
        b.resolve("manifest.json"));
    return b;
  }
}
