package io.intentops.inference.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.inference.encoder.DigestCache;
import io.intentops.inference.encoder.ModelResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFilesTest {

  static ModelManifest manifest(Map<String, Checksum> files) {
    return new ModelManifest(1, "test", ModelVersion.parse("1.0.0-1"), Task.INTENT,
        new ModelManifest.EncoderRef("e", "classpath:/e.onnx", Checksum.sha256("e"), "mean", 128), null,
        List.of("a", "b"), 1.0, null, files, Map.of(), Map.of(), Instant.parse("2025-01-01T00:00:00Z"), 2025, Map.of());
  }

  @Test
  void acceptsMatchingFilesAndRejectsATamperedOneNamingBothDigests(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("head.bin"), "weights");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/x.txt"), "x");
    Map<String, Checksum> digests = BundleFiles.digests(dir, List.of("head.bin", "sub/x.txt"));
    ModelResource bundle = ModelResource.file(dir);
    assertThatCode(() -> BundleFiles.verify(bundle, manifest(digests))).doesNotThrowAnyException();

    Files.writeString(dir.resolve("head.bin"), "weightz");
    Checksum actual = Checksum.sha256("weightz");
    assertThatThrownBy(() -> BundleFiles.verify(bundle, manifest(digests)))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("head.bin")
        .hasMessageContaining(digests.get("head.bin").hex())
        .hasMessageContaining(actual.hex());
  }

  @Test
  void missingFileAndEscapingPathsAreIntegrityErrors(@TempDir Path dir) {
    ModelResource bundle = ModelResource.file(dir);
    assertThatThrownBy(() -> BundleFiles.verify(bundle, manifest(Map.of("gone.bin", Checksum.sha256("x")))))
        .isInstanceOf(ModelIntegrityException.class).hasMessageContaining("gone.bin").hasMessageContaining("missing");
    for (String bad : List.of("../etc/passwd", "/abs", "a/../../b", "classpath:/x")) {
      assertThatThrownBy(() -> BundleFiles.verify(bundle, manifest(Map.of(bad, Checksum.sha256("x")))))
          .isInstanceOf(ModelIntegrityException.class).hasMessageContaining(bad);
    }
  }

  @Test
  void digestCacheNoticesChangedFiles(@TempDir Path dir) throws Exception {
    DigestCache cache = new DigestCache();
    Path f = dir.resolve("m.onnx");
    Files.writeString(f, "one");
    assertThat(cache.sha256(f)).isEqualTo(Checksum.sha256("one"));
    assertThat(cache.sha256(f)).isEqualTo(Checksum.sha256("one"));
    assertThat(cache.size()).isEqualTo(1);
    Files.writeString(f, "two!");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(cache.sha256(f)).isEqualTo(Checksum.sha256("two!"));
  }

  @Test
  void classpathBundleResolvesRelativeFiles() {
    ModelResource folder = ModelResource.classpath("io/intentops/inference/");
    assertThat(folder.resolve("x/y.json").ref()).isEqualTo("classpath:/io/intentops/inference/x/y.json");
    assertThat(ModelResource.of("classpath:/a/b.onnx").fileName()).isEqualTo("b.onnx");
  }
}
