package io.intentops.train.ner;

import ai.djl.ndarray.NDArray;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.Task;
import io.intentops.inference.bundle.SafeTensors;
import io.intentops.inference.spi.Int8Delta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a trained NER model as a bundle: {@code manifest.json} plus {@value #WEIGHTS_FILE}, which
 * holds what changed relative to the base encoder — int8 row-wise deltas of the fine-tuned linear
 * weights, the fine-tuned biases and LayerNorms in float32, and the token head. After export the
 * trainer's DJL weights are replaced by exactly the merged values serving computes, so DJL and ONNX
 * Runtime see identical weights. Thread-safe (stateless); the trainer passed in is not.
 */
public final class NerBundleExporter {
  /** Name of the weights file inside the bundle. */
  public static final String WEIGHTS_FILE = "ner-weights.safetensors";
  /** Value of the {@code ner.weights.format} manifest property and safetensors metadata. */
  public static final String WEIGHTS_FORMAT = "int8-row-delta/1";
  /** Suffix of int8 delta codes ({@code name.delta_i8}, {@code [out, in]}). */
  public static final String DELTA_SUFFIX = ".delta_i8";
  /** Suffix of the per-row delta scales ({@code name.delta_scale}, {@code [out]}). */
  public static final String SCALE_SUFFIX = ".delta_scale";

  private NerBundleExporter() {}

  /** What goes into the manifest besides the weights. */
  public record Info(String name, ModelVersion version, Map<String, Checksum> trainingData,
      Map<String, Double> metrics, Map<String, String> properties, Instant createdAt) {}

  /**
   * Writes the bundle into {@code dir} (created if missing) and returns its manifest.
   */
  public static ModelManifest export(NerTrainer trainer, Path dir, Info info) {
    return export(trainer, dir, info, true);
  }

  /**
   * Writes the bundle; with {@code applyToModel} false the trainer's weights stay untouched (for
   * mid-training checkpoints, which must not perturb training).
   */
  public static ModelManifest export(NerTrainer trainer, Path dir, Info info, boolean applyToModel) {
    Map<String, SafeTensors.Tensor> tensors = new TreeMap<>();
    Map<String, float[]> merged = new LinkedHashMap<>();
    TokenClassifier model = trainer.model();
    for (Map.Entry<String, NDArray> e : model.trainable().entrySet()) {
      String name = e.getKey();
      NDArray p = e.getValue();
      long[] shape = p.getShape().getShape();
      float[] v = p.toFloatArray();
      boolean matrix = shape.length == 2 && !TokenClassifier.headNames().contains(name);
      if (matrix) {
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] base = trainer.baseValues().get(name);
        float[] delta = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          delta[i] = v[i] - base[i];
        }
        Int8Delta.Quantized q = Int8Delta.quantize(delta, rows, cols);
        tensors.put(name + DELTA_SUFFIX, SafeTensors.Tensor.i8(shape, q.q()));
        tensors.put(name + SCALE_SUFFIX, SafeTensors.Tensor.f32(new long[] {rows}, q.scale()));
        merged.put(name, Int8Delta.apply(base, q, rows, cols));
      } else {
        tensors.put(name, SafeTensors.Tensor.f32(shape, v));
      }
    }
    if (!model.useShape()) {
      tensors.remove(TokenClassifier.SHAPE_EMBEDDING);
    }
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new io.intentops.core.StoreException("Cannot create bundle directory " + dir + ": " + e.getMessage(), e);
    }
    Map<String, String> meta = Map.of("format", WEIGHTS_FORMAT, "encoder", trainer.base().id());
    SafeTensors.write(dir.resolve(WEIGHTS_FILE), tensors, meta);
    if (applyToModel) {
      trainer.restore(merged); // DJL now holds exactly what serving will merge
    }

    NerTrainingConfig c = trainer.config();
    Map<String, String> props = new TreeMap<>(info.properties());
    props.put("ner.weights.format", WEIGHTS_FORMAT);
    props.put("ner.weights.file", WEIGHTS_FILE);
    props.put("ner.shapeFeature", Boolean.toString(c.shapeFeature()));
    props.put("ner.freezeLayers", Integer.toString(c.freezeLayers()));
    props.put("ner.decoding", "bio-viterbi");
    props.put("tokenizer.source", trainer.base().tokenizerSource());
    props.put("train.learningRate", Double.toString(c.learningRate()));
    props.put("train.weightDecay", Double.toString(c.weightDecay()));
    props.put("train.warmupFraction", Double.toString(c.warmupFraction()));
    props.put("train.batchSize", Integer.toString(c.batchSize()));
    props.put("train.maxEpochs", Integer.toString(c.maxEpochs()));
    props.put("train.dropout", Float.toString(c.dropout()));
    props.put("train.clipNorm", Double.toString(c.clipNorm()));
    props.put("train.threads", Integer.toString(c.threads()));
    ModelManifest m = new ModelManifest(ModelManifest.CURRENT_FORMAT, info.name(), info.version(), Task.NER,
        new ModelManifest.EncoderRef(trainer.base().id(), trainer.base().onnxSource(), trainer.base().onnxSha256(),
            "none", c.maxTokens()),
        trainer.base().tokenizerSha256(), trainer.labels(), 1.0, null,
        Map.of(WEIGHTS_FILE, Checksum.sha256(dir.resolve(WEIGHTS_FILE))), info.trainingData(), info.metrics(),
        info.createdAt(), c.seed(), props);
    ModelManifests.write(m, dir.resolve("manifest.json"));
    return m;
  }
}
