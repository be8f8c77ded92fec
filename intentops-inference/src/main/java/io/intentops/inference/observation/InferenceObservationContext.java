package io.intentops.inference.observation;

import io.intentops.core.ModelVersion;
import io.micrometer.observation.Observation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link InferenceObservationConvention} sees of one observed stage. The model name and version
 * are unknown (null) while a {@link InferenceStage#MODEL_LOAD} runs and set once the manifest is read.
 * Not thread-safe (one context per observation, like every {@link Observation.Context}).
 */
public final class InferenceObservationContext extends Observation.Context {
  private final InferenceStage stage;
  private final String task;
  private @Nullable String modelName;
  private @Nullable ModelVersion modelVersion;
  private final int batchSize;
  private int queueDepth;

  /**
   * A context.
   *
   * @param stage the stage observed
   * @param task the model's task id ({@code intent} or {@code ner})
   * @param modelName the model name, or null while unknown
   * @param modelVersion the model version, or null while unknown
   * @param batchSize texts in the run (1 for a single prediction; 0 for {@link InferenceStage#MODEL_LOAD})
   */
  public InferenceObservationContext(InferenceStage stage, String task, @Nullable String modelName,
      @Nullable ModelVersion modelVersion, int batchSize) {
    this.stage = Objects.requireNonNull(stage, "stage");
    this.task = Objects.requireNonNull(task, "task");
    this.modelName = modelName;
    this.modelVersion = modelVersion;
    this.batchSize = batchSize;
  }

  /** The stage observed. */
  public InferenceStage stage() {
    return stage;
  }

  /** The task id, {@code intent} or {@code ner}. */
  public String task() {
    return task;
  }

  /** The model name, or null while a bundle is still loading. */
  public @Nullable String modelName() {
    return modelName;
  }

  /** The model version, or null while a bundle is still loading. */
  public @Nullable ModelVersion modelVersion() {
    return modelVersion;
  }

  /** Texts in the run. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Micro-batch requests waiting behind this run when it started ({@link InferenceStage#INFERENCE_FORWARD}
   * with micro-batching; 0 otherwise).
   */
  public int queueDepth() {
    return queueDepth;
  }

  /** Sets {@link #queueDepth()}. */
  public void queueDepth(int depth) {
    this.queueDepth = Math.max(0, depth);
  }

  /** Sets the model once its manifest has been read (model load). */
  public void model(String name, ModelVersion version) {
    this.modelName = Objects.requireNonNull(name, "name");
    this.modelVersion = Objects.requireNonNull(version, "version");
  }
}
