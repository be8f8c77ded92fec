package io.intentops.samples.springboot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Wires the rate limits and the request-size filter. The time source is an {@link Clock} bean when one
 * is defined (tests use {@code ManualClock}), else {@link Clock#system()}.
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
}
