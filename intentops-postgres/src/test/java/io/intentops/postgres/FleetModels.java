package io.intentops.postgres;

import io.intentops.core.InferenceException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;

/** The two versions the in-JVM fleet tests route between. */
final class FleetModels {
  static final ModelVersion STABLE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");

  private FleetModels() {}

  /** Stable or candidate: answers {@code version:input}; a failing one throws for inputs starting with "fail". */
  record Model(ModelVersion version, boolean failing) implements Predictor<String, String> {
    @Override
    public String predict(String input) {
      if (failing && input.startsWith("fail")) {
        throw new InferenceException("candidate " + version + " failed on purpose");
      }
      return version + ":" + input;
    }
  }
}
