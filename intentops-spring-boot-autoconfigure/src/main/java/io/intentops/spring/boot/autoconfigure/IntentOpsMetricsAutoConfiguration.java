package io.intentops.spring.boot.autoconfigure;

import io.intentops.micrometer.PredictorMetrics;
import io.intentops.micrometer.RouterMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters, when {@code intentops-micrometer} and a {@link MeterRegistry} bean are present:
 * the router's {@code intentops.router.*} meters ({@link RouterMetrics}), the drift gauges
 * {@code intentops.drift.score}/{@code .threshold}/{@code .breached}, and the warm-up gauges
 * {@code intentops.warmup.done} and {@code intentops.startup.first.prediction} (ms from JVM start, -1
 * before), and {@link PredictorMetrics} as an observation handler for the batch-size distribution
 * {@code intentops.predictor.batch.size} (its stage timers are off: Boot's meter observation handler
 * already times every observation as {@code intentops.inference} by {@code intentops.stage}).
 */
@AutoConfiguration(after = IntentOpsAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, RouterMetrics.class})
@ConditionalOnBean({MeterRegistry.class, IntentOpsRuntime.class})
public class IntentOpsMetricsAutoConfiguration {

  @Bean
  RouterMetrics intentOpsRouterMetrics(IntentOpsRuntime runtime, MeterRegistry registry, DriftMonitor drift,
      IntentOpsWarmup warmup) {
    Gauge.builder("intentops.drift.score", drift, DriftMonitor::score)
        .description("PSI of the predicted-class distribution, latest window vs. baseline (NaN until both are full)")
        .register(registry);
    Gauge.builder("intentops.drift.threshold", drift, DriftMonitor::threshold).description("intentops.drift.threshold")
        .register(registry);
    Gauge.builder("intentops.drift.breached", drift, d -> d.breached() ? 1 : 0)
        .description("1 when the drift score exceeds the threshold").register(registry);
    Gauge.builder("intentops.warmup.done", warmup, w -> w.state() == IntentOpsWarmup.State.DONE ? 1 : 0)
        .description("1 once every served version answered its warm-up texts").register(registry);
    Gauge.builder("intentops.startup.first.prediction", warmup, IntentOpsWarmup::timeToFirstPredictionMillis)
        .description("Milliseconds from JVM start to the first prediction (-1 before)").baseUnit("ms")
        .register(registry);
    return RouterMetrics.bind(runtime.router(), registry);
  }

  /** Picked up by Boot's observation auto-configuration, which registers every ObservationHandler bean. */
  @Bean
  PredictorMetrics intentOpsPredictorMetrics(MeterRegistry registry) {
    return PredictorMetrics.create(registry, false);
  }
}
