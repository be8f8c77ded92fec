package io.intentops.cli.train;

import io.intentops.cli.ProgressDisplay;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.train.intent.IntentTrainer;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The intent recipe's options shared by {@code train-intent} and {@code near-oos} (a picocli mixin), so
 * both commands train the same way from the same flags, plus the encoder resolution and the progress
 * wiring both need.
 */
final class RecipeOptions {
  @Option(names = "--oos-method", defaultValue = "knn-cosine", description = "knn-cosine | mahalanobis | energy. Default: ${DEFAULT-VALUE}.")
  String oosMethod;

  @Option(names = "--shrinkage", defaultValue = "0.1", description = "Mahalanobis covariance shrinkage towards tr/d*I, in [0, 1). Default: ${DEFAULT-VALUE}.")
  double shrinkage;

  @Option(names = "--augment", defaultValue = "0", description = "Typo copies of every training text for the head and the OOS statistics (0-8). Default: ${DEFAULT-VALUE}.")
  int augment;

  @Option(names = "--perturbed-validation", description = "Choose the OOS threshold over the validation texts and a typo copy of each.")
  boolean perturbedValidation;

  @Option(names = "--embedding-cache", description = "Directory of an on-disk embedding cache (e.g. target/embeddings); results are identical without it.")
  @Nullable Path embeddingCache;

  /** Sets the recipe options on {@code b}. */
  IntentTrainer.Builder apply(IntentTrainer.Builder b) {
    return b.oosMethod(oosMethod).mahalanobisShrinkage(shrinkage).augmentCopies(augment)
        .perturbedValidation(perturbedValidation).embeddingCache(embeddingCache);
  }

  /**
   * Sets the encoder on {@code b}: a name of {@link TrainIntentCommand#ENCODERS} (classpath resources) or a
   * directory with {@code model.onnx} and {@code tokenizer.json}.
   */
  static IntentTrainer.Builder encoder(IntentTrainer.Builder b, String encoder) {
    String[] known = TrainIntentCommand.ENCODERS.get(encoder);
    if (known != null) {
      return b.encoder(encoder, ModelResource.classpath(known[0]), ModelResource.classpath(known[1]));
    }
    ModelResource dir = ModelResource.file(Path.of(encoder));
    return b.encoder(encoder, dir.resolve("model.onnx"), dir.resolve("tokenizer.json"));
  }

  /** Trainer progress shown on {@code display}: a new bar per phase, finished when a phase completes. */
  static IntentTrainer.ProgressListener progress(ProgressDisplay display) {
    String[] phase = {""};
    return (p, done, total) -> {
      if (!p.equals(phase[0])) {
        phase[0] = p;
        display.start(p, total);
      }
      display.stepTo(done);
      if (done >= total) {
        display.finish();
      }
    };
  }
}
