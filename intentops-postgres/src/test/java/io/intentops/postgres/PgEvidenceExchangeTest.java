package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.InferenceException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.CandidateState;
import io.intentops.router.EvidenceExchange;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.SloConfig;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Evidence;
import io.intentops.router.judge.Verdict;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet mode of the canary judge on a real PostgreSQL: three routers (each with its own pool and
 * {@link PostgresFleet}) share the routing state and {@link PostgresFleet#exchange()}; requests with
 * spread user keys go to a random-looking instance, every instance ticks each simulated second.
 */
class PgEvidenceExchangeTest {
  static final ModelVersion BLUE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion GREEN = ModelVersion.parse("1.1.0-2");
  static final int RPS = 20; // fleet-wide

  final ManualClock clock = ManualClock.create();
  final Model blue = new Model(BLUE, clock);
  final Model green = new Model(GREEN, clock);
  final List<RouterEvent> events = new CopyOnWriteArrayList<>();
  final List<HikariDataSource> pools = new ArrayList<>();
  final List<PostgresFleet> fleets = new ArrayList<>();
  final List<Router<String, String>> routers = new ArrayList<>();
  String url;

  /** A model that spends 5 ms of the fake clock per call and fails every n-th call when told to. */
  static final class Model implements Predictor<String, String> {
    final ModelVersion version;
    final ManualClock clock;
    final AtomicLong calls = new AtomicLong();
    volatile long failEvery;

    Model(ModelVersion version, ManualClock clock) {
      this.version = version;
      this.clock = clock;
    }

    @Override
    public String predict(String input) {
      long n = calls.incrementAndGet();
      clock.advanceMillis(5);
      long every = failEvery;
      if (every > 0 && n % every == 0) {
        throw new InferenceException("injected failure #" + n + " in " + version);
      }
      return version + ":" + input;
    }

    @Override
    public ModelVersion version() {
      return version;
    }
  }

  @BeforeEach
  void fleet() throws Exception {
    url = Pg.freshDatabase("evidence");
    for (int i = 0; i < 3; i++) {
      HikariDataSource ds = Pg.pool(url, "evidence-" + i, 3);
      pools.add(ds);
      PostgresFleet f = PostgresFleet.builder().dataSource(ds).deployment("intent").instanceId("i" + i)
          .clock(clock).build();
      fleets.add(f);
      routers.add(Router.<String, String>builder().clock(clock).store(f.store()).version(blue).version(green)
          .stable(BLUE).candidate(GREEN, 1000).slo(SloConfig.ofDefaults())
          .fleet(f.instanceId(), f.exchange())
          .listener(new RouterListener() {
            @Override
            public void onEvent(RouterEvent e) {
              events.add(e);
            }
          }).build());
    }
  }

  @AfterEach
  void close() {
    routers.forEach(Router::close);
    fleets.forEach(PostgresFleet::close);
    pools.forEach(HikariDataSource::close);
    Pg.drop(url);
  }

  /** Runs up to {@code seconds} seconds (stops early once every instance sees GREEN rolled back). */
  long run(long first, int seconds) {
    long request = first;
    for (int s = 0; s < seconds; s++) {
      long start = clock.millis();
      for (int i = 0; i < RPS; i++) {
        long k = request++;
        long mixed = k * 2_654_435_761L;
        routers.get((int) Math.floorMod(mixed >>> 7, (long) routers.size())).route("user-" + Math.floorMod(mixed, 100_000L), "hi");
      }
      clock.advanceMillis(1000 - (clock.millis() - start));
      routers.forEach(r -> r.controller().tick());
      if (routers.stream().allMatch(r -> r.state().weightOf(GREEN) == 0)) {
        break;
      }
    }
    return request;
  }

  @Test
  void failingCandidateIsRolledBackOnceFleetWideAndEveryInstanceConverges() throws Exception {
    long next = run(0, 120);
    assertThat(events).noneMatch(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK);
    Instant degradeAt = clock.instant();
    green.failEvery = 10; // 10 % server errors, the rule allows 0.5 %
    run(next, 600);
    routers.forEach(r -> r.controller().tick()); // one more tick: everyone has reloaded the committed state

    List<RouterEvent> rollbacks = events.stream().filter(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK).toList();
    assertThat(rollbacks).hasSize(1);
    assertThat(rollbacks.get(0).at()).isBetween(degradeAt, degradeAt.plus(Duration.ofMinutes(10)));
    assertThat(routers).allSatisfy(r -> {
      assertThat(r.state().weightOf(GREEN)).isZero();
      assertThat(r.state().candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
    });
    assertThat(routers.stream().map(r -> r.state().revision()).distinct()).hasSize(1);
    // The committed decision counted the fleet's candidate requests, not one instance's third.
    Decision d = rollbacks.get(0).decision();
    assertThat(d).isNotNull();
    assertThat(d.verdict()).isEqualTo(Verdict.BREACHING);
    assertThat(d.candidateRequests()).isGreaterThan(2 * green.calls.get() / 3);
    // Exactly one revision of the shared state made the rollback.
    assertThat(rolledBackRevisions()).isEqualTo(1);
    System.out.printf("fleet judge on PostgreSQL: rolled back %d s after the failures began; decision n=%d of %d"
        + " candidate requests fleet-wide; %s%n", Duration.between(degradeAt, rollbacks.get(0).at()).toSeconds(),
        d.candidateRequests(), green.calls.get(), d.breaching().orElseThrow());
  }

  @Test
  void anInstanceThatDiesLeavesItsEvidenceAndTheSurvivorsRollBackOnce() throws Exception {
    long next = run(0, 60);
    green.failEvery = 10;
    next = run(next, 15); // the failures begin while all three serve and publish
    // Instance i2 dies without a goodbye: its router stops ticking, its pool is closed under it.
    Router<String, String> gone = routers.remove(2);
    gone.close();
    pools.get(2).close();
    run(next, 600);
    routers.forEach(r -> r.controller().tick());
    List<RouterEvent> rollbacks = events.stream().filter(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK).toList();
    assertThat(rollbacks).hasSize(1);
    assertThat(routers).allSatisfy(r ->
        assertThat(r.state().candidate(GREEN).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK));
    assertThat(rolledBackRevisions()).isEqualTo(1);
    assertThat(rollbacks.get(0).decision().candidateRequests()).isGreaterThan(green.calls.get() / 2);
  }

  @Test
  void healthyCandidateIsNeverRolledBackAndEveryJudgeSeesTheWholeFleet() throws Exception {
    green.failEvery = 400; // 0.25 % server errors
    run(0, 300);
    assertThat(events).noneMatch(e -> e.kind() == RouterEvent.Kind.ROLLED_BACK);
    assertThat(routers).allSatisfy(r -> assertThat(r.state().weightOf(GREEN)).isEqualTo(1000));
    assertThat(rolledBackRevisions()).isZero();
    long total = green.calls.get();
    // Each judge consumed (nearly) every candidate request of the fleet: at most the first second of the
    // others, published before its own first read, is the others' and not counted.
    assertThat(routers).allSatisfy(r -> {
      Decision d = r.controller().lastDecision(GREEN);
      assertThat(d).isNotNull();
      assertThat(d.verdict()).isNotEqualTo(Verdict.BREACHING);
      assertThat(d.candidateRequests()).isBetween(total - 2L * RPS, total);
    });
    System.out.printf("fleet judge on PostgreSQL, healthy: %d candidate requests, judges counted %s%n", total,
        routers.stream().map(r -> r.controller().lastDecision(GREEN).candidateRequests()).toList());
  }

  @Test
  void everyPieceOfEvidenceReachesEveryReaderExactlyOnce() {
    EvidenceExchange x = fleets.get(0).exchange();
    EvidenceExchange y = fleets.get(1).exchange();
    int bins = SloConfig.ofDefaults().latencyBoundaries().size() + 1;
    long[] h = new long[bins];
    h[0] = 3;
    Evidence three = new Evidence(3, 1, h, 1, Map.of("balance", 2L), 2, 1);
    assertThat(x.exchange("a", GREEN, three).requests()).isEqualTo(3); // first read: only its own
    assertThat(y.exchange("b", GREEN, Evidence.empty(bins)).requests()).isZero(); // a joined before b: a's
    Evidence seen = y.exchange("b", GREEN, three);
    assertThat(seen.requests()).isEqualTo(3); // b's own
    Evidence atA = x.exchange("a", GREEN, Evidence.empty(bins));
    assertThat(atA).isEqualTo(three); // b's three, once
    assertThat(x.exchange("a", GREEN, Evidence.empty(bins)).requests()).isZero(); // not again
    Evidence more = x.exchange("a", GREEN, three);
    Evidence atB = y.exchange("b", GREEN, Evidence.empty(bins));
    assertThat(more).isEqualTo(three);
    assertThat(atB.requests()).isEqualTo(3);
    assertThat(atB.labels()).containsEntry("balance", 2L);
    assertThat(atB.shadowDisagreed()).isEqualTo(1);
  }

  @Test
  void evidenceRecordedDuringAnOutageIsJudgedLocallyAndReachesTheFleetOnceAfterwards() throws Exception {
    EvidenceExchange x = fleets.get(0).exchange();
    EvidenceExchange y = fleets.get(1).exchange();
    int bins = SloConfig.ofDefaults().latencyBoundaries().size() + 1;
    long[] h = new long[bins];
    h[1] = 5;
    Evidence five = new Evidence(5, 2, h, 0, Map.of(), 0, 0);
    Evidence none = Evidence.empty(bins);
    assertThat(x.exchange("a", GREEN, five)).isEqualTo(five);
    assertThat(y.exchange("b", GREEN, none).requests()).isZero(); // baseline: a's first five are a's
    Pg.cutOff(url);
    try {
      assertThat(x.exchange("a", GREEN, five)).isEqualTo(five); // the database is gone: a judges its own evidence
    } finally {
      Pg.restore(url);
    }
    // The pools still hold connections the outage cut: a call on one fails (and evicts it) and is, like
    // any failed exchange, judged locally and retried on the next call. Several calls each, therefore.
    for (int i = 0; i < 5; i++) {
      assertThat(x.exchange("a", GREEN, none).requests()).isZero(); // the kept delta goes out; nothing from b
    }
    long seen = 0;
    for (int i = 0; i < 5; i++) {
      seen += y.exchange("b", GREEN, none).requests();
    }
    assertThat(seen).isEqualTo(5); // the outage's five reached b exactly once
  }

  private int rolledBackRevisions() throws Exception {
    Properties p = new Properties();
    p.setProperty("user", Pg.user());
    try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM intentops_routing_history WHERE deployment = 'intent'"
            + " AND state::text ILIKE '%rolled_back%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
