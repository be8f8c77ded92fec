package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away for 5 s (new connections refused, every session terminated) while three
 * instances serve traffic: no request fails, operator changes fail with a typed error, and when the
 * database returns every watcher reconnects, a change made then reaches every instance, and the counts
 * taken during the outage are published.
 */
class FleetOutageTest {
  /** Outage length: 5 s in CI; run with -Dintentops.pg.outageSeconds=30 for the 30-second outage. */
  static final long OUTAGE_SECONDS = Long.getLong("intentops.pg.outageSeconds", 5);

  String url;

  @BeforeEach
  void setUp() throws Exception {
    url = Pg.freshDatabase("fleet_outage");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (url != null) {
      Pg.restore(url);
      Pg.drop(url);
    }
  }

  @Test
  void anOutageCausesNoRequestFailureAndTheFleetReconcilesAfterwards() throws Exception {
    ScheduledExecutorService sched = Executors.newScheduledThreadPool(2);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> traffic = new ArrayList<>();
    try (InJvmFleet fleet = new InJvmFleet(url, "outage", 3, Duration.ofSeconds(1))) {
      for (PostgresFleet f : fleet.fleets) {
        f.schedule(sched, Duration.ofMillis(200));
      }
      await(fleet::allListening, 10_000, "watchers listening");
      AtomicLong failures = new AtomicLong();
      long[] served = new long[3];
      for (int i = 0; i < 3; i++) {
        int idx = i;
        Thread t = new Thread(() -> {
          long n = 0;
          while (!stop.get()) {
            try {
              fleet.routers.get(idx).predict("user-" + (n % 1000), "ok-" + n);
              served[idx]++;
            } catch (RuntimeException e) {
              failures.incrementAndGet();
            }
            n++;
            if (n % 5 == 0) {
              sleepQuietly(1);
            }
          }
        }, "traffic-" + i);
        traffic.add(t);
        t.start();
      }
      Thread.sleep(300);

      long cutAt = System.nanoTime();
      Pg.cutOff(url);
      await(fleet::noneListening, 5_000, "watchers noticing the outage");
      long servedAtCut = served[0] + served[1] + served[2];
      assertThatThrownBy(() -> fleet.routers.get(0).rollout().setWeight(FleetModels.CANDIDATE, 2_000))
          .isInstanceOf(StoreException.class).hasMessageContaining("deployment 'outage'");
      long left = TimeUnit.SECONDS.toMillis(OUTAGE_SECONDS) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
      Thread.sleep(Math.max(0, left));
      long servedDuringOutage = served[0] + served[1] + served[2] - servedAtCut;
      assertThat(fleet.routers.get(1).state().weightOf(FleetModels.CANDIDATE)).as("last known state").isEqualTo(5_000);
      Pg.restore(url);
      long restoredAt = System.nanoTime();
      await(fleet::allListening, 15_000, "watchers reconnecting");
      long reconnectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);

      long changeAt = System.nanoTime();
      long rev = fleet.routers.get(0).rollout().setWeight(FleetModels.CANDIDATE, 1_000).revision();
      await(() -> fleet.routers.stream().allMatch(r -> r.state().revision() >= rev), 2_000,
          "the first change after the outage reaching every instance");
      long propagateMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changeAt);
      assertThat(fleet.routers).allSatisfy(r -> assertThat(r.state().weightOf(FleetModels.CANDIDATE)).isEqualTo(1_000));

      stop.set(true);
      for (Thread t : traffic) {
        t.join(10_000);
      }
      assertThat(failures.get()).as("request failures").isZero();
      assertThat(servedDuringOutage).as("requests served while the database was away").isPositive();
      // Every request, including those counted during the outage, reaches the counters table.
      HikariDataSource check = fleet.pools.get(0);
      for (int i = 0; i < 3; i++) {
        fleet.fleets.get(i).publish();
        try (Connection c = check.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT coalesce(sum(requests + client_errors), 0) FROM intentops_slo_counters WHERE instance_id = ?")) {
          ps.setString(1, "i" + i);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).as("published requests of i%d", i).isEqualTo(served[i]);
          }
        }
      }
      System.out.printf("outage " + OUTAGE_SECONDS + " s: %d requests served during it, 0 failed; watchers reconnected %d ms after the"
          + " database returned; next change visible everywhere in %d ms%n", servedDuringOutage, reconnectMillis,
          propagateMillis);
    } finally {
      stop.set(true);
      sched.shutdownNow();
    }
  }

  static void await(BooleanSupplier cond, long millis, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + millis + " ms waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
