package io.intentops.postgres.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.ModelManifests;
import io.intentops.core.StoreException;
import io.intentops.postgres.FleetStateStore;
import io.intentops.router.RoutingState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FleetStateStore} on PostgreSQL. Reads and compare-and-sets use short-lived connections from
 * the data source; the watcher thread owns one dedicated connection that LISTENs (and also serves its
 * reconciling reads, so propagation does not depend on pool capacity).
 */
public final class PgRoutingStateStore implements FleetStateStore {
  /** The NOTIFY channel; payload {@code <revision>:<deployment>}. */
  public static final String CHANNEL = "intentops_routing";
  private static final Logger LOG = LoggerFactory.getLogger(PgRoutingStateStore.class);
  private static final ObjectMapper MAPPER = ModelManifests.mapper();
  private static final String SELECT = "SELECT revision, state::text FROM intentops_routing_state WHERE deployment = ?";

  private final DataSource dataSource;
  private final String deployment;
  private final String instanceId;
  private final Duration pollInterval;
  private final Duration reconnectDelay;
  private final CopyOnWriteArrayList<Consumer<RoutingState>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<@Nullable RoutingState> lastKnown = new AtomicReference<>();
  private final AtomicLong connects = new AtomicLong();
  private final Object deliverLock = new Object();
  private final Thread watcher;
  private volatile long delivered; // guarded by deliverLock for writes
  private volatile boolean listening;
  private volatile boolean closed;

  public PgRoutingStateStore(DataSource dataSource, String deployment, String instanceId, Duration pollInterval,
      Duration reconnectDelay) {
    this.dataSource = dataSource;
    this.deployment = deployment;
    this.instanceId = instanceId;
    this.pollInterval = pollInterval;
    this.reconnectDelay = reconnectDelay;
    this.watcher = new Thread(this::watch, "intentops-pg-watch-" + deployment);
    this.watcher.setDaemon(true);
  }

  /** Starts the watcher thread; called once by the builder. */
  public void start() {
    watcher.start();
  }

  @Override
  public String deployment() {
    return deployment;
  }

  @Override
  public Optional<RoutingState> load() {
    try (Connection c = dataSource.getConnection()) {
      return read(c);
    } catch (SQLException e) {
      throw new StoreException("Cannot load " + describe() + ": " + Jdbc.why(e), e);
    }
  }

