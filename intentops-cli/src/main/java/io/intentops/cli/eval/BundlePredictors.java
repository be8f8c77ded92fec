package io.intentops.cli.eval;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens predictors for model bundle directories; the only place where the CLI depends on how models
 * are loaded. Implementations are found with {@link ServiceLoader} ({@code META-INF/services/
 * io.intentops.cli.eval.BundlePredictors}); tests pass their own. Implementations must be thread-safe.
 */
public interface BundlePredictors {

  /** An intent predictor for the bundle at {@code bundle}; the caller closes it. */
  Predictor<String, IntentPrediction> intent(Path bundle);

  /** A NER predictor for the bundle at {@code bundle}; the caller closes it. */
  Predictor<String, NerResult> ner(Path bundle);

  /** The first implementation on the class path, or {@link #unavailable()}. */
  static BundlePredictors discover() {
    return ServiceLoader.load(BundlePredictors.class).findFirst().orElseGet(BundlePredictors::unavailable);
  }

  /** A loader that fails with a clear message: no bundle runtime is on the class path. */
  static BundlePredictors unavailable() {
    return new BundlePredictors() {
      @Override
      public Predictor<String, IntentPrediction> intent(Path bundle) {
        throw missing(bundle);
      }

      @Override
      public Predictor<String, NerResult> ner(Path bundle) {
        throw missing(bundle);
      }

      private ConfigurationException missing(Path bundle) {
        return new ConfigurationException("Cannot open bundle " + bundle + ": no " + BundlePredictors.class.getName()
            + " implementation is on the class path (the bundle runtime of intentops-inference provides one)");
      }
    };
  }
}
