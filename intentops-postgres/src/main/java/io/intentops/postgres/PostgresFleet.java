package io.intentops.postgres;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.StoreException;
import io.intentops.postgres.internal.PgEvidenceExchange;
import io.intentops.postgres.internal.PgRoutingStateStore;
import io.intentops.postgres.internal.SloCounters;
import io.intentops.router.EvidenceExchange;
import io.intentops.router.FleetSlo;
import io.intentops.router.Router;
import io.intentops.router.RouterListener;
import io.intentops.router.SloConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application instance's membership in a fleet that shares a deployment through PostgreSQL:
 *
 * <pre>{@code
 * PostgresFleet fleet = PostgresFleet.builder().dataSource(pool).deployment("banking-intent")
 *     .slo(slo).build();                                   // migrates the schema (Flyway)
 * Router<String, IntentPrediction> router = Router.<String, IntentPrediction>builder()
 *     .version(stable).version(candidate).stable(stableVersion).candidate(candidateVersion, 500)
 *     .slo(slo).store(fleet.store()).fleet(fleet.instanceId(), fleet.exchange())
 *     .listener(fleet.recorder()).build();
 * fleet.attach(router);                                   // refresh on every change notification
 * AutoCloseable job = fleet.schedule(scheduler, Duration.ofSeconds(1)); // publish window counters
 * }</pre>
 *
 * <ul>
 *   <li>{@link #store()}: the shared routing state (compare-and-set, LISTEN/NOTIFY, polling fallback).
 *   <li>{@link #exchange()}: the canary judge's evidence, pooled: every router's judge decides on the
 *       fleet's merged evidence on each tick and the first rollback committed with compare-and-set is the
 *       only one. This is the fleet's one decision path (there is no leader).
 *   <li>{@link #recorder()}: counts this instance's requests per version and window; {@link #publish()}
 *       upserts them into {@code intentops_slo_counters}, the fleet's SLO windows for dashboards and SQL
 *       (they decide nothing).
 * </ul>
 *
 * <p>The request path never touches the database: while it is unreachable every instance keeps
 * routing with its last known state; publishing fails (logged) and resumes when it returns, and each
 * judge decides on local evidence until the exchange works again. Thread-safe. Closing stops scheduled
 * work and the watcher; it does not close the data source.
 */
public final class PostgresFleet implements AutoCloseable {
  /** Polling fallback of the change watcher, on top of LISTEN/NOTIFY. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
  /** First delay before the watcher reconnects; it doubles up to the poll interval. */
  public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofMillis(200);
  /** Windows of counters kept in memory; rows older than twice this are deleted from the table. */
  public static final int DEFAULT_RETAINED_WINDOWS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresFleet.class);

  private final String deployment;
  private final String instanceId;
  private final PgRoutingStateStore store;
  private final SloCounters counters;
  private final PgEvidenceExchange exchange;
  private final List<ScheduledFuture<?>> schedules = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private PostgresFleet(Builder b, DataSource ds, String deployment) {
    this.deployment = deployment;
    this.instanceId = b.instanceId != null ? b.instanceId : defaultInstanceId();
    FleetSlo rules = FleetSlo.of(b.slo);
    this.store = new PgRoutingStateStore(ds, deployment, instanceId, b.pollInterval, b.reconnectDelay);
    this.counters = new SloCounters(ds, deployment, instanceId, rules, b.clock, b.retainedWindows);
    this.exchange = new PgEvidenceExchange(ds, deployment);
    store.start();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  private static String defaultInstanceId() {
    return ManagementFactory.getRuntimeMXBean().getName(); // pid@host
  }

  /** The deployment this instance belongs to. */
  public String deployment() {
    return deployment;
  }

  /** This instance's id in counters, history rows and the leader's session name. */
  public String instanceId() {
    return instanceId;
  }

  /** The shared routing-state store; pass it to {@link Router.Builder#store}. */
  public FleetStateStore store() {
    return store;
  }

  /**
   * The canary judge's evidence exchange in this database (table {@code intentops_fleet_evidence}); pass
   * it to {@link Router.Builder#fleet(String, EvidenceExchange)} as {@code .fleet(fleet.instanceId(),
   * fleet.exchange())}. On every tick the router adds what it recorded per version to its own row and its
   * judge decides on the fleet's merged evidence, each instance's evidence counted exactly once; the
   * first rollback committed through {@link #store()}'s compare-and-set is the only one. When the
   * database is unreachable the judge decides on local evidence and the fleet receives it later.
   * Thread-safe.
   */
  public EvidenceExchange exchange() {
    return exchange;
  }

  /** The request counter; pass it to {@link Router.Builder#listener}. Cheap on the request path. */
  public RouterListener recorder() {
    return counters;
  }

  /**
   * Makes {@code router} apply every change this instance's watcher sees (notification or poll) at once,
   * by running one {@link io.intentops.router.RollbackController#tick()} on the watcher thread.
   */
  public void attach(Router<?, ?> router) {
    Objects.requireNonNull(router, "router");
    store.onChange(s -> {
      if (s.revision() > router.state().revision()) {
        router.controller().tick();
      }
    });
  }

  /**
   * Upserts this instance's changed window counters. Returns the rows written.
   *
   * @throws StoreException when the database is unreachable (the counts are kept and retried)
   */
  public int publish() {
    return counters.publish();
  }

  /**
   * Runs {@link #publish()} every {@code period} on {@code scheduler}; failures are logged and the
   * schedule continues. Close the handle to stop. (The judge's evidence needs no schedule: it is
   * exchanged on every router tick.)
   */
  public AutoCloseable schedule(ScheduledExecutorService scheduler, Duration period) {
    Objects.requireNonNull(scheduler, "scheduler");
    if (period.isZero() || period.isNegative()) {
      throw new ConfigurationException("PostgresFleet.schedule period must be positive, got " + period);
    }
    ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(this::runOnce, period.toNanos(), period.toNanos(),
        TimeUnit.NANOSECONDS);
    schedules.add(f);
    return () -> {
      f.cancel(false);
      schedules.remove(f);
    };
  }

  private void runOnce() {
    try {
      publish();
    } catch (RuntimeException e) {
      LOG.warn("Fleet '{}' instance '{}': publish failed, will retry: {}", deployment, instanceId, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    schedules.forEach(f -> f.cancel(false));
    schedules.clear();
    store.close();
  }

  /** Configures a {@link PostgresFleet}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable String deployment;
    private @Nullable String instanceId;
    private SloConfig slo = SloConfig.ofDefaults();
    private Clock clock = Clock.system();
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;
    private int retainedWindows = DEFAULT_RETAINED_WINDOWS;
    private boolean migrate = true;

    private Builder() {}

    /** Where everything lives; typically a connection pool. Required. The fleet holds one of its connections (the watcher). */
    public Builder dataSource(DataSource ds) {
      this.dataSource = Objects.requireNonNull(ds, "dataSource");
      return this;
    }

    /** The deployment name shared by every instance that routes the same model. Required. */
    public Builder deployment(String name) {
      this.deployment = Objects.requireNonNull(name, "deployment");
      return this;
    }

    /** This instance's id; default the JVM's {@code pid@host}. */
    public Builder instanceId(String id) {
      this.instanceId = Objects.requireNonNull(id, "instanceId");
      return this;
    }

    /** The SLO; must be the router's {@link SloConfig} (same windows and latency bounds on every instance). */
    public Builder slo(SloConfig slo) {
      this.slo = Objects.requireNonNull(slo, "slo");
      return this;
    }

    /** Time source for windows and commit timestamps; must be the router's clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder pollInterval(Duration d) {
      this.pollInterval = Objects.requireNonNull(d, "pollInterval");
      return this;
    }

    public Builder reconnectDelay(Duration d) {
      this.reconnectDelay = Objects.requireNonNull(d, "reconnectDelay");
      return this;
    }

    public Builder retainedWindows(int n) {
      this.retainedWindows = n;
      return this;
    }

    /** Whether {@link #build()} runs the Flyway migrations (default true). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Validates, migrates (unless disabled) and starts the change watcher.
     *
     * @throws ConfigurationException naming the offending setting
     * @throws StoreException if the migration fails
     */
    public PostgresFleet build() {
      if (dataSource == null) {
        throw new ConfigurationException("PostgresFleet.builder(): dataSource(...) is required");
      }
      if (deployment == null || deployment.isBlank() || deployment.length() > 200) {
        throw new ConfigurationException("PostgresFleet.deployment must be 1..200 non-blank characters, got '"
            + deployment + "'");
      }
      if (instanceId != null && (instanceId.isBlank() || instanceId.length() > 200)) {
        throw new ConfigurationException("PostgresFleet.instanceId must be 1..200 non-blank characters, got '"
            + instanceId + "'");
      }
      requirePositive(pollInterval, "pollInterval");
      requirePositive(reconnectDelay, "reconnectDelay");
      if (retainedWindows < 2 || retainedWindows > 10_000) {
        throw new ConfigurationException("PostgresFleet.retainedWindows must be in [2, 10000], got " + retainedWindows);
      }
      if (migrate) {
        PostgresSchema.migrate(dataSource);
      }
      return new PostgresFleet(this, dataSource, deployment);
    }

    private static void requirePositive(Duration d, String name) {
      if (d.isZero() || d.isNegative()) {
        throw new ConfigurationException("PostgresFleet." + name + " must be positive, got " + d);
      }
    }
  }
}
