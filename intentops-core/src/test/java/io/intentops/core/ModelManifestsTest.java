package io.intentops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestsTest {

  static ModelManifest sample() {
    return new ModelManifest(
        ModelManifest.CURRENT_FORMAT,
        "banking77-intent",
        ModelVersion.parse("1.0.0-1"),
        Task.INTENT,
        new ModelManifest.EncoderRef("bge-small-en-v1.5", "classpath:/bge-small-en-v15.onnx",
            Checksum.sha256("encoder"), "mean", 128),
        Checksum.sha256("tokenizer"),
        List.of("card_arrival", "lost_or_stolen_card"),
        1.37,
        new ModelManifest.OosConfig("knn-cosine", 0.31, 0.95, Map.of("k", 10.0)),
        Map.of("head.safetensors", Checksum.sha256("w")),
        Map.of("banking77/train.csv", Checksum.sha256("d")),
        Map.of("banking77.test.accuracy", 0.94),
        Instant.parse("2026-11-23T10:00:00Z"),
        2025,
        Map.of("lr", "0.1"));
  }

  @Test
  void roundTripsThroughJson(@TempDir Path dir) {
    Path f = dir.resolve("manifest.json");
    ModelManifests.write(sample(), f);
    assertThat(ModelManifests.read(f)).isEqualTo(sample());
    assertThat(ModelManifests.toJson(sample())).contains("\"version\" : \"1.0.0-1\"", "\"task\" : \"intent\"");
  }

  @Test
  void truncatedManifestNamesFileAndPosition(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("manifest.json");
    String json = ModelManifests.toJson(sample());
    Files.writeString(f, json.substring(0, json.length() / 2));
    assertThatThrownBy(() -> ModelManifests.read(f))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("line");
  }

  @Test
  void badVersionInManifestIsReportedWithTheValue(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("manifest.json");
    Files.writeString(f, ModelManifests.toJson(sample()).replace("1.0.0-1", "1.0"));
    assertThatThrownBy(() -> ModelManifests.read(f))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("'1.0'");
  }

  @Test
  void missingRequiredFieldIsReported(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("manifest.json");
    Files.writeString(f, "{\"formatVersion\":1,\"name\":\"x\"}");
    assertThatThrownBy(() -> ModelManifests.read(f)).isInstanceOf(ModelLoadException.class).hasMessageContaining(f.toString());
  }

  @Test
  void missingFileIsALoadError(@TempDir Path dir) {
    assertThatThrownBy(() -> ModelManifests.read(dir.resolve("nope.json")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void atomicWriteLeavesNoTempFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("a.json");
    ModelManifests.writeAtomically(f, "one".getBytes());
    ModelManifests.writeAtomically(f, "two".getBytes());
    assertThat(Files.readString(f)).isEqualTo("two");
    if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    }
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).containsExactly(f);
    }
  }
}
