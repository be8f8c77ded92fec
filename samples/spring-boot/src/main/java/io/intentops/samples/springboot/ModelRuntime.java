package io.intentops.samples.springboot;

import io.intentops.core.Clock;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.SloConfig;
import io.intentops.micrometer.RouterMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Owns the served models: loads them on a background thread once the application has started (so
 * liveness is UP while readiness is DOWN), wraps the intent models in a {@link Router} (stable plus,
 * with {@code enable_ab_routing}, a candidate at a fixed weight, SLO-monitored and rolled back
 * automatically), binds {@link RouterMetrics} to the Micrometer registry and ticks the rollback
 * controller every second. Thread-safe: the loaded state is published through one volatile field.
 */
@Component
public class ModelRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRuntime.class);
  /** Stack size of the model-loading thread: 16 MiB. */
  static final long LOADER_STACK_BYTES = 16L << 20;

  /** What {@link #phase()} reports. */
  public enum Phase { LOADING, READY, FAILED, CLOSED }

  /** The loaded models; immutable. */
  record Loaded(Router<String, IntentPrediction> router, ModelProvider.Models models, CalibrationParams calibration,
      AutoCloseable ticking) {
    @Nullable Predictor<String, NerResult> ner() {
      return models.ner();
    }
  }

  private final ServiceProperties props;
  private final ModelProvider provider;
  private final Clock clock;
  private final MeterRegistry registry;
  private final DriftMonitor drift;
  private final ScheduledExecutorService scheduler;
  private volatile @Nullable Loaded loaded;
  private volatile Phase phase = Phase.LOADING;
  private volatile @Nullable String failure;

  public ModelRuntime(ServiceProperties props, ObjectProvider<ModelProvider> providers, ObjectProvider<Clock> clocks,
      MeterRegistry registry) {
    this.props = props;
    this.provider = providers.getIfAvailable(() -> new BundleModelProvider(props));
    this.clock = clocks.getIfAvailable(Clock::system);
    this.registry = registry;
    this.drift = new DriftMonitor(props.drift());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "intentops-slo-ticker");
      t.setDaemon(true);
      return t;
    });
    Gauge.builder("intentops.service.drift.score", drift, DriftMonitor::score)
        .description("PSI of the predicted-class distribution, latest window vs. baseline (NaN until both are full)")
        .register(registry);
    Gauge.builder("intentops.service.drift.threshold", drift, DriftMonitor::threshold)
        .description("DRIFT_THRESHOLD").register(registry);
    Gauge.builder("intentops.service.drift.breached", drift, DriftMonitor::breached)
        .description("1 when the drift score exceeds the threshold").register(registry);
    Gauge.builder("intentops.service.model.ready", this, r -> r.phase == Phase.READY ? 1 : 0)
        .description("1 once the model is loaded and serving").register(registry);
  }

  /** Starts loading the models on a background thread. */
  @EventListener(ApplicationReadyEvent.class)
  public void startLoading() {
    // ONNX Runtime session creation can overflow the default 1 MB thread stack natively (a bare
    // SIGSEGV, no hs_err file) depending on the process; loading on a thread with a large stack avoids it.
    Thread t = new Thread(null, this::load, "intentops-model-loader", LOADER_STACK_BYTES);
    t.setDaemon(true);
    t.start();
  }

  private void load() {
    long t0 = System.nanoTime();
    try {
      CalibrationParams calibration = CalibrationParams.read(props.calibration().paramsPath());
      ModelProvider.Models models = provider.load();
      Router<String, IntentPrediction> router = buildRouter(models);
      RouterMetrics.bind(router, registry);
      ServiceProperties.Slo s = props.slo();
      Duration period = Duration.ofMillis(Math.min(1_000, s.windowSeconds() * 500));
      AutoCloseable ticking = router.controller().schedule(scheduler, period);
      synchronized (this) {
        if (phase == Phase.CLOSED) {
          ticking.close();
          router.close();
          closeModels(models);
          return;
        }
        loaded = new Loaded(router, models, calibration, ticking);
        phase = Phase.READY;
      }
      LOG.info("Models loaded in {} ms: weights {}", (System.nanoTime() - t0) / 1_000_000, router.state().weights());
    } catch (RuntimeException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      phase = Phase.FAILED;
      LOG.error("Loading the models failed; readiness stays DOWN", e);
    } catch (Exception e) {
      failure = e.toString();
      phase = Phase.FAILED;
      LOG.error("Loading the models failed; readiness stays DOWN", e);
    }
  }

  private Router<String, IntentPrediction> buildRouter(ModelProvider.Models m) {
    ServiceProperties.Slo s = props.slo();
    Router.Builder<String, IntentPrediction> b = Router.<String, IntentPrediction>builder()
        .version(m.stable())
        .stable(m.stable().version())
        .clock(clock)
        .slo(SloConfig.custom()
            .maxP95Latency(Duration.ofMillis(s.maxP95Millis()))
            .maxServerErrorRate(s.maxServerErrorRate())
            .windowLength(Duration.ofSeconds(s.windowSeconds()))
            .breachingWindows(s.breachingWindows())
            .minRequestsPerWindow(s.minRequestsPerWindow())
            .build())
        .listener(new RouterListener() {
          @Override
          public void onEvent(RouterEvent e) {
            if (e.kind() == RouterEvent.Kind.ROLLED_BACK) {
              LOG.warn("Candidate {} rolled back: {}", e.version(), e.rollback() == null ? "" : e.rollback().detail());
            } else {
              LOG.info("Routing change {} for {}: weights {}", e.kind(), e.version(), e.after().weights());
            }
          }
        });
    Predictor<String, IntentPrediction> candidate = m.candidate();
    if (candidate != null && props.features().enableAbRouting()) {
      b.version(candidate).candidate(candidate.version(), props.candidate().weightBps());
    }
    return b.build();
  }

  /**
   * The loaded models.
   *
   * @throws ModelNotReadyException while loading, after a failed load, or after shutdown
   */
  Loaded require() {
    Loaded l = loaded;
    if (l == null) {
      throw new ModelNotReadyException(phase == Phase.FAILED
          ? "The model failed to load: " + failure
          : "The model is " + phase.name().toLowerCase(java.util.Locale.ROOT) + "; retry when /actuator/health/readiness is UP");
    }
    return l;
  }

  DriftMonitor drift() {
    return drift;
  }

  MeterRegistry registry() {
    return registry;
  }

  /** Loading phase. */
  public Phase phase() {
    return phase;
  }

  /** Why loading failed, or null. */
  public @Nullable String failure() {
    return failure;
  }

  /** Versions served, stable first; empty until loaded. */
  public List<ModelVersion> versions() {
    Loaded l = loaded;
    return l == null ? List.of() : new ArrayList<>(l.router().state().weights().keySet());
  }

  @PreDestroy
  @Override
  public synchronized void close() {
    Loaded l = loaded;
    phase = Phase.CLOSED;
    loaded = null;
    scheduler.shutdownNow();
    if (l != null) {
      try {
        l.ticking().close();
      } catch (Exception e) {
        LOG.warn("Stopping the SLO ticker failed", e);
      }
      l.router().close();
      closeModels(l.models());
    }
  }

  private static void closeModels(ModelProvider.Models m) {
    m.stable().close();
    if (m.candidate() != null) {
      m.candidate().close();
    }
    if (m.ner() != null) {
      m.ner().close();
    }
  }

  /** No model is serving (yet); answered with 503. */
  static final class ModelNotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelNotReadyException(String message) {
      super(message);
    }
  }
}
