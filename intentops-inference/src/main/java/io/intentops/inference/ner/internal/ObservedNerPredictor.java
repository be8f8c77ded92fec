package io.intentops.inference.ner.internal;

import io.intentops.core.Entity;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.inference.explain.ExplainConfig;
import io.intentops.inference.explain.NerExplanation;
import io.intentops.inference.ner.NerPredictor;
import io.intentops.inference.observation.InferenceStage;
import io.intentops.inference.observation.internal.StageObserver;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A NER predictor whose predictions are observed: {@link #predict} and {@link #scoreWords} as one
 * {@link InferenceStage#INFERENCE_FORWARD} each (the NER pipeline tokenises per window inside the run,
 * so its stages are not split further). Only built when an observation registry is set, so an
 * uninstrumented predictor has no wrapper. Thread-safe as the delegate.
 */
public final class ObservedNerPredictor implements NerPredictor {
  private final NerPredictor delegate;
  private final StageObserver stages;

  public ObservedNerPredictor(NerPredictor delegate, StageObserver stages) {
    this.delegate = delegate;
    this.stages = stages;
  }

  @Override
  public @Nullable ModelManifest manifest() {
    return delegate.manifest();
  }

  @Override
  public List<String> labels() {
    return delegate.labels();
  }

  @Override
  public double oLogBias() {
    return delegate.oLogBias();
  }

  @Override
  public NerResult predict(String text) {
    return stages.observe(InferenceStage.INFERENCE_FORWARD, 1, () -> delegate.predict(text));
  }

  @Override
  public WordScores scoreWords(String text) {
    return stages.observe(InferenceStage.INFERENCE_FORWARD, 1, () -> delegate.scoreWords(text));
  }

  @Override
  public NerExplanation explain(String text, ExplainConfig config) {
    return stages.observe(InferenceStage.INFERENCE_FORWARD, 1, () -> delegate.explain(text, config));
  }

  @Override
  public List<Entity> entities(String text, WordScores scores, double oLogBias) {
    return delegate.entities(text, scores, oLogBias);
  }

  @Override
  public ModelVersion version() {
    return delegate.version();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
