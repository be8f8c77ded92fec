package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.ModelVersion;
import io.intentops.core.IntentPrediction;
import io.intentops.core.Predictor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Warm-up before readiness: once the application is ready it sends every served version its warm-up
 * texts ({@code intentops.warmup.versions.<version>}, else {@code intentops.warmup.texts}) directly
 * (not through the router, so no SLO window counts them) on the {@code intentOpsWarmupExecutor}; the
 * {@code intentops} health contributor (part of the readiness group) is DOWN until it has finished.
 * Reports the startup time and the time to first prediction, both from JVM start. Thread-safe (state
 * is published through volatile fields).
 */
public final class IntentOpsWarmup implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(IntentOpsWarmup.class);

  /** Warm-up state. */
  public enum State { PENDING, RUNNING, DONE, FAILED }

  private final IntentOpsRuntime runtime;
  private final IntentOpsProperties.Warmup props;
  private final IntentOpsWarmupExecutor executor;
  private volatile State state;
  private volatile @Nullable String failure;
  private volatile long startupMillis = -1;
  private volatile long firstPredictionMillis = -1;
  private volatile Map<String, Long> millisPerVersion = Map.of();

  IntentOpsWarmup(IntentOpsRuntime runtime, IntentOpsProperties.Warmup props, IntentOpsWarmupExecutor executor) {
    this.runtime = runtime;
    this.props = props;
    this.executor = executor;
    this.state = props.isEnabled() ? State.PENDING : State.DONE;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    startupMillis = sinceJvmStart();
    if (!props.isEnabled()) {
      return;
    }
    executor.execute(this::run);
  }

  private void run() {
    state = State.RUNNING;
    Map<String, Long> took = new LinkedHashMap<>();
    try {
      for (Map.Entry<ModelVersion, Predictor<String, IntentPrediction>> e : runtime.intentPredictors().entrySet()) {
        List<String> texts = props.getVersions().getOrDefault(e.getKey().toString(), props.getTexts());
        long t0 = System.nanoTime();
        for (String t : texts) {
          e.getValue().predict(t);
          firstPrediction();
        }
        took.put(e.getKey().toString(), (System.nanoTime() - t0) / 1_000_000);
      }
      millisPerVersion = Map.copyOf(took);
      state = State.DONE;
      LOG.info("IntentOps warm-up done: {} ms per version; started in {} ms, first prediction {} ms after JVM start",
          took, startupMillis, firstPredictionMillis);
    } catch (RuntimeException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      state = State.FAILED;
      LOG.error("IntentOps warm-up failed; the intentops health stays DOWN", e);
    }
  }

  /** Records the time of the first prediction (warm-up or request), once. */
  void firstPrediction() {
    if (firstPredictionMillis < 0) {
      synchronized (this) {
        if (firstPredictionMillis < 0) {
          firstPredictionMillis = sinceJvmStart();
        }
      }
    }
  }

  private static long sinceJvmStart() {
    return Math.max(0, System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** The warm-up state. */
  public State state() {
    return state;
  }

  /** Why the warm-up failed, or null. */
  public @Nullable String failure() {
    return failure;
  }

  /** Milliseconds from JVM start to the application being ready, or -1 before. */
  public long startupMillis() {
    return startupMillis;
  }

  /** Milliseconds from JVM start to the end of the first prediction, or -1 before. */
  public long timeToFirstPredictionMillis() {
    return firstPredictionMillis;
  }

  /** Warm-up time per version in milliseconds (empty until done). */
  public Map<String, Long> millisPerVersion() {
    return millisPerVersion;
  }

  /** The time to first prediction, or null before. */
  public @Nullable Duration timeToFirstPrediction() {
    long m = firstPredictionMillis;
    return m < 0 ? null : Duration.ofMillis(m);
  }
}
