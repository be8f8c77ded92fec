package io.intentops.release;

import static io.intentops.release.Fixtures.MODEL;
import static io.intentops.release.Fixtures.V1;
import static io.intentops.release.Fixtures.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.Stage;
import io.intentops.postgres.PostgresFleet;
import io.intentops.postgres.PostgresGovernance;
import io.intentops.postgres.PostgresPools;
import io.intentops.router.CandidateState;
import io.intentops.router.Router;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet mode: two instances (separate pools) share the routing state and governance in PostgreSQL. Both
 * loops see the same rollback at the same moment and exactly one ROLLBACK record and audit entry are
 * written. Needs {@code -Dintentops.pg.url} or {@code INTENTOPS_PG_URL} ({@code .ci/postgres-start.sh});
 * skipped without one, a failure when {@code CI=true}.
 */
class FleetReleaseLoopTest {
  static final int INSTANCES = 2;
  final ManualClock clock = Fixtures.clock();
  final List<AutoCloseable> closing = new ArrayList<>();
  String adminUrl;
  String url;

  @BeforeEach
  void setUp() throws Exception {
    adminUrl = System.getProperty("intentops.pg.url", System.getenv("INTENTOPS_PG_URL"));
    if (adminUrl == null || adminUrl.isBlank()) {
      String msg = "No PostgreSQL: run .ci/postgres-start.sh and source its env file, or pass -Dintentops.pg.url=...";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + " (CI=true: a missing database is a failure, not a skip)");
      }
      Assumptions.abort(msg);
    }
    String db = ("release_fleet_" + ProcessHandle.current().pid()).toLowerCase(Locale.ROOT);
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + db);
    }
    url = adminUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + db);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (url != null) {
      try (Connection c = admin(); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + url.replaceFirst(".*/([^/?]+).*", "$1") + " WITH (FORCE)");
      }
    }
  }

  Connection admin() throws Exception {
    Properties p = new Properties();
    p.setProperty("user", user());
    return DriverManager.getConnection(adminUrl, p);
  }

  static String user() {
    String u = System.getProperty("intentops.pg.user", System.getenv("INTENTOPS_PG_USER"));
    return u == null || u.isBlank() ? "postgres" : u;
  }

  @Test
  void twoInstancesSeeingTheSameRollbackWriteExactlyOneRecord() throws Exception {
    List<Governance> govs = new ArrayList<>();
    List<ReleaseLoop> loops = new ArrayList<>();
    List<Router<String, String>> routers = new ArrayList<>();
    Map<ModelVersion, TestPredictor> predictors = Fixtures.predictors(clock, V1, V2);
    for (int i = 0; i < INSTANCES; i++) {
      HikariDataSource ds = PostgresPools.create(url, user(), null, 4);
      closing.add(ds);
      PostgresFleet fleet = PostgresFleet.builder().dataSource(ds).deployment("release").instanceId("i" + i)
          .slo(Fixtures.SLO).clock(clock).pollInterval(Duration.ofSeconds(30)).migrate(i == 0).build();
      closing.add(fleet);
      Governance g = PostgresGovernance.builder().dataSource(ds).clock(clock).migrate(i == 0).build();
      closing.add(g);
      govs.add(g);
      if (i == 0) {
        Fixtures.production(g, V1);
        Fixtures.canary(g, V2);
      }
      ReleaseLoop loop = ReleaseLoop.custom().governance(g).model(MODEL).clock(clock).actor("loop-" + i).build();
      loops.add(loop);
      // Built with the gate but attached later, so that both loops meet the rollback at the same time.
      routers.add(Fixtures.router(clock, predictors, V1, fleet.store()).trafficGate(loop.trafficGate()).build());
    }
    Router<String, String> a = routers.get(0);
    a.rollout().setWeight(V2, 5_000);
    predictors.get(V2).failing(true);
    for (int i = 0; i < 3 && a.state().candidate(V2).orElseThrow().phase().isActive(); i++) {
      Fixtures.window(a, clock, i);
    }
    routers.get(1).controller().tick(); // refreshes instance 1 from the shared store
    for (Router<String, String> r : routers) {
      assertThat(r.state().candidate(V2).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    }

    ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<PendingWrite>>> done = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        int k = i;
        done.add(pool.submit(() -> {
          go.await();
          loops.get(k).attach(routers.get(k));
          return loops.get(k).pending();
        }));
      }
      go.countDown();
      for (Future<List<PendingWrite>> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    // Redelivered to both: still one.
    loops.forEach(ReleaseLoop::reconcile);

    Governance g = govs.get(1);
    List<ReleaseRecord> rollbacks = g.registry().releases(MODEL).stream().filter(r -> r.kind() == ReleaseKind.ROLLBACK).toList();
    assertThat(rollbacks).singleElement().satisfies(r -> assertThat(r.previousVersion()).isEqualTo(V2));
    assertThat(g.auditLog().entries().stream().filter(e -> e.type().equals("release.rollback"))).hasSize(1);
    assertThat(g.auditLog().entries().stream().filter(e -> e.type().equals("registry.transition")
        && e.subject().equals(MODEL + "@" + V2) && "CANDIDATE".equals(e.details().get("to")) && "CANARY".equals(e.details().get("from"))))
        .hasSize(1);
    assertThat(g.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.CANDIDATE);
    assertThat(g.auditLog().verify().valid()).isTrue();
  }
}
