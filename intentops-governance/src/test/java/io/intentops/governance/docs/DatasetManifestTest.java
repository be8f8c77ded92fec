package io.intentops.governance.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {
  @Test
  void consentAndRetentionAreRequiredAndRoundTrip() {
    DatasetManifest m = DatasetManifest.known("wnut17", Map.of("wnut17/wnut17train.conll", Checksum.sha256("x")),
        Map.of("wnut17/wnut17train.conll", 3));
    String json = m.toJson();
    assertThat(json).contains("\"consent\"").contains("\"retention\"").contains("\"pii_findings\"")
        .contains("CC-BY-4.0");
    assertThat(DatasetManifest.parse(json, "m.json")).isEqualTo(m);
    String noConsent = json.replaceFirst("\"consent\" : \"[^\"]*\"", "\"consent\" : \" \"");
    assertThatThrownBy(() -> DatasetManifest.parse(noConsent, "m.json")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("m.json").hasMessageContaining("consent is required");
    String noRetention = json.replaceFirst(",\\s*\"retention\" : \"[^\"]*\"", "");
    assertThatThrownBy(() -> DatasetManifest.parse(noRetention, "m.json")).hasMessageContaining("retention");
    assertThatThrownBy(() -> DatasetManifest.parse(json.replace("\"license\"", "\"licence\""), "m.json"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("licence");
    assertThatThrownBy(() -> DatasetManifest.known("mystery", Map.of("a", Checksum.sha256("a")), null))
        .hasMessageContaining("consent and retention");
  }
}
