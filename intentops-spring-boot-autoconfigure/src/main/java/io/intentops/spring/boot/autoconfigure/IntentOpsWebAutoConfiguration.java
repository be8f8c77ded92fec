package io.intentops.spring.boot.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The servlet web layer: {@link CorrelationIdFilter} on every request (first in the chain, so every
 * log line of the request has the id), and, when an {@link ObservationRegistry} bean exists, the Jackson
 * converter replaced by {@link ObservedJacksonConverter} so response serialisation is an observation.
 */
@AutoConfiguration(after = IntentOpsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({WebMvcConfigurer.class, FilterRegistrationBean.class})
@ConditionalOnProperty(prefix = IntentOpsProperties.PREFIX, name = "enabled", matchIfMissing = true)
public class IntentOpsWebAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "intentOpsCorrelationIdFilter")
  FilterRegistrationBean<CorrelationIdFilter> intentOpsCorrelationIdFilter() {
    FilterRegistrationBean<CorrelationIdFilter> reg = new FilterRegistrationBean<>(new CorrelationIdFilter());
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    reg.addUrlPatterns("/*");
    return reg;
  }

  @Bean
  WebMvcConfigurer intentOpsObservedSerialization(ObjectProvider<ObservationRegistry> registry) {
    return new WebMvcConfigurer() {
      @Override
      public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        ObservationRegistry r = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
        if (r.isNoop()) {
          return;
        }
        for (int i = 0; i < converters.size(); i++) {
          if (converters.get(i) instanceof MappingJackson2HttpMessageConverter j && !(j instanceof ObservedJacksonConverter)) {
            converters.set(i, new ObservedJacksonConverter(j, r));
          }
        }
      }
    };
  }
}
