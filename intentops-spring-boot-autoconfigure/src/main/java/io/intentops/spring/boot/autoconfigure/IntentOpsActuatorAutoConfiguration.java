package io.intentops.spring.boot.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Actuator support, when Actuator is on the classpath: the {@code intentops} health contributor
 * ({@link IntentOpsHealthIndicator}) and the {@code intentops} endpoint ({@link IntentOpsEndpoint}).
 */
@AutoConfiguration(after = IntentOpsAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, HealthIndicator.class})
@ConditionalOnBean(IntentOpsRuntime.class)
public class IntentOpsActuatorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "intentopsHealthIndicator")
  @ConditionalOnEnabledHealthIndicator("intentops")
  IntentOpsHealthIndicator intentopsHealthIndicator(IntentOpsRuntime runtime, IntentOpsWarmup warmup) {
    return new IntentOpsHealthIndicator(runtime, warmup);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint
  IntentOpsEndpoint intentOpsEndpoint(IntentOpsRuntime runtime, IntentOpsWarmup warmup, DriftMonitor drift,
      IntentOpsProperties props) {
    return new IntentOpsEndpoint(runtime, warmup, drift, props.getEndpoint().getOperatorRole());
  }
}
