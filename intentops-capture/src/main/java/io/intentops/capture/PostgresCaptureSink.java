package io.intentops.capture;

import io.intentops.core.ConfigurationException;
import io.intentops.core.StoreException;
import io.intentops.core.capture.CaptureEvent;
import io.intentops.core.capture.CaptureRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The fleet sink: capture events in one PostgreSQL table, shared by every replica. Each batch is
 * inserted in one transaction, so a batch is stored completely or not at all; the row keeps the
 * {@link CaptureJson} payload as {@code jsonb} next to indexed request id, type, time and version.
 * Plain JDBC over the caller's {@link DataSource} (bring the PostgreSQL driver and a pool, e.g. the
 * HikariCP one {@code intentops-postgres} builds). Create the table once with {@link #createSchema()}
 * (idempotent). Thread-safe.
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS &lt;table&gt; (
 *   seq BIGSERIAL PRIMARY KEY, request_id TEXT NOT NULL, event_type TEXT NOT NULL,
 *   event_time TIMESTAMPTZ NOT NULL, model_version TEXT NOT NULL, payload JSONB NOT NULL)
 * </pre>
 */
public final class PostgresCaptureSink implements io.intentops.core.capture.CaptureSink {
  /** Default table name. */
  public static final String DEFAULT_TABLE = "intentops_capture";

  private final DataSource dataSource;
  private final String table;

  private PostgresCaptureSink(DataSource dataSource, String table) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (!table.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new ConfigurationException("Table name must be a lower-case SQL identifier, got '" + table + "'");
    }
    this.table = table;
  }

  /** A sink writing to {@link #DEFAULT_TABLE}. */
  public static PostgresCaptureSink create(DataSource dataSource) {
    return new PostgresCaptureSink(dataSource, DEFAULT_TABLE);
  }

  /** A sink writing to {@code table} (a lower-case SQL identifier). */
  public static PostgresCaptureSink create(DataSource dataSource, String table) {
    return new PostgresCaptureSink(dataSource, table);
  }

  /** Creates the table and its indexes when missing. */
  public void createSchema() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + table + " (seq BIGSERIAL PRIMARY KEY, request_id TEXT NOT NULL,"
          + " event_type TEXT NOT NULL, event_time TIMESTAMPTZ NOT NULL, model_version TEXT NOT NULL,"
          + " payload JSONB NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS " + table + "_time ON " + table + " (event_time)");
      s.execute("CREATE INDEX IF NOT EXISTS " + table + "_request ON " + table + " (request_id)");
    } catch (SQLException e) {
      throw new StoreException("Cannot create capture table " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void accept(CaptureEvent event) {
    acceptAll(List.of(event));
  }

  @Override
  public void acceptAll(List<? extends CaptureEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    String sql = "INSERT INTO " + table + " (request_id, event_type, event_time, model_version, payload)"
        + " VALUES (?, ?, ?, ?, CAST(? AS jsonb))";
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (CaptureEvent e : events) {
          ps.setString(1, e.requestId());
          ps.setString(2, e instanceof CaptureRecord ? "prediction" : "feedback");
          ps.setTimestamp(3, Timestamp.from(e.time()));
          ps.setString(4, e.modelVersion().toString());
          ps.setString(5, CaptureJson.toJson(e));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot insert " + events.size() + " capture events into " + table + ": "
          + e.getMessage(), e);
    }
  }

  /** Events with {@code from <= time < to}, in insertion order (the JDBC export for replay and review). */
  public List<CaptureEvent> read(Instant from, Instant to) {
    List<CaptureEvent> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT seq, payload::text FROM " + table
            + " WHERE event_time >= ? AND event_time < ? ORDER BY seq")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(CaptureJson.parse(rs.getString(2), table, rs.getLong(1)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read capture events from " + table + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Deletes events older than {@code cutoff}; returns how many. */
  public long purgeBefore(Instant cutoff) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE event_time < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("Cannot purge capture events from " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "PostgresCaptureSink[" + table + "]";
  }
}