  private Optional<RoutingState> read(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setString(1, deployment);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long revision = rs.getLong(1);
        RoutingState s = parse(rs.getString(2), revision);
        remember(s);
        return Optional.of(s);
      }
    }
  }

  private RoutingState parse(String json, long revision) {
    try {
      RoutingState s = MAPPER.readValue(json, RoutingState.class);
      if (s == null || s.revision() != revision) {
        throw new StoreException("Malformed " + describe() + ": row revision " + revision + " but state revision "
            + (s == null ? "missing" : s.revision()));
      }
      return s;
    } catch (JacksonException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
          ? root.getMessage() : e.getOriginalMessage();
      throw new StoreException("Malformed " + describe() + " revision " + revision + ": " + why, e);
    }
  }

  private void remember(RoutingState s) {
    lastKnown.accumulateAndGet(s, (cur, next) -> cur == null || next.revision() > cur.revision() ? next : cur);
  }

  @Override
  public boolean compareAndSet(long expectedRevision, RoutingState next) {
    if (expectedRevision < 0 || next.revision() != expectedRevision + 1) {
      throw new IllegalArgumentException("Next revision must be expected + 1 in " + describe() + ": expected "
          + expectedRevision + ", next " + next.revision());
    }
    String json;
    try {
      json = MAPPER.writeValueAsString(next);
    } catch (JacksonException e) {
      throw new StoreException("Cannot serialise routing state revision " + next.revision() + ": " + e.getMessage(), e);
    }
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      int rows;
      if (expectedRevision == 0) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO intentops_routing_state (deployment, revision, state)"
            + " VALUES (?, ?, ?::jsonb) ON CONFLICT (deployment) DO NOTHING")) {
          ps.setString(1, deployment);
          ps.setLong(2, next.revision());
          ps.setString(3, json);
          rows = ps.executeUpdate();
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement("UPDATE intentops_routing_state SET revision = ?, state = ?::jsonb,"
            + " updated_at = now() WHERE deployment = ? AND revision = ?")) {
          ps.setLong(1, next.revision());
          ps.setString(2, json);
          ps.setString(3, deployment);
          ps.setLong(4, expectedRevision);
          rows = ps.executeUpdate();
        }
      }
      if (rows != 1) {
        c.rollback();
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO intentops_routing_history"
          + " (deployment, revision, state, committed_by) VALUES (?, ?, ?::jsonb, ?)")) {
        ps.setString(1, deployment);
        ps.setLong(2, next.revision());
        ps.setString(3, json);
        ps.setString(4, instanceId);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        ps.setString(1, CHANNEL);
        ps.setString(2, next.revision() + ":" + deployment);
        ps.execute();
      }
      c.commit(); // NOTIFY is delivered only on commit
      remember(next);
      return true;
    } catch (SQLException e) {
      Jdbc.rollbackQuietly(c);
      throw new StoreException("Cannot compare-and-set " + describe() + " at revision " + expectedRevision + ": "
          + Jdbc.why(e), e);
    } finally {
      if (c != null) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // broken connection; the pool evicts it
        }
        Jdbc.closeQuietly(c);
      }
    }
  }

  @Override
  public String describe() {
    return "PostgreSQL routing state of deployment '" + deployment + "'";
  }

  @Override
  public void onChange(Consumer<RoutingState> listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public Optional<RoutingState> lastKnown() {
    return Optional.ofNullable(lastKnown.get());
  }

  @Override
  public boolean listening() {
    return listening;
  }

  @Override
  public long connects() {
    return connects.get();
  }

  // ---------------------------------------------------------------- watcher

  private void watch() {
    long backoff = reconnectDelay.toMillis();
    long failures = 0;
    while (!closed) {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        c.setAutoCommit(true);
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + CHANNEL);
        }
        connects.incrementAndGet();
        listening = true;
        if (failures > 0) {
          LOG.info("{}: watcher reconnected after {} failed attempts; reconciling", describe(), failures);
        }
        failures = 0;
        backoff = reconnectDelay.toMillis();
        reconcile(c); // catch up on whatever changed while we were not listening
        long nextPoll = System.nanoTime() + pollInterval.toNanos();
        while (!closed) {
          // Short waits so that close() is noticed without cutting the connection under a running read.
          long waitMillis = Math.max(1, Math.min(250, (nextPoll - System.nanoTime()) / 1_000_000));
          PGNotification[] ns = pg.getNotifications((int) Math.min(Integer.MAX_VALUE, waitMillis));
          if (closed) {
            break;
          }
          if (isNewer(ns)) {
            reconcile(c);
          }
          if (System.nanoTime() - nextPoll >= 0) {
            reconcile(c); // polling fallback; also proves the connection is alive
            nextPoll = System.nanoTime() + pollInterval.toNanos();
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        failures++;
        if (!closed) {
          if (failures == 1 || LOG.isDebugEnabled()) {
            LOG.warn("{}: watcher failed ({}); routers keep serving revision {}; reconnecting",
                describe(), Jdbc.why(e), delivered);
          }
        }
      } finally {
        listening = false;
        Jdbc.release(c, "UNLISTEN *"); // never return a LISTENing session to a pool
      }
      if (!closed) {
        sleep(backoff);
        backoff = Math.min(Math.max(backoff * 2, 1), Math.max(reconnectDelay.toMillis(), pollInterval.toMillis()));
      }
    }
  }

  private boolean isNewer(PGNotification @Nullable [] ns) {
    if (ns == null) {
      return false;
    }
    for (PGNotification n : ns) {
      String p = n.getParameter();
      int colon = p.indexOf(':');
      if (colon <= 0 || !p.substring(colon + 1).equals(deployment)) {
        continue;
      }
      try {
        if (Long.parseLong(p.substring(0, colon)) > delivered) {
          return true;
        }
      } catch (NumberFormatException e) {
        return true; // not ours to judge: re-read
      }
    }
    return false;
  }

  private void reconcile(Connection c) throws SQLException {
    Optional<RoutingState> s = read(c);
    s.ifPresent(this::deliver);
  }

  private void deliver(RoutingState s) {
    synchronized (deliverLock) {
      if (s.revision() <= delivered) {
        return;
      }
      delivered = s.revision();
      for (Consumer<RoutingState> l : listeners) {
        try {
          l.accept(s);
        } catch (RuntimeException e) {
          LOG.warn("{}: change listener {} threw; ignored", describe(), l, e);
        }
      }
    }
  }

  /** Sleeps in short steps so that close() is noticed. */
  private void sleep(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (!closed && System.nanoTime() - end < 0) {
      try {
        Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      watcher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
