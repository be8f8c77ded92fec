package io.intentops.capture.drift;

import io.intentops.core.IntentPrediction;
import io.intentops.core.capture.ProjectedEmbedding;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Carries a prediction's projected embedding from the model to capture without a second encoder pass.
 * Give {@link #hook()} to the predictor ({@code IntentPredictor.builder().pooledFeatures(tap.hook())}):
 * it projects the pooled feature vector with an {@link EmbeddingProjection} right after the model ran
 * and parks the result under the prediction instance; give {@link #take} to
 * {@link io.intentops.capture.CapturingPredictor#wrap(io.intentops.core.Predictor,
 * io.intentops.core.capture.CaptureSink, io.intentops.core.Clock, String, java.util.function.Function)},
 * which claims it when it captures that same instance. Matching is by identity, so it works with
 * micro-batching (the hook runs on the batcher's thread). A prediction that is never claimed (the
 * predictor was also called without the capturing wrapper, or a decorator in between returned a
 * different instance) stays parked until {@link #capacity()} parked vectors are reached; then all are
 * dropped and counted ({@link #evicted()}). Cache hits have no embedding (the model did not run).
 * Thread-safe.
 */
public final class EmbeddingTap {
  /** Most parked, unclaimed vectors. */
  public static final int DEFAULT_CAPACITY = 4096;

  private final EmbeddingProjection projection;
  private final int capacity;
  private final ConcurrentHashMap<Ref, ProjectedEmbedding> parked = new ConcurrentHashMap<>();
  private final LongAdder projected = new LongAdder();
  private final LongAdder claimed = new LongAdder();
  private final LongAdder evicted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  /** Identity of a prediction instance (IntentPrediction is a record with value equality). */
  private static final class Ref {
    private final Object target;

    Ref(Object target) {
      this.target = target;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ref r && r.target == target;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(target);
    }
  }

  private EmbeddingTap(EmbeddingProjection projection, int capacity) {
    this.projection = projection;
    this.capacity = capacity;
  }

  /** A tap projecting with {@code projection}, with {@value #DEFAULT_CAPACITY} parked vectors at most. */
  public static EmbeddingTap of(EmbeddingProjection projection) {
    return of(projection, DEFAULT_CAPACITY);
  }

  /** A tap with at most {@code capacity} (>= 1) parked vectors. */
  public static EmbeddingTap of(EmbeddingProjection projection, int capacity) {
    if (capacity < 1) {
      throw new io.intentops.core.ConfigurationException("capacity must be >= 1, got " + capacity);
    }
    return new EmbeddingTap(Objects.requireNonNull(projection, "projection"), capacity);
  }

  /** The projection. */
  public EmbeddingProjection projection() {
    return projection;
  }

  /** Most parked vectors. */
  public int capacity() {
    return capacity;
  }

  /** The predictor hook: projects and parks; never throws (a vector of the wrong length is counted). */
  public BiConsumer<IntentPrediction, float[]> hook() {
    return this::offer;
  }

  void offer(IntentPrediction p, float[] features) {
    if (features.length != projection.inputDimension()) {
      rejected.increment();
      return;
    }
    ProjectedEmbedding e;
    try {
      e = projection.embed(features);
    } catch (IllegalArgumentException ex) { // non-finite features
      rejected.increment();
      return;
    }
    if (parked.size() >= capacity) {
      // Unclaimed vectors are a wiring mistake, not a reason to grow without bound.
      int n = parked.size();
      parked.clear();
      evicted.add(n);
    }
    parked.put(new Ref(p), e);
    projected.increment();
  }

  /** Claims the embedding parked for this very prediction instance, or null. */
  public @Nullable ProjectedEmbedding take(IntentPrediction p) {
    ProjectedEmbedding e = parked.remove(new Ref(p));
    if (e != null) {
      claimed.increment();
    }
    return e;
  }

  /** Vectors projected. */
  public long projected() {
    return projected.sum();
  }

  /** Vectors claimed by {@link #take}. */
  public long claimed() {
    return claimed.sum();
  }

  /** Parked vectors dropped unclaimed at capacity. */
  public long evicted() {
    return evicted.sum();
  }

  /** Feature vectors of the wrong length or with non-finite values. */
  public long rejected() {
    return rejected.sum();
  }

  /** Vectors parked now. */
  public int parked() {
    return parked.size();
  }
}
