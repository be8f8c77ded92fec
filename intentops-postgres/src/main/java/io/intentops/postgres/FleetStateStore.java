package io.intentops.postgres;

import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link RoutingStateStore} in PostgreSQL, one row per deployment. {@link #compareAndSet} is one
 * transaction: {@code UPDATE ... WHERE revision = expected}, a history row, and {@code NOTIFY
 * intentops_routing}. A watcher thread LISTENs on a dedicated connection and polls as a fallback; every
 * newer revision it sees is handed to the change listeners, so routers pick up a change made anywhere
 * within milliseconds (or one poll interval when notifications are lost). While the database is
 * unreachable, {@link #load()} and {@link #compareAndSet} throw {@link io.intentops.core.StoreException}
 * (routers keep serving their last published state), and the watcher reconnects, re-LISTENs and
 * reconciles as soon as it is back. Thread-safe.
 */
public interface FleetStateStore extends RoutingStateStore, AutoCloseable {

  /** The deployment (row) this store reads and writes. */
  String deployment();

  /**
   * Calls {@code listener} on the watcher thread with every revision newer than the last one delivered
   * (in order, possibly skipping revisions that were superseded before they were read). A listener that
   * throws is logged and does not stop delivery.
   */
  void onChange(Consumer<RoutingState> listener);

  /** The newest state this store has read or written, if any; never touches the database. */
  Optional<RoutingState> lastKnown();

  /** Whether the watcher currently holds a LISTENing connection. */
  boolean listening();

  /** Times the watcher (re)connected, including the first connection. */
  long connects();

  /** Stops the watcher and releases its connection. Idempotent. */
  @Override
  void close();
}
