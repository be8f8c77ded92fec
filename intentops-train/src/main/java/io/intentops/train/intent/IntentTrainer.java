package io.intentops.train.intent;

import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.eval.data.LabeledText;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.encoder.Pooling;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.head.IntentHead;
import io.intentops.inference.head.OosScorer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Trains an intent bundle from labelled texts:
 *
 * <ol>
 *   <li>stratified split of the training data into fit and validation parts ({@link Builder#validationFraction});
 *   <li>embed every text with the frozen encoder (the inference {@link SentenceEncoder});
 *   <li>standardise features and fit an L2 softmax regression on the fit part ({@link SoftmaxRegression});
 *   <li>fit the temperature on the validation part (NLL minimisation, {@link Calibration});
 *   <li>choose the OOS threshold so that {@link Builder#targetRecall} of the in-domain validation texts
 *       score below it (optionally report AUROC against extra OOS validation texts such as CLINC150
 *       {@code oos_val}, never a test split);
 *   <li>refit standardisation, head and OOS reference bank on all training texts and write the bundle.
 * </ol>
 *
 * <p>Deterministic: the same data, settings and seed give the same {@code head.safetensors} bytes.
 * Instances are immutable; {@link #train} is thread-safe but runs single-threaded work on the caller.
 */
public final class IntentTrainer {
  /** Default seed. */
  public static final long DEFAULT_SEED = 2025;
  /** Default validation share of the training data. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  /** Default in-domain recall at the OOS threshold. */
  public static final double DEFAULT_TARGET_RECALL = 0.95;
  /** Default kNN neighbours. */
  public static final int DEFAULT_KNN_K = 3;
  /** Default OOS reference centroids per intent (spherical k-means). */
  public static final int DEFAULT_CENTROIDS_PER_CLASS = 8;
  /** Default typo copies per training text. */
  public static final int DEFAULT_AUGMENT_COPIES = 0;
  /** Default: OOS threshold on clean validation texts only. */
  public static final boolean DEFAULT_PERTURBED_VALIDATION = false;
  /** Default embedding batch size. */
  public static final int DEFAULT_BATCH_SIZE = 64;
  /** Default encoder: bge-small-en-v1.5 from the langchain4j model jar. */
  public static final String DEFAULT_ENCODER_ID = "bge-small-en-v1.5";

  /** Receives progress updates; called on the training thread. */
  @FunctionalInterface
  public interface ProgressListener {
    /** {@code done} of {@code total} units of {@code phase} are finished. */
    void onProgress(String phase, long done, long total);
  }

  /**
   * What a training run produced.
   *
   * @param bundle the bundle directory
   * @param manifest its manifest
   * @param validationAccuracy accuracy of the fit-part head on the validation part
   * @param validationEce 15-bin ECE on the validation part after temperature scaling
   * @param oosValidationAuroc AUROC of in-domain validation vs the extra OOS validation texts, or NaN
   */
  public record Result(Path bundle, ModelManifest manifest, double validationAccuracy, double validationEce,
      double oosValidationAuroc) {}

  private final Builder b;

  private IntentTrainer(Builder b) {
    this.b = b;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on {@code data} and writes the bundle to {@code outDir} (created if needed; existing
   * bundle files are replaced, the manifest last, so a half-written bundle never verifies).
   *
   * @param oosValidation optional out-of-scope validation texts (e.g. CLINC150 {@code oos_val}); only
   *     reported as a metric
   */
  public Result train(List<LabeledText> data, List<String> oosValidation, Path outDir) {
    return IntentBundleWriter.write(b, fit(data, oosValidation), outDir);
  }

  /**
   * What {@link #fit} produced in memory: the shipped weights (fitted on all of the data), the
   * temperature and OOS threshold chosen on the validation part, and the scorer over the weights.
   */
  record Fitted(List<String> labels, IntentHeadWeights weights, double temperature, double threshold, OosScorer scorer,
      Checksum encoderSha, Map<String, Double> metrics, double validationAccuracy, double validationEce,
      double oosValidationAuroc) {
    IntentHead head() {
      return IntentHead.of(weights, temperature);
    }
  }

  /** Everything {@link #train} does except writing the bundle. */
  Fitted fit(List<LabeledText> data, List<String> oosValidation) {
    return IntentFit.fit(b, data, oosValidation);
  }

  /** The trainer's OOS method. */
  String oosMethod() {
    return b.oosMethod;
  }

  /** Embeddings of {@code texts} with the trainer's encoder (and its cache, when set). */
  float[][] embedTexts(List<String> texts, String phase) {
    try (SentenceEncoder enc = TrainerEmbedding.encoder(b); EmbeddingStore store = TrainerEmbedding.store(b, enc)) {
      return TrainerEmbedding.embed(b, enc, store, texts, phase);
    }
  }

  /**
   * The random stream of typo copy {@code copy} of {@code text}: derived from the seed, the copy and
   * the text itself (not its position), so a text gets the same copies in every subset of the data
   * (the near-OOS draws) and the embedding cache serves them.
   */
  static SplittableRandom typoStream(long seed, int copy, String text) {
    return TrainingRows.typoStream(seed, copy, text);
  }

  /**
   * Smallest threshold with at least {@code recall} of {@code inDomain} strictly below it (midpoint
   * between neighbouring scores so ties do not flip).
   */
  static double threshold(double[] inDomain, double recall) {
    return OosStatistics.threshold(inDomain, recall);
  }

  /** Builder for {@link IntentTrainer}; not thread-safe. */
  public static final class Builder {
    // Package-private: read by the package's collaborators (IntentFit, TrainerEmbedding, ...).
    ModelResource model = ModelResource.classpath("bge-small-en-v1.5.onnx");
    ModelResource tokenizer = ModelResource.classpath("bge-small-en-v1.5-tokenizer.json");
    String encoderId = DEFAULT_ENCODER_ID;
    Pooling pooling = Pooling.MEAN;
    int maxTokens = io.intentops.core.InputLimits.DEFAULT_MAX_TOKENS;
    double l2 = SoftmaxRegression.DEFAULT_L2;
    int iterations = SoftmaxRegression.DEFAULT_ITERATIONS;
    double learningRate = SoftmaxRegression.DEFAULT_LEARNING_RATE;
    double validationFraction = DEFAULT_VALIDATION_FRACTION;
    long seed = DEFAULT_SEED;
    double targetRecall = DEFAULT_TARGET_RECALL;
    String oosMethod = OosScorer.KNN_COSINE;
    int knnK = DEFAULT_KNN_K;
    int centroidsPerClass = DEFAULT_CENTROIDS_PER_CLASS;
    double shrinkage = Mahalanobis.DEFAULT_SHRINKAGE;
    int augmentCopies = DEFAULT_AUGMENT_COPIES;
    boolean perturbedValidation = DEFAULT_PERTURBED_VALIDATION;
    @Nullable Path embeddingCache;
    boolean halfPrecision = true;
    int batchSize = DEFAULT_BATCH_SIZE;
    int threads = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;
    String name = "intent-model";
    ModelVersion version = ModelVersion.of(1, 0, 0, 1);
    Clock clock = Clock.system();
    Map<String, Checksum> trainingData = Map.of();
    Map<String, String> properties = Map.of();
    @Nullable ProgressListener progress;

    private Builder() {}

    /** Encoder ONNX model, its tokenizer and the id written to the manifest. */
    public Builder encoder(String id, ModelResource model, ModelResource tokenizer) {
      this.encoderId = Objects.requireNonNull(id);
      this.model = Objects.requireNonNull(model);
      this.tokenizer = Objects.requireNonNull(tokenizer);
      return this;
    }

    /** Pooling (default mean). */
    public Builder pooling(Pooling p) {
      this.pooling = Objects.requireNonNull(p);
      return this;
    }

    /** Token limit (default 128). */
    public Builder maxTokens(int n) {
      this.maxTokens = n;
      return this;
    }

    /** L2 strength on the mean-loss scale (default {@value SoftmaxRegression#DEFAULT_L2}). */
    public Builder l2(double l2) {
      this.l2 = l2;
      return this;
    }

    /** Full-batch Adam iterations (default {@value SoftmaxRegression#DEFAULT_ITERATIONS}). */
    public Builder iterations(int n) {
      this.iterations = n;
      return this;
    }

    /** Adam learning rate. */
    public Builder learningRate(double lr) {
      this.learningRate = lr;
      return this;
    }

    /** Share of each class held out for temperature and threshold fitting, in [0, 0.5]. */
    public Builder validationFraction(double f) {
      if (!(f >= 0 && f <= 0.5)) {
        throw new ConfigurationException("validationFraction must be in [0, 0.5], got " + f);
      }
      this.validationFraction = f;
      return this;
    }

    /** Random seed (split, k-means initialisation). Default {@value #DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** In-domain recall at the OOS threshold (default 0.95). */
    public Builder targetRecall(double r) {
      if (!(r > 0 && r <= 1)) {
        throw new ConfigurationException("targetRecall must be in (0, 1], got " + r);
      }
      this.targetRecall = r;
      return this;
    }

    /** OOS method: {@code knn-cosine} (default), {@code mahalanobis} or {@code energy}. */
    public Builder oosMethod(String method) {
      if (!List.of(OosScorer.KNN_COSINE, OosScorer.MAHALANOBIS, OosScorer.ENERGY).contains(method)) {
        throw new ConfigurationException("OOS method must be knn-cosine, mahalanobis or energy, got " + method);
      }
      this.oosMethod = method;
      return this;
    }

    /** kNN neighbours (default {@value #DEFAULT_KNN_K}). */
    public Builder knnK(int k) {
      this.knnK = k;
      return this;
    }

    /** OOS reference centroids per intent (default {@value #DEFAULT_CENTROIDS_PER_CLASS}). */
    public Builder centroidsPerClass(int m) {
      if (m < 1) {
        throw new ConfigurationException("centroidsPerClass must be >= 1");
      }
      this.centroidsPerClass = m;
      return this;
    }

    /** Shrinkage of the Mahalanobis covariance towards {@code tr/d * I}, in [0, 1) (default 0.1). */
    public Builder mahalanobisShrinkage(double a) {
      if (!(a >= 0 && a < 1)) {
        throw new ConfigurationException("mahalanobisShrinkage must be in [0, 1), got " + a);
      }
      this.shrinkage = a;
      return this;
    }

    /**
     * Typo copies of every training text ({@code Perturbations.typos()}, seeded from the seed) added to
     * the head's and the OOS statistics' training rows (default {@value #DEFAULT_AUGMENT_COPIES}).
     */
    public Builder augmentCopies(int n) {
      if (n < 0 || n > 8) {
        throw new ConfigurationException("augmentCopies must be in [0, 8], got " + n);
      }
      this.augmentCopies = n;
      return this;
    }

    /**
     * Choose the OOS threshold over the validation texts and a typo copy of each, so that
     * {@link #targetRecall} holds for both together (default {@value #DEFAULT_PERTURBED_VALIDATION}).
     */
    public Builder perturbedValidation(boolean on) {
      this.perturbedValidation = on;
      return this;
    }

    /**
     * Directory of an on-disk embedding cache (keyed by encoder digest, pooling and token limit; texts
     * by SHA-256), or null for none (default). Results are identical with and without it.
     */
    public Builder embeddingCache(@Nullable Path dir) {
      this.embeddingCache = dir;
      return this;
    }

    /** Store weight and bank as float16 (default true). */
    public Builder halfPrecision(boolean on) {
      this.halfPrecision = on;
      return this;
    }

    /** Embedding batch size. */
    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /** ONNX Runtime intra-op threads for embedding. */
    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /** Bundle name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    /** Bundle version. */
    public Builder version(ModelVersion v) {
      this.version = Objects.requireNonNull(v);
      return this;
    }

    /** Clock for {@code createdAt}. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Digests of the dataset files used, keyed by dataset id. */
    public Builder trainingData(Map<String, Checksum> data) {
      this.trainingData = Map.copyOf(data);
      return this;
    }

    /** Extra manifest properties. */
    public Builder properties(Map<String, String> props) {
      this.properties = Map.copyOf(props);
      return this;
    }

    /** Progress listener. */
    public Builder progress(@Nullable ProgressListener l) {
      this.progress = l;
      return this;
    }

    /** Reports progress to the listener, when one is set. */
    void reportProgress(String phase, long done, long total) {
      if (progress != null) {
        progress.onProgress(phase, done, total);
      }
    }

    /** The trainer. */
    public IntentTrainer build() {
      if (l2 < 0 || iterations < 1 || knnK < 1 || batchSize < 1 || threads < 1) {
        throw new ConfigurationException("Invalid trainer settings: l2=" + l2 + " iterations=" + iterations + " k=" + knnK
            + " batchSize=" + batchSize + " threads=" + threads);
      }
      return new IntentTrainer(this);
    }
  }
}
