package io.intentops.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** Small JDBC helpers. */
final class Jdbc {
  private static final Executor DIRECT = Runnable::run;

  private Jdbc() {}

  static void rollbackQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException | RuntimeException ignored) {
      // the connection is broken; closing it evicts it from a pool
    }
  }

  static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // nothing left to release
    }
  }

  /**
   * Why: a dedicated session (LISTEN, advisory lock) must never go back to a pool alive with its
   * session state; aborting kills the physical connection so a pool evicts it.
   */
  static void abortQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.abort(DIRECT);
    } catch (SQLException | RuntimeException ignored) {
      // already dead
    }
    closeQuietly(c);
  }

  /**
   * Returns a dedicated session to its data source clean: runs {@code resetSql} (UNLISTEN, unlock) and
   * closes; when the reset fails the session is aborted so that no pool reuses it dirty.
   */
  static void release(@Nullable Connection c, String resetSql) {
    if (c == null) {
      return;
    }
    try (java.sql.Statement st = c.createStatement()) {
      st.setQueryTimeout(5);
      st.execute(resetSql);
    } catch (SQLException | RuntimeException e) {
      abortQuietly(c);
      return;
    }
    closeQuietly(c);
  }

  /** The message of the innermost cause, for short log lines. */
  static String why(Throwable e) {
    Throwable top = e;
    if (e instanceof java.sql.BatchUpdateException b && b.getNextException() != null) {
      top = b.getNextException(); // the batch message repeats the whole statement
    }
    Throwable t = top;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t == top ? String.valueOf(top.getMessage()) : top.getMessage() + " (" + t.getMessage() + ")";
    return msg.length() <= 400 ? msg : msg.substring(0, 397) + "...";
  }
}
