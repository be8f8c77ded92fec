package io.intentops.samples.springboot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.Clock;
import io.intentops.spring.boot.autoconfigure.DriftMonitor;
import io.intentops.spring.boot.autoconfigure.IntentOpsWarmup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires what the starter does not: the rate limits, the request-size filter and the service gauges
 * the Grafana dashboard queries ({@code intentops.service.drift.*} from the starter's
 * {@link DriftMonitor}, {@code intentops.service.model.ready} from its warm-up). The time source is an
 * {@link Clock} bean when one is defined (tests use {@code ManualClock}), else {@link Clock#system()}.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceConfiguration {

  @Bean
  RateLimits rateLimits(ServiceProperties props, ObjectProvider<Clock> clocks) {
    return new RateLimits(props.rateLimit(), clocks.getIfAvailable(Clock::system));
  }

  @Bean
  FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(ServiceProperties props, ObjectMapper json) {
    FilterRegistrationBean<RequestSizeFilter> reg =
        new FilterRegistrationBean<>(new RequestSizeFilter(props.limits().maxRequestBytes(), json));
    reg.addUrlPatterns("/v1/*");
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return reg;
  }

  @Bean
  MeterBinder serviceGauges(DriftMonitor drift, IntentOpsWarmup warmup) {
    return registry -> {
      Gauge.builder("intentops.service.drift.score", drift, DriftMonitor::score)
          .description("PSI of the predicted-class distribution, latest window vs. baseline (NaN until both are full)")
          .register(registry);
      Gauge.builder("intentops.service.drift.threshold", drift, DriftMonitor::threshold)
          .description("DRIFT_THRESHOLD").register(registry);
      Gauge.builder("intentops.service.drift.breached", drift, d -> d.breached() ? 1 : 0)
          .description("1 when the drift score exceeds the threshold").register(registry);
      Gauge.builder("intentops.service.model.ready", warmup, w -> w.state() == IntentOpsWarmup.State.DONE ? 1 : 0)
          .description("1 once the model is loaded, warmed up and serving").register(registry);
    };
  }
}
