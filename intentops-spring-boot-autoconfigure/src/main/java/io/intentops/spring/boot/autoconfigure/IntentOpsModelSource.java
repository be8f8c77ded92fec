package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.IntentPrediction;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the predictors instead of {@code intentops.model.path}, {@code intentops.router.candidate.path}
 * and {@code intentops.ner.path}: define a bean of this type to serve any {@link Predictor} (a model from
 * your own registry, a test model). Called once while the context starts; the runtime closes the
 * predictors on shutdown. Everything else (router, SLO rules, weight or rollout plan of the candidate,
 * which is served only with {@code enable_ab_routing}, governance gate, calibration, warm-up) still comes
 * from the properties.
 */
@FunctionalInterface
public interface IntentOpsModelSource {

  /** Loads the models. */
  Models load();

  /**
   * The predictors.
   *
   * @param stable the intent model that answers by default
   * @param candidate a second intent version for A/B routing, or null
   * @param ner the entity model, or null
   */
  record Models(Predictor<String, IntentPrediction> stable, @Nullable Predictor<String, IntentPrediction> candidate,
      @Nullable Predictor<String, NerResult> ner) {
    public Models {
      Objects.requireNonNull(stable, "stable");
    }
  }
}
