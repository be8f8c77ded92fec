package io.intentops.inference.ner;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.Entity;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.encoder.OrtSessions;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.NerExplanation;
import io.intentops.inference.ner.internal.NerPredictors;
import io.intentops.inference.ner.internal.ObservedNerPredictor;
import io.intentops.inference.observation.InferenceObservationConvention;
import io.intentops.inference.observation.internal.StageObserver;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Named-entity recognition served by ONNX Runtime. Loads either an IntentOps NER bundle (the base
 * encoder ONNX with fine-tuned weights injected at session creation through
 * {@code SessionOptions.addInitializer}, plus a token head) or a standard Hugging Face ONNX
 * token-classification export ({@code model.onnx}, {@code config.json} with {@code id2label},
 * {@code tokenizer.json}).
 *
 * <pre>{@code
 * try (NerPredictor p = NerPredictor.builder().bundle(Path.of("wnut17-ner")).build()) {
 *   for (Entity e : p.predict("Heading to Paris with @john_smith").entities()) { ... }
 * }
 * }</pre>
 *
 * <p>Text is split into words at whitespace; each word's first word piece (by default) is tagged and
 * tags are decoded with BIO-constrained Viterbi, so no entity starts with a dangling {@code I-}.
 * Entity offsets are UTF-16 indices into the caller's original string
 * ({@code text.substring(start, end).equals(entity.text())}), whatever emoji, accents, URLs or
 * repeated whitespace it holds. The entity score is the mean probability of its words' tags, in
 * [0, 1]. Texts longer than {@link InputLimits#maxTokens()} are processed in overlapping windows (each
 * word takes the window where it is most central) and decoded as one sequence, so entities are merged
 * across window borders; the result is then flagged {@code truncated}. {@link NerResult#latency()} is
 * measured with the builder's {@link Builder#clock clock}.
 *
 * <p><b>Thread-safety:</b> instances are thread-safe; one serves concurrent callers. {@link #close()}
 * may be called while requests are in flight: it waits for running calls to finish, then releases the
 * native session and tokenizer; later calls fail with {@link InferenceException}.
 */
public interface NerPredictor extends Predictor<String, NerResult> {
  /** Name of the manifest file of an IntentOps bundle. */
  String MANIFEST = "manifest.json";
  /** Manifest property: a bias subtracted from log P(O) before decoding (tuned on dev; default 0). */
  String O_LOG_BIAS_PROPERTY = "ner.decoding.oLogBias";
  /** Bundle weight format this predictor reads. */
  String WEIGHTS_FORMAT = "int8-row-delta/1";

  /** How a word's label probabilities are formed from its word pieces. */
  enum WordAggregation {
    /** The first piece's probabilities (what the reference models are trained for). */
    FIRST,
    /** The mean of all pieces' probabilities. */
    AVERAGE,
    /** The element-wise maximum over pieces, renormalised. */
    MAX
  }

  /** How word labels are chosen. */
  enum Decoding {
    /** Most probable sequence among valid BIO sequences. */
    VITERBI,
    /** Argmax per word, then conlleval chunking (a stray {@code I-X} starts an entity). */
    GREEDY
  }

  /**
   * Per-word label probabilities of a text: the whitespace-separated words, their UTF-16 offsets
   * ({@code [starts[i], ends[i])}) and {@code probabilities[word][label]} in {@link #labels()} order
   * (words without word pieces get certain {@code O}); {@code truncated} when the text needed more
   * than one window. Immutable by convention: do not modify the arrays.
   */
  record WordScores(List<String> words, int[] starts, int[] ends, float[][] probabilities, boolean truncated) {}

  /** A new builder; set exactly one of bundle, bundleResource or huggingFace. */
  static Builder builder() {
    return new Builder();
  }

  /** The manifest of an IntentOps bundle, or null for a Hugging Face export. */
  @Nullable ModelManifest manifest();

  /** The BIO labels in model output order. */
  List<String> labels();

  /** The O-logit bias in use (from the builder or the bundle manifest). */
  double oLogBias();

  /**
   * Entities of {@code text}.
   *
   * @throws io.intentops.core.InvalidInputException for text {@link InputLimits} rejects
   * @throws InferenceException when the model fails or the predictor is closed
   */
  @Override
  NerResult predict(String text);

  /**
   * Label probabilities for each whitespace-separated word of {@code text}.
   *
   * @throws io.intentops.core.InvalidInputException for text {@link InputLimits} rejects
   * @throws InferenceException when the model fails or the predictor is closed
   */
  WordScores scoreWords(String text);

  /**
   * Decodes entities from word scores of {@code text} (from {@link #scoreWords}) with a given bias
   * subtracted from log P(O); lets a caller tune the bias on a dev set without re-running the model.
   * Runs no model, so it also works after {@link #close()}.
   */
  List<Entity> entities(String text, WordScores scores, double oLogBias);

  /**
   * Which words support each entity's type: the entities of {@code text} and, for each, every other
   * whitespace word's support (the drop in the entity's mean type probability when that word is removed).
   * The text with each word removed is scored in one batched ONNX Runtime run (all windows of all variants
   * together); cost: {@code words + 1} texts. Only {@link io.intentops.inference.explain.ExplanationMethod#OCCLUSION}
   * is supported; {@link ExplainConfig#maxWords()} applies.
   *
   * @throws io.intentops.core.ConfigurationException when {@code config} asks for another method
   * @throws io.intentops.core.InvalidInputException as {@link #predict}, and with reason {@code TOO_LONG}
   *     when the text has more than {@link ExplainConfig#maxWords()} words
   * @throws InferenceException when the model fails or the predictor is closed
   */
  NerExplanation explain(String text, ExplainConfig config);

  /** {@link #explain(String, ExplainConfig)} with {@link ExplainConfig#defaults()}. */
  default NerExplanation explain(String text) {
    return explain(text, ExplainConfig.defaults());
  }

  /** Waits for running calls, then frees the native session and tokenizer; idempotent. */
  @Override
  void close();

  /**
   * Configures and loads a {@link NerPredictor}. Exactly one source is required:
   * {@link #bundle(Path)}, {@link #bundleResource(String)} or {@link #huggingFace(Path)}. Setters
   * validate their argument and throw {@link ConfigurationException}. Not thread-safe.
   */
  final class Builder {
    /** Default ONNX Runtime intra-op threads: the same as intent (available processors, at most 4). */
    public static final int DEFAULT_INTRA_OP_THREADS = OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;
    /** Default word aggregation. */
    public static final WordAggregation DEFAULT_AGGREGATION = WordAggregation.FIRST;
    /** Default decoding. */
    public static final Decoding DEFAULT_DECODING = Decoding.VITERBI;

    private @Nullable ModelResource bundle;
    private @Nullable Path huggingFace;
    private InputLimits limits = InputLimits.defaults();
    private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
    private WordAggregation aggregation = DEFAULT_AGGREGATION;
    private Decoding decoding = DEFAULT_DECODING;
    private boolean verify = true;
    private ModelVersion hfVersion = ModelVersion.of(0, 0, 0, 0);
    private double oLogBias = Double.NaN;
    private Clock clock = Clock.system();
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private @Nullable InferenceObservationConvention observationConvention;

    Builder() {}

    /**
     * Observes model load and each prediction ({@link io.intentops.inference.observation.InferenceStage}
     * {@code model_load}, {@code inference_forward}) through {@code registry}. Default
     * {@link ObservationRegistry#NOOP}: no observation is created.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Replaces {@link io.intentops.inference.observation.DefaultInferenceObservationConvention} for the observations. */
    public Builder observationConvention(InferenceObservationConvention convention) {
      this.observationConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /** An IntentOps NER bundle directory (with {@value NerPredictor#MANIFEST}). */
    public Builder bundle(Path dir) {
      this.bundle = ModelResource.file(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /** An IntentOps NER bundle on the classpath, e.g. {@code io/intentops/models/wnut17-ner}. */
    public Builder bundleResource(String folder) {
      this.bundle = ModelResource.classpath(Objects.requireNonNull(folder, "folder"));
      return this;
    }

    /**
     * A Hugging Face ONNX token-classification export directory: {@code model.onnx},
     * {@code config.json} (with {@code id2label}) and {@code tokenizer.json}.
     */
    public Builder huggingFace(Path dir) {
      this.huggingFace = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The version reported for a Hugging Face export (bundles carry their own); default 0.0.0-0. */
    public Builder huggingFaceVersion(ModelVersion version) {
      this.hfVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Bias subtracted from log P(O) before decoding; positive values trade precision for recall.
     * Default: the bundle's {@value NerPredictor#O_LOG_BIAS_PROPERTY} property, else 0.
     */
    public Builder oLogBias(double bias) {
      if (!Double.isFinite(bias)) {
        throw new ConfigurationException("oLogBias must be finite, got " + bias);
      }
      this.oLogBias = bias;
      return this;
    }

    /** Input limits; {@code maxTokens} is the window size for long texts (default {@link InputLimits#defaults()}). */
    public Builder limits(InputLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** ONNX Runtime intra-op threads, at least 1 (default {@link #DEFAULT_INTRA_OP_THREADS}). */
    public Builder intraOpThreads(int threads) {
      if (threads < 1) {
        throw new ConfigurationException("intraOpThreads must be >= 1, got " + threads);
      }
      this.intraOpThreads = threads;
      return this;
    }

    /** How word-piece probabilities form word probabilities (default {@link WordAggregation#FIRST}). */
    public Builder aggregation(WordAggregation aggregation) {
      this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
      return this;
    }

    /** How tags are decoded (default {@link Decoding#VITERBI}). */
    public Builder decoding(Decoding decoding) {
      this.decoding = Objects.requireNonNull(decoding, "decoding");
      return this;
    }

    /** Whether bundle files are checked against the manifest's SHA-256 digests (default true). */
    public Builder verifyDigests(boolean verify) {
      this.verify = verify;
      return this;
    }

    /** Time source for latency measurement (default {@link Clock#system()}). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Loads the model.
     *
     * @throws ConfigurationException for an invalid builder state
     * @throws ModelLoadException when files are missing or malformed
     * @throws ModelIntegrityException when a digest does not match the manifest
     */
    public NerPredictor build() {
      if ((bundle == null) == (huggingFace == null)) {
        throw new ConfigurationException("Set exactly one of bundle(..), bundleResource(..) or huggingFace(..)");
      }
      NerPredictors.Options o = new NerPredictors.Options(limits, intraOpThreads, aggregation, decoding, verify,
          oLogBias, clock);
      StageObserver stages = StageObserver.of(observationRegistry, observationConvention, "ner");
      ModelResource b = bundle;
      Path hf = huggingFace;
      NerPredictor p = stages.observeLoad(
          () -> b != null ? NerPredictors.fromBundle(b, o) : NerPredictors.fromHuggingFace(hf, hfVersion, o),
          n -> Map.entry(n.manifest() == null ? "ner" : n.manifest().name(), n.version()));
      if (stages.isNoop()) {
        return p;
      }
      return new ObservedNerPredictor(p, stages.forModel(p.manifest() == null ? "ner" : p.manifest().name(), p.version()));
    }
  }
}
