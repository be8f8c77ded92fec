package io.intentops.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.Clock;
import io.intentops.router.Router;
import io.intentops.router.SloConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** N instances in this JVM, each with its own pool, fleet membership and router, on real time. */
final class InJvmFleet implements AutoCloseable {
  final List<HikariDataSource> pools = new ArrayList<>();
  final List<PostgresFleet> fleets = new ArrayList<>();
  final List<Router<String, String>> routers = new ArrayList<>();

  InJvmFleet(String url, String deployment, int n, Duration pollInterval) {
    for (int i = 0; i < n; i++) {
      HikariDataSource ds = Pg.pool(url, deployment + "-" + i, 3);
      pools.add(ds);
      PostgresFleet f = PostgresFleet.builder().dataSource(ds).deployment(deployment).instanceId("i" + i)
          .pollInterval(pollInterval).reconnectDelay(Duration.ofMillis(100)).build();
      fleets.add(f);
      Router<String, String> r = Router.<String, String>builder()
          .version(new FleetModels.Model(FleetModels.STABLE, false))
          .version(new FleetModels.Model(FleetModels.CANDIDATE, false))
          .stable(FleetModels.STABLE).candidate(FleetModels.CANDIDATE, 5_000)
          .slo(SloConfig.ofDefaults()).clock(Clock.system()).store(f.store()).listener(f.recorder()).build();
      f.attach(r);
      routers.add(r);
    }
  }

  boolean allListening() {
    return fleets.stream().allMatch(f -> f.store().listening());
  }

  boolean noneListening() {
    return fleets.stream().noneMatch(f -> f.store().listening());
  }

  @Override
  public void close() {
    routers.forEach(Router::close);
    fleets.forEach(PostgresFleet::close);
    pools.forEach(HikariDataSource::close);
  }
}
