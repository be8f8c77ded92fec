package io.intentops.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ManualClock;
import io.intentops.core.StoreException;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.Feedback;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Against the PostgreSQL of {@code .ci/postgres-start.sh} ({@code INTENTOPS_PG_URL}); skipped without one unless CI=true. */
class PostgresCaptureSinkTest {
  PGSimpleDataSource ds;
  String table;

  @BeforeEach
  void connect() {
    String url = System.getenv("INTENTOPS_PG_URL");
    if (url == null || url.isBlank()) {
      String msg = "No PostgreSQL: run .ci/postgres-start.sh and source its env file";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + " (CI=true: a missing database is a failure, not a skip)");
      }
      Assumptions.abort(msg);
    }
    ds = new PGSimpleDataSource();
    ds.setURL(url);
    String user = System.getenv("INTENTOPS_PG_USER");
    ds.setUser(user == null || user.isBlank() ? "postgres" : user);
    table = "capture_test_" + ProcessHandle.current().pid();
  }

  @AfterEach
  void dropTable() throws Exception {
    if (ds != null) {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  @Test
  void storesRedactedEventsReadsThemBackAndPurges() {
    ManualClock clock = ManualClock.create();
    PostgresCaptureSink sink = PostgresCaptureSink.create(ds, table);
    sink.createSchema();
    sink.createSchema(); // idempotent
    Instant t0 = clock.instant();
    try (CapturePipeline p = CapturePipeline.builder().sink(sink).build()) {
      for (int i = 0; i < 30; i++) {
        p.accept(Fixtures.record("old" + i, clock.instant(), "card 4111 1111 1111 1111 for jane@example.com", "a", 0.6, false));
      }
      clock.advance(Duration.ofDays(31));
      p.accept(Fixtures.record("new", clock.instant(), "call +44 20 7946 0958", "b", 0.9, false));
      p.accept(Feedback.correction("new", clock.instant(), Fixtures.V1, "c"));
      p.flush();
      assertThat(p.stats().sinkFailures()).isZero();
    }
    List<CaptureEvent> all = sink.read(t0, clock.instant().plusSeconds(1));
    assertThat(all).hasSize(32);
    assertThat(all.toString()).doesNotContain("4111", "jane@example.com", "7946").contains("[REDACTED:CARD_NUMBER]");
    assertThat(sink.purgeBefore(clock.instant().minus(Duration.ofDays(30)))).isEqualTo(30);
    assertThat(sink.read(t0, clock.instant().plusSeconds(1))).extracting(CaptureEvent::requestId).containsExactly("new", "new");
    // The JDBC export feeds the review queue like the files do.
    assertThat(ReviewQueue.create().select(sink.read(t0, clock.instant().plusSeconds(1))))
        .extracting(ReviewQueue.Item::label).containsExactly("c");
  }

  @Test
  void aFailedBatchStoresNothingAndBadNamesAreRejected() {
    PostgresCaptureSink sink = PostgresCaptureSink.create(ds, table);
    // No table yet: the insert fails as a typed error and leaves nothing behind.
    assertThatThrownBy(() -> sink.acceptAll(List.of(Fixtures.record("x", Instant.EPOCH, "t", "a", 0.5, false))))
        .isInstanceOf(StoreException.class).hasMessageContaining(table);
    assertThatThrownBy(() -> PostgresCaptureSink.create(ds, "drop table x;")).isInstanceOf(ConfigurationException.class);
  }
}
