package io.intentops.cli.eval;

import io.intentops.core.IntentPrediction;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.ner.NerPredictor;
import java.nio.file.Path;

/**
 * Opens bundles with the ONNX Runtime predictors of {@code intentops-inference}; registered through
 * {@code META-INF/services} so that the CLI finds it. Stateless and thread-safe. Encoders referenced
 * as {@code classpath:} must be on the class path (for the reference bundles: the langchain4j model
 * jars, which {@code intentops-models} depends on).
 */
public final class InferenceBundlePredictors implements BundlePredictors {

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public InferenceBundlePredictors() {}

  @Override
  public Predictor<String, IntentPrediction> intent(Path bundle) {
    return IntentPredictor.builder().bundle(bundle).build();
  }

  @Override
  public Predictor<String, NerResult> ner(Path bundle) {
    return NerPredictor.builder().bundle(bundle).build();
  }
}
