package io.intentops.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifest encoder descriptions that are incomplete or invalid fail as ModelLoadException. */
class EncoderSpecsTest {
  private static final Checksum SHA = Checksum.sha256("x".getBytes(StandardCharsets.UTF_8));

  private static ModelManifest manifest(String pooling, Map<String, String> props) {
    return new ModelManifest(ModelManifest.CURRENT_FORMAT, "m", ModelVersion.parse("1.0.0-1"), Task.INTENT,
        new ModelManifest.EncoderRef("enc", "classpath:/enc.onnx", SHA, pooling, 128), SHA, List.of("a", "b"), 1.0,
        null, Map.of(), Map.of(), Map.of(), Instant.parse("2025-06-01T00:00:00Z"), 2025, props);
  }

  @Test
  void completeSecondEncoderIsRead() {
    Map<String, String> p = new HashMap<>();
    p.put("encoder.2.source", "classpath:/b.onnx");
    p.put("encoder.2.sha256", SHA.toString());
    p.put("encoder.2.tokenizer.source", "classpath:/b.json");
    p.put("encoder.2.tokenizer.sha256", SHA.toString());
    assertThat(IntentPredictors.encoderSpecs(manifest("mean", p))).hasSize(2);
  }

  @Test
  void secondEncoderWithoutTokenizerSourceIsAnIncompleteDescription() {
    Map<String, String> p = new HashMap<>();
    p.put("encoder.2.source", "classpath:/b.onnx");
    p.put("encoder.2.sha256", SHA.toString());
    p.put("encoder.2.tokenizer.sha256", SHA.toString());
    assertThatThrownBy(() -> IntentPredictors.encoderSpecs(manifest("mean", p)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("Manifest of m has an incomplete encoder.2.* description: encoder.2.tokenizer.source is missing");
  }

  @Test
  void unknownPoolingIsAModelLoadError() {
    assertThatThrownBy(() -> IntentPredictors.encoderSpecs(manifest("median", Map.of())))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("Manifest of m has an invalid encoder.pooling: ");
  }
}
