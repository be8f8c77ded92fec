package io.intentops.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the manifest reader ({@link ModelManifests#read(java.io.InputStream, String)}): any bytes give a
 * manifest or a typed rejection; an accepted manifest survives a write/read round trip unchanged.
 */
class ManifestFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void manifest(byte[] data) {
    ModelManifest m = Typed.resultOrRejection(() -> ModelManifests.read(new ByteArrayInputStream(data), "fuzz.json"));
    if (m == null) {
      return;
    }
    assertThat(m.labels()).isNotEmpty();
    assertThat(m.temperature()).isPositive().isFinite();
    String json = ModelManifests.toJson(m);
    ModelManifest again = ModelManifests.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "round-trip");
    assertThat(again).isEqualTo(m);
  }
}
