package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.Clock;
import io.intentops.core.IntentPrediction;
import io.intentops.router.Router;
import io.micrometer.observation.ObservationRegistry;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The core of the starter: {@link IntentOpsRuntime} (models and router from {@code intentops.*}),
 * {@link IntentOpsService}, the {@link DriftMonitor} and the {@link IntentOpsWarmup}. Needs nothing
 * beyond Spring Boot itself: Actuator, Micrometer meters, tracing, a web server and a DataSource each
 * add their own auto-configuration when present. The observation registry is the application's
 * {@link ObservationRegistry} bean when there is one (Actuator defines it), else NOOP; the time source
 * an {@link Clock} bean, else {@link Clock#system()}. Off with {@code intentops.enabled=false}.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(prefix = IntentOpsProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(IntentOpsProperties.class)
public class IntentOpsAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  IntentOpsRuntime intentOpsRuntime(IntentOpsProperties props, ObjectProvider<Clock> clock,
      ObjectProvider<ObservationRegistry> observations, ObjectProvider<IntentOpsVersionGate> gates,
      ObjectProvider<IntentOpsRouterCustomizer> customizers, ObjectProvider<IntentOpsModelSource> source) {
    Clock c = clock.getIfAvailable(Clock::system);
    ObservationRegistry o = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    var g = gates.orderedStream().collect(Collectors.toList());
    var cu = customizers.orderedStream().collect(Collectors.toList());
    IntentOpsModelSource s = source.getIfAvailable();
    return onLargeStack(() -> new IntentOpsRuntime(props, c, o, g, cu, s));
  }

  /** Stack size of the model-loading thread: 16 MiB. */
  static final long LOADER_STACK_BYTES = 16L << 20;

  /**
   * Runs {@code body} on a thread with a {@value #LOADER_STACK_BYTES}-byte stack and waits for it. ONNX
   * Runtime session creation can overflow a small native thread stack (a bare SIGSEGV, no hs_err file)
   * depending on the process, so models are never loaded on the caller's thread.
   */
  static <T> T onLargeStack(java.util.function.Supplier<T> body) {
    java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(body.get());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "intentops-model-loader", LOADER_STACK_BYTES);
    t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while loading the IntentOps models", e);
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException(e);
    }
    return result.get();
  }

  /** The router, for applications that use it directly; closed by the runtime. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  Router<String, IntentPrediction> intentOpsRouter(IntentOpsRuntime runtime) {
    return runtime.router();
  }

  @Bean
  @ConditionalOnMissingBean
  DriftMonitor intentOpsDriftMonitor(IntentOpsProperties props) {
    IntentOpsProperties.Drift d = props.getDrift();
    return new DriftMonitor(d.getThreshold(), d.getBaselineSize(), d.getWindowSize());
  }

  @Bean
  @ConditionalOnMissingBean
  IntentOpsWarmupExecutor intentOpsWarmupExecutor() {
    return IntentOpsWarmupExecutor.newThread();
  }

  @Bean
  @ConditionalOnMissingBean
  IntentOpsWarmup intentOpsWarmup(IntentOpsRuntime runtime, IntentOpsProperties props, IntentOpsWarmupExecutor executor) {
    return new IntentOpsWarmup(runtime, props.getWarmup(), executor);
  }

  @Bean
  @ConditionalOnMissingBean
  IntentOpsService intentOpsService(IntentOpsRuntime runtime, DriftMonitor drift, IntentOpsProperties props,
      ObjectProvider<ObservationRegistry> observations, IntentOpsWarmup warmup) {
    return new IntentOpsService(runtime, drift, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
        props.getFeatures().isEnableExplainability(), explainConfig(props.getFeatures()), warmup);
  }

  private static io.intentops.inference.explain.ExplainConfig explainConfig(IntentOpsProperties.Features f) {
    int max = f.getExplainMaxWords();
    if (max < 1 || max > io.intentops.inference.explain.ExplainConfig.MAX_WORDS_LIMIT) {
      throw new InvalidIntentOpsPropertyException("intentops.features.explain-max-words", Integer.toString(max),
          "must be in [1, " + io.intentops.inference.explain.ExplainConfig.MAX_WORDS_LIMIT + "]");
    }
    return io.intentops.inference.explain.ExplainConfig.custom().maxWords(max).build();
  }
}
