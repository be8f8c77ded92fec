package io.intentops.postgres;

import io.intentops.core.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The fleet schema, migrated with Flyway from {@code classpath:db/intentops} into the connection's
 * default schema, with its history in table {@value #HISTORY_TABLE}. Safe to run from many instances
 * at once (Flyway serialises migrations with a PostgreSQL advisory lock). Stateless and thread-safe.
 */
public final class PostgresSchema {
  /** Flyway's history table for the IntentOps schema. */
  public static final String HISTORY_TABLE = "intentops_schema_history";
  /** Where the migrations live on the classpath. */
  public static final String LOCATION = "classpath:db/intentops";

  private PostgresSchema() {}

  /**
   * Applies pending migrations; returns how many were applied (0 when up to date).
   *
   * @throws StoreException if the database cannot be reached or a migration fails
   */
  public static int migrate(DataSource dataSource) {
    try {
      MigrateResult r = Flyway.configure()
          .dataSource(dataSource)
          .locations(LOCATION)
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
      return r.migrationsExecuted;
    } catch (FlywayException e) {
      throw new StoreException("Cannot migrate the IntentOps schema (" + LOCATION + "): " + e.getMessage(), e);
    }
  }
}
