package io.intentops.samples.springboot;

import io.intentops.core.ConfigurationException;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.ner.NerPredictor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default {@link ModelProvider}: loads the intent bundle at {@code MODEL_PATH} (a directory, or
 * {@code classpath:<folder>} for a bundle packed in a jar such as the reference BANKING77 bundle) (or
 * {@code QUANTIZED_MODEL_PATH} when {@code enable_quantized_model} is on) with {@code MAX_TOKENS}, checks
 * it against {@code MODEL_VERSION}, and, with {@code enable_ab_routing}, the candidate bundle at
 * {@code CANDIDATE_MODEL_PATH}, and the NER bundle at {@code NER_MODEL_PATH} when set (entity extraction
 * answers 503 without one).
 */
final class BundleModelProvider implements ModelProvider {
  /** Prefix of a bundle packed as a classpath folder, e.g. {@code classpath:io/intentops/models/banking77-intent}. */
  static final String CLASSPATH = "classpath:";

  private final ServiceProperties props;

  BundleModelProvider(ServiceProperties props) {
    this.props = props;
  }

  @Override
  public Models load() {
    ServiceProperties.Model m = props.model();
    String path = m.path();
    if (props.features().enableQuantizedModel()) {
      if (m.quantizedPath().isBlank()) {
        throw new ConfigurationException(
            "enable_quantized_model is on but QUANTIZED_MODEL_PATH (intentops.model.quantized-path) is not set");
      }
      path = m.quantizedPath();
    }
    if (path.isBlank()) {
      throw new ConfigurationException("MODEL_PATH (intentops.model.path) is not set and no ModelProvider bean is"
          + " defined: nothing to serve");
    }
    IntentPredictor stable = open(path, "MODEL_PATH");
    if (!m.version().isBlank()) {
      ModelVersion expected = ModelVersion.parse(m.version());
      if (!expected.equals(stable.version())) {
        stable.close();
        throw new ConfigurationException("MODEL_VERSION is " + expected + " but the bundle at " + path + " is "
            + stable.version());
      }
    }
    Predictor<String, IntentPrediction> candidate = null;
    if (props.features().enableAbRouting() && !props.candidate().path().isBlank()) {
      candidate = open(props.candidate().path(), "CANDIDATE_MODEL_PATH");
    }
    NerPredictor ner = null;
    if (!m.nerPath().isBlank()) {
      NerPredictor.Builder nb = NerPredictor.builder()
          .limits(InputLimits.custom().maxChars(m.maxChars()).maxTokens(m.maxTokens()).build());
      if (m.nerPath().startsWith(CLASSPATH)) {
        nb.bundleResource(m.nerPath().substring(CLASSPATH.length()));
      } else {
        Path p = Path.of(m.nerPath());
        if (!Files.isDirectory(p)) {
          throw new ConfigurationException("NER_MODEL_PATH=" + m.nerPath() + " is not a directory");
        }
        nb.bundle(p);
      }
      ner = nb.build();
    }
    return new Models(stable, candidate, ner);
  }

  private IntentPredictor open(String location, String variable) {
    IntentPredictor.Builder b = IntentPredictor.builder();
    if (location.startsWith(CLASSPATH)) {
      b.bundleResource(location.substring(CLASSPATH.length()));
    } else {
      Path p = Path.of(location);
      if (!Files.isDirectory(p)) {
        throw new ConfigurationException(variable + "=" + location + " is not a directory");
      }
      b.bundle(p);
    }
    ServiceProperties.Model m = props.model();
    return b
        .limits(InputLimits.custom().maxChars(m.maxChars()).maxTokens(m.maxTokens()).build())
        .cache(m.cacheEntries())
        .build();
  }
}
