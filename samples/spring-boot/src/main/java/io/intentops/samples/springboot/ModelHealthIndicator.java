package io.intentops.samples.springboot;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code model}: UP once the models are loaded (with the served versions and
 * weights), DOWN while loading or after a failed load (with the reason). Part of the readiness group,
 * so {@code /actuator/health/readiness} is DOWN until the model can answer.
 */
@Component("model")
public class ModelHealthIndicator implements HealthIndicator {
  private final ModelRuntime runtime;

  public ModelHealthIndicator(ModelRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Health health() {
    return switch (runtime.phase()) {
      case READY -> {
        var l = runtime.require();
        yield Health.up()
            .withDetail("weights", l.router().state().weights().toString())
            .withDetail("ner", l.ner() == null ? "not loaded" : l.ner().version().toString())
            .build();
      }
      case FAILED -> Health.down().withDetail("phase", "FAILED").withDetail("error", String.valueOf(runtime.failure()))
          .build();
      default -> Health.down().withDetail("phase", runtime.phase().name()).build();
    };
  }
}
