package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.router.CandidateState;
import io.intentops.router.RoutingState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgRoutingStateStoreTest {
  static final ModelVersion S = ModelVersion.parse("1.0.0-1");
  static final ModelVersion C = ModelVersion.parse("1.1.0-2");

  String url;
  HikariDataSource a;
  HikariDataSource b;
  final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    url = Pg.freshDatabase("fleet_store");
    a = Pg.pool(url, "a", 4);
    b = Pg.pool(url, "b", 4);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (url != null) {
      Pg.drop(url);
    }
  }

  PostgresFleet fleet(HikariDataSource ds, String deployment) {
    PostgresFleet f = PostgresFleet.builder().dataSource(ds).deployment(deployment).pollInterval(Duration.ofSeconds(30))
        .build();
    closing.add(f);
    return f;
  }

  static RoutingState state(long revision, int weight) {
    return new RoutingState(revision, S,
        List.of(new CandidateState(C, weight, CandidateState.Phase.FIXED, null, 0, 0, null)), Map.of(),
        Instant.ofEpochSecond(revision));
  }

  @Test
  void compareAndSetAcceptsOnlyTheExpectedRevisionAndKeepsHistory() throws Exception {
    FleetStateStore s = fleet(a, "cas").store();
    assertThat(s.load()).isEmpty();
    assertThat(s.compareAndSet(0, state(1, 100))).isTrue();
    assertThat(s.compareAndSet(0, state(1, 200))).as("second create").isFalse();
    assertThat(s.compareAndSet(1, state(2, 300))).isTrue();
    assertThat(s.compareAndSet(1, state(2, 400))).as("stale writer").isFalse();
    assertThat(s.load()).contains(state(2, 300));
    assertThatThrownBy(() -> s.compareAndSet(2, state(4, 1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected + 1");
    try (Connection c = a.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT revision FROM intentops_routing_history WHERE deployment = 'cas'"
            + " ORDER BY revision")) {
      List<Long> revs = new ArrayList<>();
      while (rs.next()) {
        revs.add(rs.getLong(1));
      }
      assertThat(revs).containsExactly(1L, 2L);
    }
    // Deployments are independent rows.
    assertThat(fleet(a, "other").store().load()).isEmpty();
  }

  @Test
  void concurrentWritersFromTwoPoolsNeverLoseAnUpdate() throws Exception {
    FleetStateStore s1 = fleet(a, "race").store();
    FleetStateStore s2 = fleet(b, "race").store();
    assertThat(s1.compareAndSet(0, state(1, 0))).isTrue();
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        FleetStateStore s = t % 2 == 0 ? s1 : s2;
        done.add(pool.submit(() -> {
          int conflicts = 0;
          for (int i = 0; i < perThread; i++) {
            while (true) {
              RoutingState cur = s.load().orElseThrow();
              int w = cur.candidate(C).orElseThrow().weightBps();
              if (s.compareAndSet(cur.revision(), state(cur.revision() + 1, w + 1))) {
                break;
              }
              conflicts++;
            }
          }
          return conflicts;
        }));
      }
      for (Future<Integer> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    RoutingState last = s1.load().orElseThrow();
    assertThat(last.revision()).isEqualTo(1 + 4 * perThread);
    assertThat(last.weightOf(C)).as("every increment survived").isEqualTo(4 * perThread);
  }

  @Test
  void aMalformedRowIsAStoreExceptionNamingTheDeployment() throws Exception {
    FleetStateStore s = fleet(a, "broken").store();
    assertThat(s.compareAndSet(0, state(1, 100))).isTrue();
    try (Connection c = a.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE intentops_routing_state SET state = jsonb_set(state, '{candidates,0,weightBps}', '20000')")) {
      ps.executeUpdate();
    }
    assertThatThrownBy(s::load).isInstanceOf(StoreException.class)
        .hasMessageContaining("deployment 'broken'").hasMessageContaining("weight");
  }

  @Test
  void everyInstanceIsNotifiedOfACommitMadeElsewhere() throws Exception {
    FleetStateStore s1 = fleet(a, "notify").store();
    FleetStateStore s2 = fleet(b, "notify").store();
    List<Long> seen = new CopyOnWriteArrayList<>();
    s2.onChange(st -> seen.add(st.revision()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!s2.listening() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(s2.listening()).isTrue();
    for (int r = 1; r <= 5; r++) {
      assertThat(s1.compareAndSet(r - 1, state(r, r))).isTrue();
    }
    while (!seen.contains(5L) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // Polling is every 30 s here, so only NOTIFY can have delivered revision 5 this fast.
    assertThat(seen).contains(5L).isSorted();
    assertThat(s2.lastKnown()).map(RoutingState::revision).contains(5L);
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> PostgresFleet.builder().deployment("x").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("dataSource");
    assertThatThrownBy(() -> PostgresFleet.builder().dataSource(a).deployment(" ").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("deployment");
    assertThatThrownBy(() -> PostgresFleet.builder().dataSource(a).deployment("x").retainedWindows(1).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("retainedWindows");
    assertThatThrownBy(() -> PostgresFleet.builder().dataSource(a).deployment("x").pollInterval(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> PostgresPools.create("jdbc:mysql://h/db", "u", null, 5))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> PostgresPools.create(url, "u", null, 2))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxSize");
  }
}
