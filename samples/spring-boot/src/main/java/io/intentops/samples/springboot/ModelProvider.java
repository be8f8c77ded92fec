package io.intentops.samples.springboot;

import io.intentops.core.IntentPrediction;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the predictors the service serves. Define a bean of this type to serve any {@link Predictor}
 * (a model from your own registry, a test model); without one the service loads the bundle named by
 * {@code MODEL_PATH}. {@link #load()} runs once, on a background thread after startup, while the
 * readiness probe reports DOWN; it may take as long as loading a model takes.
 */
@FunctionalInterface
public interface ModelProvider {

  /**
   * Loads the models. The service closes them on shutdown.
   *
   * @throws io.intentops.core.IntentOpsException when a model cannot be loaded (readiness stays DOWN with the message)
   */
  Models load();

  /**
   * The loaded predictors.
   *
   * @param stable the intent model that answers by default
   * @param candidate a second intent version for A/B routing, or null
   * @param ner the entity model, or null when entity extraction is not offered
   */
  record Models(Predictor<String, IntentPrediction> stable, @Nullable Predictor<String, IntentPrediction> candidate,
      @Nullable Predictor<String, NerResult> ner) {
    public Models {
      Objects.requireNonNull(stable, "stable");
    }
  }
}
