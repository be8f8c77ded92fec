package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.InferenceException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.inference.IntentPredictor;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.Explanation;
import io.intentops.router.Routed;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an application's controllers call: {@link #predict} routes a text through the router (one
 * observation {@value #ROUTE_OBSERVATION}, contextual name {@code router.route}, low-cardinality key
 * {@value #CHOSEN_VERSION} = the version the router chose), applies the calibration overrides and feeds
 * the drift monitor. The predictor stages (preprocess, inference_forward, oos_scoring, calibration)
 * are child observations. Thread-safe.
 */
public final class IntentOpsService {
  /** Name of the routing observation. */
  public static final String ROUTE_OBSERVATION = "intentops.router.route";
  /** Low-cardinality key of the routing observation: the chosen version. */
  public static final String CHOSEN_VERSION = "intentops.model.version";
  /** Low-cardinality key of the routing observation: whether stable answered after the chosen version failed. */
  public static final String FELL_BACK = "intentops.fell_back";

  private final IntentOpsRuntime runtime;
  private final DriftMonitor drift;
  private final ObservationRegistry observations;
  private final boolean explain;
  private final ExplainConfig explainConfig;
  private final IntentOpsWarmup warmup;

  IntentOpsService(IntentOpsRuntime runtime, DriftMonitor drift, ObservationRegistry observations, boolean explain,
      IntentOpsWarmup warmup) {
    this(runtime, drift, observations, explain, ExplainConfig.defaults(), warmup);
  }

  IntentOpsService(IntentOpsRuntime runtime, DriftMonitor drift, ObservationRegistry observations, boolean explain,
      ExplainConfig explainConfig, IntentOpsWarmup warmup) {
    this.runtime = runtime;
    this.drift = drift;
    this.observations = observations;
    this.explain = explain;
    this.explainConfig = Objects.requireNonNull(explainConfig, "explainConfig");
    this.warmup = warmup;
  }

  /**
   * Explains the prediction of the version the router chooses for {@code routingKey}: per word of
   * {@code text} (character offsets into it), how much it supports the predicted intent and the
   * out-of-scope score (leave-one-word-out occlusion, one batched model run; see
   * {@code docs/explanations.md}). Not routed as a request: it does not count in the router's SLO
   * evidence, and calibration overrides do not apply to the attributions.
   *
   * @throws ExplainabilityDisabledException unless {@code intentops.features.enable-explainability} is true
   * @throws io.intentops.core.InvalidInputException for bad text, or more words than
   *     {@code intentops.features.explain-max-words} (reason TOO_LONG)
   * @throws InferenceException when the chosen version is served by a predictor that cannot explain
   *     (one supplied through {@link IntentOpsModelSource} that is not an {@link IntentPredictor})
   */
  public Explanation explain(@Nullable String routingKey, String text) {
    if (!explain) {
      throw new ExplainabilityDisabledException();
    }
    ModelVersion v = runtime.router().select(routingKey, null);
    Predictor<String, IntentPrediction> p = runtime.intentPredictors().get(v);
    if (!(p instanceof IntentPredictor ip)) {
      throw new InferenceException("Version " + v + " is served by " + (p == null ? "no predictor" : p.getClass().getName())
          + ", which cannot explain; explanations need an IntentOps IntentPredictor (intentops.model.path)");
    }
    return ip.explain(text, explainConfig);
  }

  /** Explanations were requested while {@code intentops.features.enable-explainability} is false. */
  public static final class ExplainabilityDisabledException extends io.intentops.core.IntentOpsException {
    private static final long serialVersionUID = 1L;

    ExplainabilityDisabledException() {
      super("Explanations are switched off (intentops.features.enable-explainability=false)");
    }
  }

  /**
   * One answer.
   *
   * @param prediction the calibrated prediction of the version that answered
   * @param routed the routing decision (chosen version, answering version, fallback)
   */
  public record Answer(IntentPrediction prediction, Routed<IntentPrediction> routed) {
    public Answer {
      Objects.requireNonNull(prediction, "prediction");
      Objects.requireNonNull(routed, "routed");
    }
  }

  /**
   * Classifies {@code text}, routed by {@code routingKey} (sticky per key; null for a random bucket).
   *
   * @throws io.intentops.core.InvalidInputException for bad text
   * @throws InferenceException when the model fails
   */
  public Answer predict(@Nullable String routingKey, String text) {
    Routed<IntentPrediction> routed;
    if (observations.isNoop()) {
      routed = runtime.router().route(routingKey, text);
    } else {
      Observation o = Observation.createNotStarted(ROUTE_OBSERVATION, observations).contextualName("router.route")
          .start();
      try (Observation.Scope s = o.openScope()) {
        routed = runtime.router().route(routingKey, text);
        o.lowCardinalityKeyValue(KeyValue.of(CHOSEN_VERSION, routed.chosen().toString()));
        o.lowCardinalityKeyValue(KeyValue.of(FELL_BACK, Boolean.toString(routed.fellBack())));
      } catch (RuntimeException e) {
        o.error(e);
        throw e;
      } finally {
        o.stop();
      }
    }
    IntentPrediction p = runtime.calibration().apply(routed.output());
    drift.record(p.label(), p.outOfScope());
    warmup.firstPrediction();
    return new Answer(p, routed);
  }

  /**
   * Extracts entities.
   *
   * @throws InferenceException when no NER model is configured ({@code intentops.ner.path})
   */
  public NerResult extract(String text) {
    io.intentops.core.Predictor<String, NerResult> ner = runtime.ner();
    if (ner == null) {
      throw new InferenceException("No NER model is configured (intentops.ner.path)");
    }
    return ner.predict(text);
  }

  /** Whether answers should carry the top-k alternatives and OOS score ({@code enable_explainability}). */
  public boolean explainability() {
    return explain;
  }

  /** The drift monitor. */
  public DriftMonitor drift() {
    return drift;
  }

  /** The runtime (router, predictors). */
  public IntentOpsRuntime runtime() {
    return runtime;
  }
}
