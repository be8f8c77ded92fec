package io.intentops.train.intent;

import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.StoreException;
import io.intentops.core.Task;
import io.intentops.inference.bundle.BundleFiles;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.head.OosScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bundle writing for {@link IntentTrainer#train}: head weights and tokenizer first, the manifest (with
 * the recipe properties) last, so a half-written bundle never verifies. Stateless.
 */
final class IntentBundleWriter {
  private IntentBundleWriter() {}

  /** Writes {@code f} as a bundle to {@code outDir}. */
  static IntentTrainer.Result write(IntentTrainer.Builder b, IntentTrainer.Fitted f, Path outDir) {
    IntentHeadWeights weights = f.weights();
    ModelResource tokenizerRes = b.tokenizer;
    byte[] tokenizerBytes = tokenizerRes.readAllBytes();
    try {
      Files.createDirectories(outDir);
      Files.deleteIfExists(outDir.resolve(BundleFiles.MANIFEST));
      weights.write(outDir.resolve(IntentHeadWeights.FILE), b.halfPrecision, Map.of("format", "intentops-intent-head"));
      ModelManifests.writeAtomically(outDir.resolve("tokenizer.json"), tokenizerBytes);
    } catch (IOException e) {
      throw new StoreException("Cannot write bundle to " + outDir + ": " + e.getMessage(), e);
    }
    Map<String, String> props = properties(b, weights);
    Map<String, Double> oosParams = b.oosMethod.equals(OosScorer.KNN_COSINE) ? Map.of("k", (double) b.knnK) : Map.of();
    ModelManifest manifest = new ModelManifest(ModelManifest.CURRENT_FORMAT, b.name, b.version, Task.INTENT,
        new ModelManifest.EncoderRef(b.encoderId, b.model.ref(), f.encoderSha(), b.pooling.id(), b.maxTokens),
        Checksum.sha256(tokenizerBytes), f.labels(), f.temperature(),
        new ModelManifest.OosConfig(b.oosMethod, f.threshold(), b.targetRecall, oosParams),
        BundleFiles.digests(outDir, List.of(IntentHeadWeights.FILE, "tokenizer.json")), b.trainingData, f.metrics(),
        b.clock.instant(), b.seed, props);
    ModelManifests.write(manifest, outDir.resolve(BundleFiles.MANIFEST));
    return new IntentTrainer.Result(outDir, manifest, f.validationAccuracy(), f.validationEce(), f.oosValidationAuroc());
  }

  /** The manifest properties describing the recipe, then the user's extra properties. */
  private static Map<String, String> properties(IntentTrainer.Builder b, IntentHeadWeights weights) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("tokenizer.source", "tokenizer.json");
    props.put("head.l2", Double.toString(b.l2));
    props.put("head.iterations", Integer.toString(b.iterations));
    props.put("head.learningRate", Double.toString(b.learningRate));
    props.put("head.optimizer", "adam full-batch, PyTorch " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion() + " via DJL");
    props.put("head.dtype", b.halfPrecision ? "f16 weight+bank, f32 mean/scale/bias" : "f32");
    props.put("validation.fraction", Double.toString(b.validationFraction));
    props.put("oos.bank", weights.bank() == null ? "none" : b.centroidsPerClass + " spherical k-means centroids per intent");
    if (weights.oosWhiten() != null) {
      props.put("oos.mahalanobis", "shared covariance of L2-normalised embeddings, shrinkage " + b.shrinkage
          + " towards tr/d * I; oos.whiten = inverse Cholesky factor, oos.means = whitened class means (f32)");
    }
    if (b.augmentCopies > 0 || b.perturbedValidation) {
      props.put("augmentation", b.augmentCopies + " typo cop" + (b.augmentCopies == 1 ? "y" : "ies")
          + " per training text (io.intentops.eval.robustness.Perturbations.typos, stream per text from seed " + b.seed
          + ", copy and text) for the head and the OOS statistics"
          + (b.perturbedValidation ? "; OOS threshold over clean and typo copies of the validation texts" : ""));
    }
    props.putAll(b.properties);
    return props;
  }
}
