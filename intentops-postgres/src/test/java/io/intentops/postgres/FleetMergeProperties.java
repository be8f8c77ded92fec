package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.router.CandidateState;
import io.intentops.router.FleetSlo;
import io.intentops.router.RequestOutcome;
import io.intentops.router.RoutingState;
import io.intentops.router.SloConfig;
import io.intentops.router.WindowSnapshot;
import io.intentops.router.internal.SlidingWindowMetrics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Invariant: however a window's requests are split over the instances of a fleet, the published
 * window counters ({@code intentops_slo_counters}) summed over instances give the same {@link
 * WindowSnapshot} that one router would have recorded had it served all of them (counts, percentiles,
 * verdict), after a real round trip through PostgreSQL.
 */
@AddLifecycleHook(FleetMergeProperties.NeedsPostgres.class)
class FleetMergeProperties {
  /** Skips like the JUnit tests do (see {@link Pg}): no database and not CI. */
  static final class NeedsPostgres implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return Pg.configured() || "true".equalsIgnoreCase(System.getenv("CI")) ? SkipResult.doNotSkip()
          : SkipResult.skip("No PostgreSQL: run .ci/postgres-start.sh and source its env file");
    }
  }

  static final SloConfig SLO = SloConfig.custom().windowLength(Duration.ofSeconds(10)).evaluationDelay(Duration.ZERO)
      .minRequestsPerWindow(20).maxServerErrorRate(0.05).breachingWindows(5).build();
  static final ModelVersion STABLE = ModelVersion.parse("1.0.0-1");
  static String url;
  static ManualClock clock;
  static final List<HikariDataSource> pools = new ArrayList<>();
  static final List<PostgresFleet> fleets = new ArrayList<>();
  static int build = 100;

  @BeforeContainer
  static void start() throws Exception {
    url = Pg.freshDatabase("fleet_prop_merge");
    clock = ManualClock.startingAt(Instant.parse("2025-01-01T00:00:00Z"));
    for (int i = 0; i < 3; i++) {
      HikariDataSource ds = Pg.pool(url, "merge-" + i, 3);
      pools.add(ds);
      fleets.add(PostgresFleet.builder().dataSource(ds).deployment("merge").instanceId("m" + i).slo(SLO).clock(clock)
          .retainedWindows(16).migrate(i == 0).build());
    }
  }

  @AfterContainer
  static void stop() {
    fleets.forEach(PostgresFleet::close);
    pools.forEach(HikariDataSource::close);
    if (url != null) {
      Pg.drop(url);
    }
  }

  @Property(tries = 12, seed = "2025")
  void theFleetJudgesTheUnionOfItsInstancesTraffic(
      @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = 300_000) Integer> latenciesMicros,
      @ForAll @IntRange(min = 0, max = 1000) int splitSeed) {
    ModelVersion candidate = ModelVersion.of(1, 1, 0, build++);
    // A new candidate for this try, activated now: the leader watches windows from here on.
    PostgresFleet first = fleets.get(0);
    RoutingState cur = first.store().load().orElse(null);
    long rev = cur == null ? 0 : cur.revision();
    RoutingState next = new RoutingState(rev + 1, STABLE,
        List.of(new CandidateState(candidate, 1_000, CandidateState.Phase.FIXED, null, 0, clock.millis(), null)),
        Map.of(), clock.instant());
    assertThat(first.store().compareAndSet(rev, next)).isTrue();
    long windowStart = clock.millis();
    SlidingWindowMetrics reference = new SlidingWindowMetrics(candidate, SLO, windowStart);
    for (int i = 0; i < latenciesMicros.size(); i++) {
      long nanos = latenciesMicros.get(i) * 1000L;
      RequestOutcome o = (i + splitSeed) % 9 == 0 ? RequestOutcome.SERVER_ERROR
          : (i + splitSeed) % 13 == 0 ? RequestOutcome.CLIENT_ERROR : RequestOutcome.SUCCESS;
      clock.advanceMillis(5); // all inside one 10 s window
      fleets.get((i * 7 + splitSeed) % 3).recorder().onRequest(candidate, o, nanos);
      reference.record(clock.millis(), o, nanos);
    }
    clock.advanceMillis(windowStart + 10_000 - clock.millis());
    fleets.forEach(PostgresFleet::publish);
    List<WindowSnapshot> merged = mergedWindows(candidate);
    List<WindowSnapshot> expected = reference.advanceTo(clock.millis());
    assertThat(expected).hasSize(1);
    assertThat(merged).isEqualTo(expected);
  }

  /** What a dashboard query over the table sees: every instance's rows of each window summed, judged by the router's rules. */
  static List<WindowSnapshot> mergedWindows(ModelVersion v) {
    FleetSlo rules = FleetSlo.of(SLO);
    int bins = rules.histogramBins();
    List<WindowSnapshot> out = new ArrayList<>();
    Properties p = new Properties();
    p.setProperty("user", Pg.user());
    try (Connection c = DriverManager.getConnection(url, p);
        PreparedStatement ps = c.prepareStatement("SELECT window_start, sum(requests), sum(server_errors),"
            + " sum(client_errors), array_agg(array_to_string(latency_histogram, ',')) FROM intentops_slo_counters"
            + " WHERE deployment = 'merge' AND version = ? GROUP BY window_start ORDER BY window_start")) {
      ps.setString(1, v.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long[] hist = new long[bins];
          for (Object row : (Object[]) rs.getArray(5).getArray()) {
            String[] cells = ((String) row).split(",");
            for (int i = 0; i < bins; i++) {
              hist[i] += Long.parseLong(cells[i]);
            }
          }
          out.add(rules.judge(v, Instant.ofEpochSecond(rs.getLong(1)), rs.getLong(2), rs.getLong(3), rs.getLong(4), hist));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
