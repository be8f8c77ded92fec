package io.intentops.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code manifest.json} of a model bundle: what the model is, where its encoder comes from, what
 * every file's digest must be, how it was trained and how it scored. Immutable and thread-safe; read
 * and write it with {@link ModelManifests}.
 *
 * @param formatVersion bundle format version, currently {@value #CURRENT_FORMAT}
 * @param name bundle name, e.g. {@code banking77-intent}
 * @param version model version
 * @param task what the model does
 * @param encoder the base encoder and its digest
 * @param tokenizerSha256 digest of the {@code tokenizer.json} used
 * @param labels class labels (intent names, or BIO tags for NER), in output order
 * @param temperature softmax temperature fitted for calibration (1.0 = none)
 * @param oos out-of-scope method and threshold, or null for models without OOS detection
 * @param files digest of every bundle file, keyed by path relative to the bundle directory
 * @param trainingData digest of every dataset file used in training, keyed by a dataset id
 * @param metrics headline metrics measured when the bundle was built (e.g. {@code banking77.test.accuracy})
 * @param createdAt when the bundle was written
 * @param seed random seed of the training run
 * @param properties free-form string properties (training hyper-parameters, code commit, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
    int formatVersion,
    String name,
    ModelVersion version,
    Task task,
    EncoderRef encoder,
    @Nullable Checksum tokenizerSha256,
    List<String> labels,
    double temperature,
    @Nullable OosConfig oos,
    Map<String, Checksum> files,
    Map<String, Checksum> trainingData,
    Map<String, Double> metrics,
    Instant createdAt,
    long seed,
    Map<String, String> properties) {

  /** The bundle format this library writes. */
  public static final int CURRENT_FORMAT = 1;

  public ModelManifest {
    Objects.requireNonNull(name, "required field 'name' is missing");
    Objects.requireNonNull(version, "required field 'version' is missing");
    Objects.requireNonNull(task, "required field 'task' is missing");
    Objects.requireNonNull(encoder, "required field 'encoder' is missing");
    Objects.requireNonNull(createdAt, "required field 'createdAt' is missing");
    labels = List.copyOf(Objects.requireNonNull(labels, "required field 'labels' is missing"));
    files = immutableSorted(files);
    trainingData = immutableSorted(trainingData);
    metrics = immutableSorted(metrics);
    properties = immutableSorted(properties);
    if (formatVersion < 1) {
      throw new IllegalArgumentException("formatVersion must be >= 1, got " + formatVersion);
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("labels must not be empty");
    }
    if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be a positive finite number, got " + temperature);
    }
  }

  private static <V> Map<String, V> immutableSorted(@Nullable Map<String, V> m) {
    return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(m));
  }

  /** Returns a copy with {@code files} replaced. */
  public ModelManifest withFiles(Map<String, Checksum> newFiles) {
    return new ModelManifest(formatVersion, name, version, task, encoder, tokenizerSha256, labels, temperature,
        oos, newFiles, trainingData, metrics, createdAt, seed, properties);
  }

  /** Returns a copy with {@code metrics} replaced. */
  public ModelManifest withMetrics(Map<String, Double> newMetrics) {
    return new ModelManifest(formatVersion, name, version, task, encoder, tokenizerSha256, labels, temperature,
        oos, files, trainingData, newMetrics, createdAt, seed, properties);
  }

  /**
   * The base encoder a bundle runs on.
   *
   * @param id encoder name, e.g. {@code bge-small-en-v1.5}
   * @param source where it is loaded from: {@code classpath:/path/model.onnx}, {@code file:...} or a
   *     path relative to the bundle directory
   * @param sha256 digest of the ONNX file
   * @param pooling {@code mean} or {@code cls}
   * @param maxTokens token limit the model was trained with
   */
  public record EncoderRef(String id, String source, Checksum sha256, String pooling, int maxTokens) {
    public EncoderRef {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(pooling, "pooling");
    }
  }

  /**
   * Out-of-scope detection settings.
   *
   * @param method scorer name, e.g. {@code knn-cosine} or {@code energy}
   * @param threshold scores at or above it are out of scope
   * @param inDomainRecall share of in-domain validation texts below the threshold when it was chosen
   * @param params method parameters (e.g. {@code k})
   */
  public record OosConfig(String method, double threshold, double inDomainRecall, Map<String, Double> params) {
    public OosConfig {
      Objects.requireNonNull(method, "method");
      params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("OOS threshold must not be NaN");
      }
    }
  }
}
