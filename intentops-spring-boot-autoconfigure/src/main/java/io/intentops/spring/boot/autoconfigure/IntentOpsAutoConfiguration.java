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
    return new IntentOpsRuntime(props, clock.getIfAvailable(Clock::system),
        observations.getIfAvailable(() -> ObservationRegistry.NOOP),
        gates.orderedStream().collect(Collectors.toList()), customizers.orderedStream().collect(Collectors.toList()),
        source.getIfAvailable());
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
        props.getFeatures().isEnableExplainability(), warmup);
  }
}
