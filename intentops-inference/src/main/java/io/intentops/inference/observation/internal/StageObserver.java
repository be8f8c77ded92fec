package io.intentops.inference.observation.internal;

import io.intentops.core.ModelVersion;
import io.intentops.inference.observation.DefaultInferenceObservationConvention;
import io.intentops.inference.observation.InferenceObservationContext;
import io.intentops.inference.observation.InferenceObservationConvention;
import io.intentops.inference.observation.InferenceStage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Observes the stages of one predictor. With the NOOP registry (the default) {@link #observe} calls the
 * stage directly: no context, no lambda capture beyond the caller's, so an uninstrumented predictor pays
 * one branch per stage. Immutable and thread-safe.
 */
public final class StageObserver {
  /** No instrumentation. */
  public static final StageObserver NONE = new StageObserver(ObservationRegistry.NOOP, null, "intent", null, null);

  private final ObservationRegistry registry;
  private final @Nullable InferenceObservationConvention convention;
  private final String task;
  private final @Nullable String modelName;
  private final @Nullable ModelVersion modelVersion;

  private StageObserver(ObservationRegistry registry, @Nullable InferenceObservationConvention convention, String task,
      @Nullable String modelName, @Nullable ModelVersion modelVersion) {
    this.registry = registry;
    this.convention = convention;
    this.task = task;
    this.modelName = modelName;
    this.modelVersion = modelVersion;
  }

  /** An observer for a predictor of {@code task} whose model is not loaded yet. */
  public static StageObserver of(ObservationRegistry registry, @Nullable InferenceObservationConvention convention,
      String task) {
    Objects.requireNonNull(registry, "registry");
    return registry.isNoop() ? NONE : new StageObserver(registry, convention, task, null, null);
  }

  /** The same observer for the loaded model {@code name} {@code version}. */
  public StageObserver forModel(String name, ModelVersion version) {
    return isNoop() ? this : new StageObserver(registry, convention, task, name, version);
  }

  /** Whether observations are switched off. */
  public boolean isNoop() {
    return registry.isNoop();
  }

  /** The registry observations go to. */
  public ObservationRegistry registry() {
    return registry;
  }

  /** Runs {@code stage} as one observation over {@code batchSize} texts and returns its result. */
  public <T> T observe(InferenceStage stage, int batchSize, Supplier<T> body) {
    return observe(stage, batchSize, 0, body);
  }

  /** As {@link #observe(InferenceStage, int, Supplier)}, with {@code queueDepth} micro-batch requests waiting. */
  public <T> T observe(InferenceStage stage, int batchSize, int queueDepth, Supplier<T> body) {
    if (registry.isNoop()) {
      return body.get();
    }
    InferenceObservationContext ctx = new InferenceObservationContext(stage, task, modelName, modelVersion, batchSize);
    ctx.queueDepth(queueDepth);
    return observation(ctx).observe(body);
  }

  /**
   * Runs a model load as one {@link InferenceStage#MODEL_LOAD} observation; the loaded model's name and
   * version ({@code model} of the result) are set on the context before it stops, so its keys carry them.
   */
  public <T> T observeLoad(Supplier<T> body, Function<T, Map.Entry<String, ModelVersion>> model) {
    if (registry.isNoop()) {
      return body.get();
    }
    InferenceObservationContext ctx = new InferenceObservationContext(InferenceStage.MODEL_LOAD, task, null, null, 0);
    Observation o = observation(ctx).start();
    try (Observation.Scope scope = o.openScope()) {
      T loaded = body.get();
      Map.Entry<String, ModelVersion> m = model.apply(loaded);
      ctx.model(m.getKey(), m.getValue());
      return loaded;
    } catch (RuntimeException e) {
      o.error(e);
      throw e;
    } finally {
      o.stop();
    }
  }

  private Observation observation(InferenceObservationContext ctx) {
    return Observation.createNotStarted(convention, DefaultInferenceObservationConvention.INSTANCE, () -> ctx, registry);
  }
}
