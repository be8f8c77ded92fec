package io.intentops.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election with a session-level advisory lock ({@code pg_try_advisory_lock(class, hashtext(deployment))})
 * held on a dedicated connection. The lock lives exactly as long as that session: when the leader's
 * process dies or its connection is cut, PostgreSQL releases it and the next {@link #tryLead()} of
 * another instance wins. Safety never depends on the lock (every decision commits by compare-and-set
 * and is idempotent); it only keeps the fleet from doing the work N times. Thread-safe.
 */
public final class AdvisoryLeader implements AutoCloseable {
  /** First key of the two-key advisory lock: "IntentOps fleet". */
  public static final int LOCK_CLASS = 0x1A7E_0F1E;
  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLeader.class);

  private final DataSource dataSource;
  private final String deployment;
  private final String instanceId;
  private @Nullable Connection session; // guarded by this
  private long terms; // guarded by this

  public AdvisoryLeader(DataSource dataSource, String deployment, String instanceId) {
    this.dataSource = dataSource;
    this.deployment = deployment;
    this.instanceId = instanceId;
  }

  /**
   * Returns whether this instance leads after the call: checks a held session is still alive (else
   * drops it), or tries to take the lock on a fresh dedicated session. Never throws: an unreachable
   * database simply means "not the leader".
   */
  public synchronized boolean tryLead() {
    if (session != null) {
      if (alive(session)) {
        return true;
      }
      LOG.warn("Instance '{}' lost its leader session for deployment '{}'", instanceId, deployment);
      Jdbc.abortQuietly(session);
      session = null;
    }
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(true);
      boolean won;
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
        ps.setInt(1, LOCK_CLASS);
        ps.setString(2, deployment);
        try (ResultSet rs = ps.executeQuery()) {
          won = rs.next() && rs.getBoolean(1);
        }
      }
      if (!won) {
        Jdbc.closeQuietly(c); // holds nothing: fine to return to a pool
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
        ps.setString(1, "intentops-leader:" + instanceId);
        ps.execute();
      }
      session = c;
      terms++;
      LOG.info("Instance '{}' is now the fleet leader of deployment '{}'", instanceId, deployment);
      return true;
    } catch (SQLException | RuntimeException e) {
      Jdbc.abortQuietly(c);
      return false;
    }
  }

  private static boolean alive(Connection c) {
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(5);
      st.execute("SELECT 1");
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** Whether this instance held the lock at its last check. */
  public synchronized boolean isLeader() {
    return session != null;
  }

  /** How many times this instance became leader. */
  public synchronized long terms() {
    return terms;
  }

  /** Gives the lock up (unlock, then kill the session so no pool keeps it). */
  public synchronized void resign() {
    Connection c = session;
    session = null;
    if (c == null) {
      return;
    }
    Jdbc.release(c, "SELECT pg_advisory_unlock_all(), set_config('application_name', '', false)");
  }

  @Override
  public void close() {
    resign();
  }
}
