package io.intentops.inference.observation;

import io.micrometer.common.KeyValues;

/**
 * The default naming: observation {@value #NAME} (so one timer with a {@code intentops.stage} tag per
 * stage), contextual (span) name the stage id, low-cardinality keys {@value #STAGE}, {@value #TASK},
 * {@value #MODEL_NAME}, {@value #MODEL_VERSION}; high-cardinality keys {@value #BATCH_SIZE} and
 * {@value #QUEUE_DEPTH}. The text is
 * never a key. Stateless and thread-safe; {@link #INSTANCE} is shared.
 */
public class DefaultInferenceObservationConvention implements InferenceObservationConvention {
  /** The observation (and timer) name. */
  public static final String NAME = "intentops.inference";
  /** Low-cardinality key: the stage id ({@link InferenceStage#id()}). */
  public static final String STAGE = "intentops.stage";
  /** Low-cardinality key: {@code intent} or {@code ner}. */
  public static final String TASK = "intentops.task";
  /** Low-cardinality key: the model name from the manifest. */
  public static final String MODEL_NAME = "intentops.model.name";
  /** Low-cardinality key: the model version, e.g. {@code 1.0.0-1}. */
  public static final String MODEL_VERSION = "intentops.model.version";
  /** High-cardinality key: texts in the run. */
  public static final String BATCH_SIZE = "intentops.batch.size";
  /** High-cardinality key: micro-batch requests waiting behind the run. */
  public static final String QUEUE_DEPTH = "intentops.queue.depth";
  /** Value of the model keys while it is unknown (during model load, before the manifest is read). */
  public static final String UNKNOWN = "unknown";

  /** The shared instance. */
  public static final DefaultInferenceObservationConvention INSTANCE = new DefaultInferenceObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(InferenceObservationContext context) {
    return context.stage().id();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(InferenceObservationContext context) {
    return KeyValues.of(
        STAGE, context.stage().id(),
        TASK, context.task(),
        MODEL_NAME, context.modelName() == null ? UNKNOWN : context.modelName(),
        MODEL_VERSION, context.modelVersion() == null ? UNKNOWN : context.modelVersion().toString());
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(InferenceObservationContext context) {
    return KeyValues.of(BATCH_SIZE, Integer.toString(context.batchSize()),
        QUEUE_DEPTH, Integer.toString(context.queueDepth()));
  }
}
