package io.intentops.micrometer;

import io.intentops.inference.observation.InferenceObservationContext;
import io.intentops.inference.observation.InferenceStage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Objects;

/**
 * Meters from the predictors' stage observations, for applications that give a predictor builder an
 * {@code ObservationRegistry} ({@code registry.observationConfig().observationHandler(PredictorMetrics.create(meters))}):
 *
 * <ul>
 *   <li>{@value #STAGE_TIMER} timer per stage, tags {@code stage}, {@code task}, {@code version},
 *       {@code error} (exception class simple name or {@code none}); off with {@code stageTimers=false}
 *       when another handler (Spring Boot's meter observation handler) already times every observation
 *   <li>{@value #BATCH_SIZE} distribution summary of the texts per model run (the
 *       {@code inference_forward} stage), tags {@code task}, {@code version}: 1 without micro-batching,
 *       the merged batch sizes with it
 *   <li>{@value #QUEUE_DEPTH} distribution summary of the micro-batch requests already waiting when a
 *       model run starts (0 without micro-batching), tags {@code task}, {@code version}: a backlog that
 *       does not drain means the encoder is the bottleneck
 * </ul>
 *
 * Tags are the low-cardinality values only (never the text or the batch size). Thread-safe.
 */
public final class PredictorMetrics implements ObservationHandler<InferenceObservationContext> {
  /** Timer name. */
  public static final String STAGE_TIMER = "intentops.predictor.stage";
  /** Distribution summary name: texts per model run. */
  public static final String BATCH_SIZE = "intentops.predictor.batch.size";
  /** Distribution summary name: micro-batch requests waiting when a run starts. */
  public static final String QUEUE_DEPTH = "intentops.predictor.queue.depth";

  private final MeterRegistry registry;
  private final boolean stageTimers;

  private PredictorMetrics(MeterRegistry registry, boolean stageTimers) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stageTimers = stageTimers;
  }

  /** Stage timers and the batch-size summary. */
  public static PredictorMetrics create(MeterRegistry registry) {
    return new PredictorMetrics(registry, true);
  }

  /** The batch-size summary only, and stage timers when {@code stageTimers}. */
  public static PredictorMetrics create(MeterRegistry registry, boolean stageTimers) {
    return new PredictorMetrics(registry, stageTimers);
  }

  @Override
  public void onStart(InferenceObservationContext context) {
    if (stageTimers) {
      context.put(Timer.Sample.class, Timer.start(registry));
    }
  }

  @Override
  public void onStop(InferenceObservationContext context) {
    String version = context.modelVersion() == null ? "unknown" : context.modelVersion().toString();
    if (stageTimers) {
      Timer.Sample sample = context.get(Timer.Sample.class);
      if (sample != null) {
        Throwable error = context.getError();
        sample.stop(Timer.builder(STAGE_TIMER)
            .description("Time of one predictor stage (model_load, preprocess, inference_forward, oos_scoring, calibration)")
            .tag("stage", context.stage().id()).tag("task", context.task()).tag("version", version)
            .tag("error", error == null ? "none" : error.getClass().getSimpleName())
            .register(registry));
      }
    }
    if (context.stage() == InferenceStage.INFERENCE_FORWARD) {
      DistributionSummary.builder(BATCH_SIZE).description("Texts per model run").baseUnit("texts")
          .tag("task", context.task()).tag("version", version)
          .register(registry).record(context.batchSize());
      DistributionSummary.builder(QUEUE_DEPTH).description("Micro-batch requests waiting when a model run starts")
          .baseUnit("requests").tag("task", context.task()).tag("version", version)
          .register(registry).record(context.queueDepth());
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof InferenceObservationContext;
  }
}
