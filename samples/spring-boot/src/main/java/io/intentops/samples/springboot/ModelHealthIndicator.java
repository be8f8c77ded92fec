package io.intentops.samples.springboot;

import io.intentops.spring.boot.autoconfigure.IntentOpsRuntime;
import io.intentops.spring.boot.autoconfigure.IntentOpsWarmup;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code model}: UP once the starter's warm-up is done (with the served versions and
 * weights and the NER version), DOWN before or after a failed warm-up (with the reason). The readiness
 * group is {@code readinessState,model} (application.properties), so readiness is DOWN until the model
 * has answered its warm-up texts.
 */
@Component("model")
public class ModelHealthIndicator implements HealthIndicator {
  private final IntentOpsRuntime runtime;
  private final IntentOpsWarmup warmup;

  public ModelHealthIndicator(IntentOpsRuntime runtime, IntentOpsWarmup warmup) {
    this.runtime = runtime;
    this.warmup = warmup;
  }

  @Override
  public Health health() {
    return switch (warmup.state()) {
      case DONE -> Health.up()
          .withDetail("weights", runtime.router().state().weights().toString())
          .withDetail("ner", runtime.ner() == null ? "not loaded" : runtime.ner().version().toString())
          .build();
      case FAILED -> Health.down().withDetail("phase", "FAILED").withDetail("error", String.valueOf(warmup.failure()))
          .build();
      default -> Health.down().withDetail("phase", "WARMING_UP").build();
    };
  }
}
