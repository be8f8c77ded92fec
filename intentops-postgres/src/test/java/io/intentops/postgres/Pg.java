package io.intentops.postgres;

import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL server the tests run against: {@code -Dintentops.pg.url} or {@code
 * INTENTOPS_PG_URL} (see {@code .ci/postgres-start.sh}), user {@code intentops.pg.user} /
 * {@code INTENTOPS_PG_USER} (default postgres, a superuser: tests create databases and cut sessions).
 * Without a URL the tests are skipped, unless {@code CI=true}, where that is a failure.
 */
final class Pg {
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");
  private static final AtomicInteger SEQ = new AtomicInteger();

  private Pg() {}

  /** Whether a database URL is configured. */
  static boolean configured() {
    String url = System.getProperty("intentops.pg.url");
    if (url == null || url.isBlank()) {
      url = System.getenv("INTENTOPS_PG_URL");
    }
    return url != null && !url.isBlank();
  }

  static String adminUrl() {
    String url = System.getProperty("intentops.pg.url");
    if (url == null || url.isBlank()) {
      url = System.getenv("INTENTOPS_PG_URL");
    }
    if (url == null || url.isBlank()) {
      String msg = "No PostgreSQL for the fleet tests: run .ci/postgres-start.sh and source its env file, or pass"
          + " -Dintentops.pg.url=jdbc:postgresql://127.0.0.1:PORT/postgres";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + " (CI=true: a missing database is a failure, not a skip)");
      }
      Assumptions.abort(msg);
    }
    return url;
  }

  static String user() {
    String u = System.getProperty("intentops.pg.user");
    if (u == null || u.isBlank()) {
      u = System.getenv("INTENTOPS_PG_USER");
    }
    return u == null || u.isBlank() ? "postgres" : u;
  }

  static Connection admin() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user());
    return DriverManager.getConnection(adminUrl(), p);
  }

  /** Creates an empty database for one test and returns its JDBC URL. */
  static String freshDatabase(String prefix) throws SQLException {
    String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet()).toLowerCase(Locale.ROOT);
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + name);
    }
    Matcher m = URL.matcher(adminUrl());
    if (!m.matches()) {
      fail("Unexpected PostgreSQL URL " + adminUrl() + "; expected jdbc:postgresql://host:port/db");
    }
    return m.group(1) + name + m.group(3);
  }

  static String databaseOf(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(url);
    }
    return m.group(2);
  }

  static void drop(String url) {
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + databaseOf(url) + " WITH (FORCE)");
    } catch (SQLException e) {
      // best effort: the throwaway cluster is deleted anyway
    }
  }

  /** A small pool that gives up quickly when the database is unreachable (the module's recommended settings). */
  static HikariDataSource pool(String url, String name, int size) {
    return PostgresPools.create(url, user(), null, size);
  }

  /** Refuses new connections to the test database and cuts every open one (a database outage). */
  static void cutOff(String url) throws SQLException {
    String db = databaseOf(url);
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("ALTER DATABASE " + db + " WITH ALLOW_CONNECTIONS false");
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
          + "' AND pid <> pg_backend_pid()");
    }
  }

  static void restore(String url) throws SQLException {
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("ALTER DATABASE " + databaseOf(url) + " WITH ALLOW_CONNECTIONS true");
    }
  }
}
