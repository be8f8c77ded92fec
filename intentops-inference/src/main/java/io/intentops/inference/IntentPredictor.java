package io.intentops.inference;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.InputLimits;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelLoadException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.inference.encoder.ModelResource;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.Explanation;
import io.intentops.inference.internal.IntentPredictors;
import io.intentops.inference.observation.InferenceObservationConvention;
import io.intentops.inference.observation.internal.StageObserver;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a text into one of a bundle's intents with a calibrated probability, the top-k
 * alternatives and an out-of-scope verdict, on the CPU through ONNX Runtime.
 *
 * <pre>{@code
 * try (IntentPredictor p = IntentPredictor.builder().bundle(Path.of("banking77-intent")).build()) {
 *   IntentPrediction r = p.predict("I still haven't received my card");
 * }
 * }</pre>
 *
 * <p><b>Thread-safety:</b> instances are thread-safe; share one per model across threads. With
 * {@link Builder#microBatching micro-batching} concurrent single requests are merged into one ONNX
 * Runtime run. {@link #close()} may be called while requests are in flight: it waits for running
 * encoder calls to finish, fails queued ones with {@link InferenceException}, and every later call
 * throws {@link InferenceException}.
 *
 * <p>Inputs are checked with {@link InputLimits#validate}; null, empty, blank, over-long or invalid
 * UTF-16 text throws {@link io.intentops.core.InvalidInputException}. Text longer than the token limit
 * is truncated and the prediction is flagged {@code truncated}.
 */
public interface IntentPredictor extends Predictor<String, IntentPrediction> {

  /** The manifest of the loaded bundle (synthesised for Hugging Face exports). */
  ModelManifest manifest();

  /** {@link #explain(String, ExplainConfig)} with {@link ExplainConfig#defaults()} (occlusion). */
  default Explanation explain(String text) {
    return explain(text, ExplainConfig.defaults());
  }

  /**
   * Which words of {@code text} made the prediction: per word (see {@link io.intentops.inference.explain.Words}),
   * its contribution to the predicted intent's probability and to the out-of-scope score, with UTF-16
   * offsets into {@code text}. All perturbed texts are scored in one batched ONNX Runtime run per encoder
   * (bypassing the cache and the micro-batcher); cost: {@code words + 1} texts for occlusion,
   * {@code permutations * (words - 1) + 2} for sampled Shapley. Words cut off by token truncation get
   * attribution 0 (the prediction is flagged {@code truncated}).
   *
   * @throws io.intentops.core.InvalidInputException as {@link #predict}, and with reason {@code TOO_LONG}
   *     when the text has more than {@link ExplainConfig#maxWords()} words
   * @throws InferenceException when the model fails or the predictor is closed
   */
  Explanation explain(String text, ExplainConfig config);

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Configures and loads an {@link IntentPredictor}. Exactly one source is required:
   * {@link #bundle(Path)}, {@link #bundleResource(String)} or {@link #huggingFace(Path)}. Not thread-safe.
   */
  final class Builder {
    /** Default number of alternatives in {@link IntentPrediction#topK()}. */
    public static final int DEFAULT_TOP_K = 5;
    /** Default number of micro-batches that run at the same time ({@link #microBatchLanes}). */
    public static final int DEFAULT_MICRO_BATCH_LANES = 1;
    /** Default largest number of texts per ONNX Runtime run in {@code predictBatch}. */
    public static final int DEFAULT_MAX_BATCH = 64;

    private @Nullable ModelResource bundle;
    private @Nullable Path huggingFace;
    private @Nullable InputLimits limits;
    private int intraOpThreads = io.intentops.inference.encoder.OrtSessions.Settings.DEFAULT_INTRA_OP_THREADS;
    private long cacheEntries;
    private int microBatch;
    private Duration microWait = Duration.ZERO;
    private int microBatchLanes = DEFAULT_MICRO_BATCH_LANES;
    private Clock clock = Clock.system();
    private int topK = DEFAULT_TOP_K;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private @Nullable ModelVersion hfVersion;
    private double hfOosThreshold = Double.POSITIVE_INFINITY;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private @Nullable InferenceObservationConvention observationConvention;
    private @Nullable BiConsumer<? super IntentPrediction, float[]> pooledFeatures;

    Builder() {}

    /** A bundle directory (with {@code manifest.json}). */
    public Builder bundle(Path dir) {
      this.bundle = ModelResource.file(Objects.requireNonNull(dir, "dir"));
      this.huggingFace = null;
      return this;
    }

    /** A bundle packed as a classpath resource folder, e.g. {@code io/intentops/models/banking77-intent}. */
    public Builder bundleResource(String folder) {
      String f = Objects.requireNonNull(folder, "folder");
      this.bundle = ModelResource.classpath(f.endsWith("/") ? f : f + "/");
      this.huggingFace = null;
      return this;
    }

    /**
     * A standard Hugging Face ONNX sequence-classification export: a directory with {@code model.onnx}
     * (inputs {@code input_ids}, {@code attention_mask}, optionally {@code token_type_ids}; output
     * {@code logits}), {@code tokenizer.json} and {@code config.json} with {@code id2label}. Such
     * models have no fitted temperature (T = 1) and use the energy score for out-of-scope detection,
     * with the threshold from {@link #huggingFaceOosThreshold} (default: never out of scope).
     */
    public Builder huggingFace(Path dir) {
      this.huggingFace = Objects.requireNonNull(dir, "dir");
      this.bundle = null;
      return this;
    }

    /** Version reported for a Hugging Face export (default {@code 0.0.0-0}). */
    public Builder huggingFaceVersion(ModelVersion version) {
      this.hfVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /** Energy-score threshold for a Hugging Face export; scores at or above it are out of scope. */
    public Builder huggingFaceOosThreshold(double threshold) {
      if (Double.isNaN(threshold)) {
        throw new ConfigurationException("OOS threshold must not be NaN");
      }
      this.hfOosThreshold = threshold;
      return this;
    }

    /** Character and token limits; default: {@link InputLimits#defaults()} characters and the bundle's token limit. */
    public Builder limits(InputLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** ONNX Runtime intra-op threads (default: available processors, at most 4). */
    public Builder intraOpThreads(int threads) {
      if (threads < 1) {
        throw new ConfigurationException("intraOpThreads must be >= 1, got " + threads);
      }
      this.intraOpThreads = threads;
      return this;
    }

    /**
     * Enables a Caffeine cache of predictions keyed by (model version, normalised text): Unicode NFC,
     * trimmed, whitespace runs collapsed. 0 (default) disables it.
     */
    public Builder cache(long maxEntries) {
      if (maxEntries < 0) {
        throw new ConfigurationException("cache maxEntries must be >= 0, got " + maxEntries);
      }
      this.cacheEntries = maxEntries;
      return this;
    }

    /**
     * Enables micro-batching: concurrent {@link IntentPredictor#predict} calls are collected until
     * {@code maxBatch} texts are waiting or {@code maxWait} has passed since the first, then run as one
     * batch. A request arriving after a single-request batch does not wait (only texts already queued
     * join it), so a lone caller does not pay {@code maxWait}. The encoder runs a collected batch (and
     * every {@link IntentPredictor#predictBatch} chunk) in length groups: texts sorted by token count
     * and cut where padding to the group's longest text would cost more than one more run. Off by
     * default.
     */
    public Builder microBatching(int maxBatch, Duration maxWait) {
      if (maxBatch < 1) {
        throw new ConfigurationException("micro-batch size must be >= 1, got " + maxBatch);
      }
      if (maxWait.isNegative()) {
        throw new ConfigurationException("micro-batch wait must not be negative, got " + maxWait);
      }
      this.microBatch = maxBatch;
      this.microWait = maxWait;
      return this;
    }

    /**
     * How many micro-batches may run at once (default {@value #DEFAULT_MICRO_BATCH_LANES}); with
     * {@code n} lanes each collected batch holds at most {@code ceil(maxBatch / n)} texts. Why: on a
     * small machine several single-threaded ONNX Runtime runs side by side use the cores better than
     * one run split across them (each operator of a split run waits for its slowest thread), so under
     * concurrent load {@code intraOpThreads(1)} with one lane per core serves more requests per second;
     * a lone caller is then slower, because its run uses one core (docs/performance.md has both).
     * Only used with {@link #microBatching}.
     */
    public Builder microBatchLanes(int lanes) {
      if (lanes < 1) {
        throw new ConfigurationException("microBatchLanes must be >= 1, got " + lanes);
      }
      this.microBatchLanes = lanes;
      return this;
    }

    /** Time source for latency measurement (default {@link Clock#system()}). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Number of alternatives in {@code topK} (default {@value #DEFAULT_TOP_K}; capped at the label count). */
    public Builder topK(int k) {
      if (k < 1) {
        throw new ConfigurationException("topK must be >= 1, got " + k);
      }
      this.topK = k;
      return this;
    }

    /** Largest number of texts per ONNX Runtime run in {@code predictBatch} (default {@value #DEFAULT_MAX_BATCH}). */
    public Builder maxBatchSize(int n) {
      if (n < 1) {
        throw new ConfigurationException("maxBatchSize must be >= 1, got " + n);
      }
      this.maxBatch = n;
      return this;
    }

    /**
     * Observes the stages ({@link io.intentops.inference.observation.InferenceStage}: model load,
     * preprocess, inference forward, OOS scoring, calibration) through {@code registry}. Default
     * {@link ObservationRegistry#NOOP}: no observation is created. With micro-batching the batch stages
     * run on the batcher's thread, outside the caller's observation.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Replaces {@link io.intentops.inference.observation.DefaultInferenceObservationConvention} for the stage observations. */
    public Builder observationConvention(InferenceObservationConvention convention) {
      this.observationConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /**
     * A hook that sees each prediction the model computes together with its pooled feature vector (the
     * bundle's encoders' pooled embeddings side by side, before the head), for example
     * {@code intentops-capture}'s embedding tap, which projects it for embedding drift. Called once per
     * text after the model ran, on the thread that ran it (the caller's, or the micro-batcher's), with
     * the very {@link IntentPrediction} instance that {@code predict}/{@code predictBatch} then returns.
     * Not called for cache hits, {@code explain}, or models without pooled features (Hugging Face
     * classifier exports). The array belongs to the predictor: read it during the call, do not keep or
     * change it. The hook must be quick; an exception from it is swallowed so it never fails a request.
     * Default: none.
     */
    public Builder pooledFeatures(BiConsumer<? super IntentPrediction, float[]> hook) {
      this.pooledFeatures = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Verifies and loads the model.
     *
     * @throws ConfigurationException when no source is set
     * @throws ModelIntegrityException when a file's SHA-256 differs from the manifest (nothing is served)
     * @throws ModelLoadException when files are missing or malformed
     */
    public IntentPredictor build() {
      IntentPredictors.Options o = new IntentPredictors.Options(limits, intraOpThreads, cacheEntries, microBatch,
          microWait, clock, topK, maxBatch, microBatchLanes, pooledFeatures);
      if (bundle == null && huggingFace == null) {
        throw new ConfigurationException("IntentPredictor needs bundle(Path), bundleResource(String) or huggingFace(Path)");
      }
      StageObserver stages = StageObserver.of(observationRegistry, observationConvention, "intent");
      ModelResource b = bundle;
      Path hf = huggingFace;
      return stages.observeLoad(() -> b != null
          ? IntentPredictors.fromBundle(b, o, stages)
          : IntentPredictors.fromHuggingFace(hf, hfVersion == null ? ModelVersion.of(0, 0, 0, 0) : hfVersion,
              hfOosThreshold, o, stages),
          p -> Map.entry(p.manifest().name(), p.version()));
    }
  }
}
