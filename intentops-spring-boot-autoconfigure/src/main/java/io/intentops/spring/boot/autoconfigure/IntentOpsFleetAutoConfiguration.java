package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.Clock;
import io.intentops.core.IntentPrediction;
import io.intentops.postgres.PostgresFleet;
import io.intentops.router.Router;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Fleet mode, when {@code intentops-postgres} is on the classpath and the application has a
 * (PostgreSQL) {@link DataSource} bean: the router's state lives in PostgreSQL (shared by every
 * instance of {@code intentops.fleet.deployment}), the router's judge decides on the fleet's merged
 * evidence ({@code PostgresFleet.exchange()}) on every tick, and the window counters are published. The
 * schema is migrated (Flyway) when the fleet is built. Off with {@code intentops.fleet.enabled=false}.
 */
@AutoConfiguration(before = IntentOpsAutoConfiguration.class,
    afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@ConditionalOnClass(PostgresFleet.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = IntentOpsProperties.PREFIX, name = {"enabled", "fleet.enabled"}, matchIfMissing = true)
public class IntentOpsFleetAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  PostgresFleet intentOpsFleet(DataSource dataSource, IntentOpsProperties props, ObjectProvider<Clock> clock) {
    return PostgresFleet.builder().dataSource(dataSource).deployment(props.getFleet().getDeployment())
        .slo(IntentOpsRuntime.slo(props.getRouter().getSlo())).clock(clock.getIfAvailable(Clock::system)).build();
  }

  @Bean
  FleetCustomizer intentOpsFleetCustomizer(PostgresFleet fleet, IntentOpsProperties props) {
    return new FleetCustomizer(fleet, props.getRouter().getEvaluationInterval());
  }

  /** Plugs the router into the fleet: shared store, evidence exchange, request recorder, change watcher, publish job. */
  static final class FleetCustomizer implements IntentOpsRouterCustomizer, DisposableBean {
    private final PostgresFleet fleet;
    private final Duration period;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "intentops-fleet");
      t.setDaemon(true);
      return t;
    });
    private volatile AutoCloseable job = () -> { };

    FleetCustomizer(PostgresFleet fleet, Duration period) {
      this.fleet = fleet;
      this.period = period;
    }

    @Override
    public void customize(Router.Builder<String, IntentPrediction> builder) {
      // The judge decides on the fleet's merged evidence (PostgresFleet.exchange()); the counters feed dashboards.
      builder.store(fleet.store()).fleet(fleet.instanceId(), fleet.exchange()).listener(fleet.recorder());
    }

    @Override
    public void built(Router<String, IntentPrediction> router) {
      fleet.attach(router);
      job = fleet.schedule(scheduler, period);
    }

    // Not evaluatesElsewhere(): the runtime ticks the router, and each tick exchanges the judge's evidence
    // with the fleet (there is no fleet leader any more).

    @Override
    public void destroy() throws Exception {
      job.close();
      scheduler.shutdownNow();
    }
  }
}
