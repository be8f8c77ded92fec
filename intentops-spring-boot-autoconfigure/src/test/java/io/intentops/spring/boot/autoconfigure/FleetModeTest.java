package io.intentops.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.IntentPrediction;
import io.intentops.postgres.PostgresFleet;
import io.intentops.postgres.PostgresPools;
import io.intentops.router.CandidateState;
import io.intentops.router.Router;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Fleet mode: with a PostgreSQL {@link DataSource} bean two application instances of one deployment
 * share the routing state, so an operator change on one reaches the other. Needs a PostgreSQL server:
 * {@code INTENTOPS_PG_URL} / {@code -Dintentops.pg.url} (see {@code .ci/postgres-start.sh}), user
 * {@code INTENTOPS_PG_USER} (default postgres); skipped without one, a failure when {@code CI=true}
 * (the convention of {@code intentops-postgres}'s tests).
 */
class FleetModeTest {

  static String setting(String property, String env) {
    String v = System.getProperty(property);
    return v == null || v.isBlank() ? System.getenv(env) : v;
  }

  @Test
  void twoInstancesShareTheRoutingStateThroughPostgres() throws Exception {
    String admin = setting("intentops.pg.url", "INTENTOPS_PG_URL");
    if (admin == null || admin.isBlank()) {
      String msg = "No PostgreSQL for the fleet-mode test: run .ci/postgres-start.sh and source its env file";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + " (CI=true: a missing database is a failure, not a skip)");
      }
      Assumptions.abort(msg);
    }
    String user = setting("intentops.pg.user", "INTENTOPS_PG_USER");
    user = user == null || user.isBlank() ? "postgres" : user;
    String db = ("starter_fleet_" + ProcessHandle.current().pid()).toLowerCase(Locale.ROOT);
    Properties p = new Properties();
    p.setProperty("user", user);
    try (Connection c = DriverManager.getConnection(admin, p); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + db);
    }
    String url = admin.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
    ModelSourceAndEndpointTest.Fixed stable = new ModelSourceAndEndpointTest.Fixed(ModelSourceAndEndpointTest.STABLE);
    ModelSourceAndEndpointTest.Fixed candidate =
        new ModelSourceAndEndpointTest.Fixed(ModelSourceAndEndpointTest.CANDIDATE);
    try (HikariDataSource one = PostgresPools.create(url, user, null, 4);
        HikariDataSource two = PostgresPools.create(url, user, null, 4)) {
      ApplicationContextRunner runner = new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(IntentOpsAutoConfiguration.class, IntentOpsFleetAutoConfiguration.class))
          .withBean(IntentOpsModelSource.class, () -> () -> new IntentOpsModelSource.Models(stable, candidate, null))
          .withPropertyValues("intentops.features.enable-ab-routing=true", "intentops.router.candidate.weight-bps=1000",
              "intentops.fleet.deployment=starter-test", "intentops.router.evaluation-interval=200ms");
      runner.withBean(DataSource.class, () -> one).run(first -> {
        assertThat(first).hasNotFailed().hasSingleBean(PostgresFleet.class);
        runner.withBean(DataSource.class, () -> two).run(second -> {
          assertThat(second).hasNotFailed();
          Router<String, IntentPrediction> r1 = first.getBean(IntentOpsRuntime.class).router();
          Router<String, IntentPrediction> r2 = second.getBean(IntentOpsRuntime.class).router();
          assertThat(r2.state().revision()).isEqualTo(r1.state().revision());
          r1.rollout().abort(ModelSourceAndEndpointTest.CANDIDATE, "operator abort on instance one");
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
          while (r2.state().candidates().get(0).phase() != CandidateState.Phase.ABORTED && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          assertThat(r2.state().candidates().get(0).phase()).isEqualTo(CandidateState.Phase.ABORTED);
          assertThat(r2.state().weights().get(ModelSourceAndEndpointTest.STABLE)).isEqualTo(10_000);
        });
      });
      // Off switch: the DataSource alone does not force fleet mode.
      runner.withBean(DataSource.class, () -> one).withPropertyValues("intentops.fleet.enabled=false").run(ctx ->
          assertThat(ctx).hasNotFailed().doesNotHaveBean(PostgresFleet.class));
    } finally {
      try (Connection c = DriverManager.getConnection(admin, p); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }
}
