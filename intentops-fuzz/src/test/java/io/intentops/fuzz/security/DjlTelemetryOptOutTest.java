package io.intentops.fuzz.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.TextTokenizer;
import io.intentops.inference.encoder.internal.DjlTelemetry;
import io.intentops.models.ReferenceModels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Creating a tokenizer opts out of DJL's call-home (which probes 169.254.169.254 and an S3 telemetry
 * URL; found by Jazzer's SSRF detector in BioDecodingFuzzTest), unless the application decided itself.
 */
class DjlTelemetryOptOutTest {
  @Test
  void loadingATokenizerSetsOptOutTracking() {
    Assumptions.assumeTrue(System.getenv(DjlTelemetry.OPT_OUT) == null, "OPT_OUT_TRACKING set in the environment");
    String before = System.getProperty(DjlTelemetry.OPT_OUT);
    System.clearProperty(DjlTelemetry.OPT_OUT);
    try (TextTokenizer t = TextTokenizer.load(
        ModelResource.classpath(ReferenceModels.BANKING77_INTENT + "tokenizer.json"), 128)) {
      assertThat(t).isNotNull();
      assertThat(System.getProperty(DjlTelemetry.OPT_OUT)).isEqualTo("true");
    } finally {
      if (before != null) {
        System.setProperty(DjlTelemetry.OPT_OUT, before);
      }
    }
  }

  @Test
  void anApplicationChoiceIsKept() {
    Assumptions.assumeTrue(System.getenv(DjlTelemetry.OPT_OUT) == null, "OPT_OUT_TRACKING set in the environment");
    String before = System.getProperty(DjlTelemetry.OPT_OUT);
    System.setProperty(DjlTelemetry.OPT_OUT, "false");
    try {
      DjlTelemetry.optOut();
      assertThat(System.getProperty(DjlTelemetry.OPT_OUT)).isEqualTo("false");
    } finally {
      if (before == null) {
        System.clearProperty(DjlTelemetry.OPT_OUT);
      } else {
        System.setProperty(DjlTelemetry.OPT_OUT, before);
      }
    }
  }
}
