package io.intentops.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.ModelVersion;
import io.intentops.router.EvidenceExchange;
import io.intentops.router.judge.Evidence;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judge's evidence exchange in PostgreSQL ({@code intentops_fleet_evidence}, migration V5). Each
 * instance adds what it recorded to its own cumulative row per version and reads everyone else's rows;
 * what it hands its judge is its own delta plus the growth of every other row since its last read.
 *
 * <p>Why cumulative rows and per-reader baselines rather than an append-only log with a sequence
 * cursor: sequence values are not committed in order, so a cursor can skip a row that commits late.
 * Comparing totals is exact whatever the commit order, and a failed transaction loses nothing (the
 * unpublished delta is kept and added next time; the judge already saw it locally).
 *
 * <p>A reader's first read takes every other row as its baseline (what others recorded before it
 * joined is theirs, like {@link EvidenceExchange#inMemory()}); a row that appears later is new in full.
 * Synchronized: one router's ticks, or several routers of one JVM, share it safely.
 */
public final class PgEvidenceExchange implements EvidenceExchange {
  private static final Logger LOG = LoggerFactory.getLogger(PgEvidenceExchange.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Long>> LABELS = new TypeReference<>() {};

  private final DataSource ds;
  private final String deployment;
  private final Map<Key, Cursor> cursors = new HashMap<>(); // guarded by this
  private final Set<String> mismatchLogged = ConcurrentHashMap.newKeySet();

  private record Key(String instance, ModelVersion version) {}

  /** One reader's view of one version. */
  private static final class Cursor {
    @Nullable Evidence unpublished; // recorded and judged locally, not yet in the table (database failed)
    @Nullable Map<String, Evidence> seen; // other instances' totals at the last read; null before the first
  }

  public PgEvidenceExchange(DataSource ds, String deployment) {
    this.ds = Objects.requireNonNull(ds, "ds");
    this.deployment = Objects.requireNonNull(deployment, "deployment");
  }

  @Override
  public synchronized Evidence exchange(String instance, ModelVersion version, Evidence local) {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(local, "local");
    Cursor c = cursors.computeIfAbsent(new Key(instance, version), k -> new Cursor());
    Evidence publish = c.unpublished == null ? local : Evidence.sum(List.of(c.unpublished, local), local.bins());
    Map<String, Evidence> others;
    try {
      others = transact(instance, version, publish);
    } catch (SQLException | RuntimeException e) {
      // The judge still sees this instance's own evidence now; the fleet sees it on the next success.
      c.unpublished = publish;
      LOG.warn("Fleet '{}' instance '{}': evidence exchange for {} failed, judging local evidence only: {}",
          deployment, instance, version, e instanceof SQLException ? Jdbc.why(e) : e.toString());
      return local;
    }
    c.unpublished = null;
    boolean first = c.seen == null;
    Map<String, Evidence> seen = first ? new HashMap<>() : c.seen;
    List<Evidence> parts = new ArrayList<>();
    parts.add(local);
    for (Map.Entry<String, Evidence> row : others.entrySet()) {
      Evidence now = row.getValue();
      if (now.bins() != local.bins()) {
        if (mismatchLogged.add(row.getKey() + "/" + version)) {
          LOG.error("Fleet '{}': instance '{}' publishes evidence of {} with {} latency bins, this instance has {};"
              + " its evidence is ignored (every instance must use the same SloConfig)", deployment, row.getKey(),
              version, now.bins(), local.bins());
        }
        continue;
      }
      Evidence before = seen.put(row.getKey(), now);
      if (before == null) {
        if (!first) {
          parts.add(now); // an instance that joined after this one: all of its evidence is new here
        }
      } else {
        parts.add(grown(before, now));
      }
    }
    c.seen = seen;
    return Evidence.sum(parts, local.bins());
  }

  /** Adds {@code publish} to this instance's row and returns every other instance's row, in one transaction. */
  private Map<String, Evidence> transact(String instance, ModelVersion version, Evidence publish)
      throws SQLException {
    try (Connection conn = ds.getConnection()) {
      conn.setAutoCommit(false);
      try {
        if (!isEmpty(publish)) {
          Evidence total = publish;
          try (PreparedStatement st = conn.prepareStatement("SELECT requests, server_errors, latency_histogram,"
              + " out_of_scope, labels::text, shadow_compared, shadow_disagreed FROM intentops_fleet_evidence"
              + " WHERE deployment = ? AND version = ? AND instance_id = ? FOR UPDATE")) {
            st.setQueryTimeout(10);
            st.setString(1, deployment);
            st.setString(2, version.toString());
            st.setString(3, instance);
            try (ResultSet rs = st.executeQuery()) {
              if (rs.next()) {
                Evidence stored = read(rs);
                // A different bin count is a configuration change under the same instance id: start over.
                total = stored.bins() == publish.bins() ? Evidence.sum(List.of(stored, publish), publish.bins()) : publish;
              }
            }
          }
          try (PreparedStatement st = conn.prepareStatement("INSERT INTO intentops_fleet_evidence (deployment,"
              + " version, instance_id, requests, server_errors, latency_histogram, out_of_scope, labels,"
              + " shadow_compared, shadow_disagreed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now())"
              + " ON CONFLICT (deployment, version, instance_id) DO UPDATE SET requests = excluded.requests,"
              + " server_errors = excluded.server_errors, latency_histogram = excluded.latency_histogram,"
              + " out_of_scope = excluded.out_of_scope, labels = excluded.labels,"
              + " shadow_compared = excluded.shadow_compared, shadow_disagreed = excluded.shadow_disagreed,"
              + " updated_at = now()")) {
            st.setQueryTimeout(10);
            st.setString(1, deployment);
            st.setString(2, version.toString());
            st.setString(3, instance);
            st.setLong(4, total.requests());
            st.setLong(5, total.serverErrors());
            long[] h = total.latencyHistogram();
            Long[] boxed = new Long[h.length];
            for (int i = 0; i < h.length; i++) {
              boxed[i] = h[i];
            }
            st.setArray(6, conn.createArrayOf("bigint", boxed));
            st.setLong(7, total.outOfScope());
            st.setString(8, JSON.writeValueAsString(total.labels()));
            st.setLong(9, total.shadowCompared());
            st.setLong(10, total.shadowDisagreed());
            st.executeUpdate();
          }
        }
        Map<String, Evidence> others = new LinkedHashMap<>();
        try (PreparedStatement st = conn.prepareStatement("SELECT instance_id, requests, server_errors,"
            + " latency_histogram, out_of_scope, labels::text, shadow_compared, shadow_disagreed"
            + " FROM intentops_fleet_evidence WHERE deployment = ? AND version = ? AND instance_id <> ?"
            + " ORDER BY instance_id")) {
          st.setQueryTimeout(10);
          st.setString(1, deployment);
          st.setString(2, version.toString());
          st.setString(3, instance);
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              others.put(rs.getString(1), readFrom(rs, 2));
            }
          }
        }
        conn.commit();
        return others;
      } catch (JsonProcessingException e) {
        Jdbc.rollbackQuietly(conn);
        throw new IllegalStateException("Evidence labels could not be written as JSON", e);
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollbackQuietly(conn);
        throw e;
      }
    }
  }

  private static Evidence read(ResultSet rs) throws SQLException {
    return readFrom(rs, 1);
  }

  private static Evidence readFrom(ResultSet rs, int col) throws SQLException {
    long requests = rs.getLong(col);
    long errors = rs.getLong(col + 1);
    Array arr = rs.getArray(col + 2);
    Object[] raw = (Object[]) arr.getArray();
    long[] hist = new long[raw.length];
    for (int i = 0; i < raw.length; i++) {
      hist[i] = raw[i] == null ? 0 : ((Number) raw[i]).longValue();
    }
    long oos = rs.getLong(col + 3);
    Map<String, Long> labels;
    try {
      labels = JSON.readValue(rs.getString(col + 4), LABELS);
    } catch (JsonProcessingException e) {
      throw new SQLException("Malformed labels in intentops_fleet_evidence: " + e.getOriginalMessage(), e);
    }
    return new Evidence(requests, errors, hist, oos, labels, rs.getLong(col + 5), rs.getLong(col + 6));
  }

  private static boolean isEmpty(Evidence e) {
    return e.requests() == 0 && e.shadowCompared() == 0 && e.outOfScope() == 0 && e.labels().isEmpty();
  }

  /**
   * What {@code now} holds beyond {@code before}. A row that shrank was deleted and recreated (or its
   * instance id reused after a configuration change): then all of it is new.
   */
  private static Evidence grown(Evidence before, Evidence now) {
    boolean shrank = now.requests() < before.requests() || now.serverErrors() < before.serverErrors()
        || now.outOfScope() < before.outOfScope() || now.shadowCompared() < before.shadowCompared()
        || now.shadowDisagreed() < before.shadowDisagreed();
    for (int i = 0; i < now.bins() && !shrank; i++) {
      shrank = now.bin(i) < before.bin(i);
    }
    for (Map.Entry<String, Long> l : before.labels().entrySet()) {
      shrank |= now.labels().getOrDefault(l.getKey(), 0L) < l.getValue();
    }
    if (shrank) {
      return now;
    }
    long[] hist = new long[now.bins()];
    for (int i = 0; i < hist.length; i++) {
      hist[i] = now.bin(i) - before.bin(i);
    }
    Map<String, Long> labels = new HashMap<>();
    now.labels().forEach((l, n) -> {
      long d = n - before.labels().getOrDefault(l, 0L);
      if (d > 0) {
        labels.put(l, d);
      }
    });
    return new Evidence(now.requests() - before.requests(), now.serverErrors() - before.serverErrors(), hist,
        now.outOfScope() - before.outOfScope(), labels, now.shadowCompared() - before.shadowCompared(),
        now.shadowDisagreed() - before.shadowDisagreed());
  }

}
