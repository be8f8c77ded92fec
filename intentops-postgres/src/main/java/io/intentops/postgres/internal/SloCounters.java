package io.intentops.postgres.internal;

import io.intentops.core.Clock;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.router.FleetSlo;
import io.intentops.router.RequestOutcome;
import io.intentops.router.RouterListener;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;

/**
 * This instance's share of the fleet's SLO windows: a {@link RouterListener} that counts every request
 * of every version into its epoch-aligned window (requests, server errors, client errors and the
 * latency histogram over the router's fixed bounds), and a publisher that upserts the cumulative
 * counts of changed windows into {@code intentops_slo_counters}. Upserts are idempotent, so a publish
 * that failed (database down) is simply repeated later with the newer totals. Thread-safe; the request
 * path does one map lookup and a few atomic increments.
 */
public final class SloCounters implements RouterListener {
  private static final int REQUESTS = 0;
  private static final int SERVER_ERRORS = 1;
  private static final int CLIENT_ERRORS = 2;
  private static final int HIST = 3;

  private final DataSource dataSource;
  private final String deployment;
  private final String instanceId;
  private final FleetSlo rules;
  private final Clock clock;
  private final int windowSeconds;
  private final int retainedWindows;
  private final ConcurrentHashMap<Key, Cell> cells = new ConcurrentHashMap<>();

  private record Key(ModelVersion version, long windowStart) {}

  /** Why a separate update counter: the publisher can skip windows nobody touched since its last publish. */
  private static final class Cell {
    final AtomicLongArray counts;
    final AtomicLong updates = new AtomicLong();
    volatile long publishedUpdates;

    Cell(int bins) {
      this.counts = new AtomicLongArray(HIST + bins);
    }
  }

  public SloCounters(DataSource dataSource, String deployment, String instanceId, FleetSlo rules, Clock clock,
      int retainedWindows) {
    this.dataSource = dataSource;
    this.deployment = deployment;
    this.instanceId = instanceId;
    this.rules = rules;
    this.clock = clock;
    this.windowSeconds = (int) rules.slo().windowLength().getSeconds();
    this.retainedWindows = retainedWindows;
  }

  @Override
  public void onRequest(ModelVersion version, RequestOutcome outcome, long latencyNanos) {
    long second = Math.floorDiv(clock.millis(), 1000L);
    long start = second - Math.floorMod(second, (long) windowSeconds);
    Cell cell = cells.computeIfAbsent(new Key(version, start), k -> new Cell(rules.histogramBins()));
    AtomicLongArray c = cell.counts;
    if (outcome == RequestOutcome.CLIENT_ERROR) {
      c.incrementAndGet(CLIENT_ERRORS);
    } else {
      if (outcome == RequestOutcome.SERVER_ERROR) {
        c.incrementAndGet(SERVER_ERRORS);
      }
      c.incrementAndGet(REQUESTS);
      c.incrementAndGet(HIST + rules.binOf(latencyNanos));
    }
    cell.updates.incrementAndGet();
  }

  /**
   * Upserts every window that changed since its last successful publish, in one transaction, and
   * forgets windows older than the retention that are fully published. Returns the rows written.
   *
   * @throws StoreException when the database cannot be written (the counts stay and are retried)
   */
  public synchronized int publish() { // serialised: an older snapshot must never commit after a newer one
    List<Map.Entry<Key, Cell>> dirty = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    for (Map.Entry<Key, Cell> e : cells.entrySet()) {
      long u = e.getValue().updates.get();
      if (u != e.getValue().publishedUpdates) {
        dirty.add(e);
        seen.add(u);
      }
    }
    if (!dirty.isEmpty()) {
      write(dirty);
      for (int i = 0; i < dirty.size(); i++) {
        dirty.get(i).getValue().publishedUpdates = seen.get(i);
      }
    }
    long oldest = Math.floorDiv(clock.millis(), 1000L) - (long) retainedWindows * windowSeconds;
    cells.entrySet().removeIf(e -> e.getKey().windowStart() < oldest
        && e.getValue().updates.get() == e.getValue().publishedUpdates);
    // Bound memory through a long outage: windows far beyond the retention go even if unpublished.
    cells.keySet().removeIf(k -> k.windowStart() < oldest - 4L * retainedWindows * windowSeconds);
    return dirty.size();
  }

  private void write(List<Map.Entry<Key, Cell>> dirty) {
    String sql = "INSERT INTO intentops_slo_counters (deployment, version, window_start, window_seconds, instance_id,"
        + " requests, server_errors, client_errors, latency_histogram, published_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
        + " ON CONFLICT (deployment, version, window_seconds, window_start, instance_id) DO UPDATE SET"
        + " requests = EXCLUDED.requests, server_errors = EXCLUDED.server_errors,"
        + " client_errors = EXCLUDED.client_errors, latency_histogram = EXCLUDED.latency_histogram,"
        + " published_at = now()"
        // Counts are cumulative: never let a late, older snapshot (another process with the same id) win.
        + " WHERE intentops_slo_counters.requests <= EXCLUDED.requests"
        + " AND intentops_slo_counters.client_errors <= EXCLUDED.client_errors";
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Map.Entry<Key, Cell> e : dirty) {
          AtomicLongArray counts = e.getValue().counts;
          Long[] hist = new Long[counts.length() - HIST];
          for (int i = 0; i < hist.length; i++) {
            hist[i] = counts.get(HIST + i);
          }
          Array arr = c.createArrayOf("bigint", hist);
          ps.setString(1, deployment);
          ps.setString(2, e.getKey().version().toString());
          ps.setLong(3, e.getKey().windowStart());
          ps.setInt(4, windowSeconds);
          ps.setString(5, instanceId);
          ps.setLong(6, counts.get(REQUESTS));
          ps.setLong(7, counts.get(SERVER_ERRORS));
          ps.setLong(8, counts.get(CLIENT_ERRORS));
          ps.setArray(9, arr);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      // Retention: each instance deletes its own rows older than twice the retained windows.
      try (PreparedStatement del = c.prepareStatement("DELETE FROM intentops_slo_counters WHERE deployment = ?"
          + " AND instance_id = ? AND window_start < ?")) {
        del.setString(1, deployment);
        del.setString(2, instanceId);
        del.setLong(3, Math.floorDiv(clock.millis(), 1000L) - 2L * retainedWindows * windowSeconds);
        del.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      Jdbc.rollbackQuietly(c);
      throw new StoreException("Cannot publish SLO counters of instance '" + instanceId + "' for deployment '"
          + deployment + "': " + Jdbc.why(e), e);
    } finally {
      if (c != null) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // broken; the pool evicts it
        }
        Jdbc.closeQuietly(c);
      }
    }
  }

  /** Windows held in memory (published or not). */
  public int windowsHeld() {
    return cells.size();
  }
}
