package io.intentops.spring.boot.autoconfigure;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Defaults: {@code logging.pattern.correlation} shows the request's correlation id (MDC
 * {@code correlationId}) after Boot's trace and span ids on every log line, unless the application sets
 * that pattern. And it adds the {@code intentops} health contributor to the readiness group, so readiness is DOWN until
 * warm-up is done: as a default (lowest precedence, so an explicit
 * {@code management.endpoint.health.group.readiness.include} wins), only when Actuator is present, the
 * starter and its health contributor are enabled, and probes are on (property or Kubernetes), since a
 * group naming a missing contributor fails startup. Registered in {@code META-INF/spring.factories}.
 */
class IntentOpsEnvironmentPostProcessor implements EnvironmentPostProcessor {
  static final String READINESS = "management.endpoint.health.group.readiness.include";

  /** Boot's log pattern slot for correlation data. */
  static final String LOG_CORRELATION = "logging.pattern.correlation";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (env.getProperty("intentops.enabled", Boolean.class, true) && !env.containsProperty(LOG_CORRELATION)) {
      // The request's correlation id on every log line, after Boot's own trace/span ids when Micrometer
      // Tracing is present (Boot shows those through %correlationId only then).
      boolean tracing = ClassUtils.isPresent("io.micrometer.tracing.Tracer", application.getClassLoader());
      String id = "[%X{" + CorrelationIdFilter.MDC_KEY + ":-}] ";
      env.getPropertySources().addLast(new MapPropertySource("intentops-log-correlation",
          Map.of(LOG_CORRELATION, tracing ? "%correlationId" + id : id)));
    }
    if (!ClassUtils.isPresent("org.springframework.boot.actuate.health.HealthIndicator", application.getClassLoader())
        || !env.getProperty("intentops.enabled", Boolean.class, true)
        || !env.getProperty("management.health.intentops.enabled", Boolean.class,
            env.getProperty("management.health.defaults.enabled", Boolean.class, true))
        || env.containsProperty(READINESS)) {
      return;
    }
    boolean probes = env.getProperty("management.endpoint.health.probes.enabled", Boolean.class, false)
        || CloudPlatform.getActive(env) == CloudPlatform.KUBERNETES;
    if (probes) {
      env.getPropertySources().addLast(new MapPropertySource("intentops-readiness",
          Map.of(READINESS, "readinessState,intentops")));
    }
  }
}
