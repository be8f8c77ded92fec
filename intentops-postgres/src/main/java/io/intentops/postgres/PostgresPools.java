package io.intentops.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A HikariCP pool configured the way fleet mode wants it: fail fast while the database is unreachable
 * (short connection timeout, pgjdbc connect and socket timeouts, TCP keepalive so a dead peer is
 * noticed) and enough connections for the fleet's two dedicated sessions. Any other {@link
 * javax.sql.DataSource} works too. Stateless; the returned pool is thread-safe and must be closed by
 * the caller.
 */
public final class PostgresPools {
  /** Pool size: the fleet's watcher and leader sessions plus room for reads, writes and the router. */
  public static final int DEFAULT_MAX_SIZE = 6;
  /** How long a caller waits for a connection before failing. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  /** pgjdbc socket timeout: a query that hangs this long fails. */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private PostgresPools() {}

  /**
   * A pool of at most {@code maxSize} connections to {@code jdbcUrl}.
   *
   * @throws ConfigurationException for a non-PostgreSQL URL or a size below 3
   */
  public static HikariDataSource create(String jdbcUrl, String user, @Nullable String password, int maxSize) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException("PostgresPools.create needs a jdbc:postgresql: URL, got '" + jdbcUrl + "'");
    }
    if (maxSize < 3) {
      throw new ConfigurationException("PostgresPools.create maxSize must be >= 3 (the fleet holds two sessions), got "
          + maxSize);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setUsername(user);
    if (password != null) {
      cfg.setPassword(password);
    }
    cfg.setPoolName("intentops-" + Integer.toHexString(jdbcUrl.hashCode()));
    cfg.setMaximumPoolSize(maxSize);
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT.toMillis());
    cfg.setValidationTimeout(1_000);
    cfg.setInitializationFailTimeout(DEFAULT_CONNECTION_TIMEOUT.toMillis());
    cfg.addDataSourceProperty("connectTimeout", "2");
    cfg.addDataSourceProperty("socketTimeout", Long.toString(DEFAULT_SOCKET_TIMEOUT.toSeconds()));
    cfg.addDataSourceProperty("tcpKeepAlive", "true");
    cfg.addDataSourceProperty("ApplicationName", "intentops");
    return new HikariDataSource(cfg);
  }
}
