package io.intentops.router;

import io.intentops.router.internal.FileRoutingStateStore;
import io.intentops.router.internal.InMemoryRoutingStateStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where routing state lives, shared by every router that should agree on weights. Updates are
 * compare-and-set on {@link RoutingState#revision()}, so a writer that read an old revision can never
 * overwrite a newer one (a promotion racing a rollback cannot resurrect the rolled-back candidate).
 * Implementations must be thread-safe.
 */
public interface RoutingStateStore {

  /** The current state, or empty when nothing was stored yet. @throws io.intentops.core.StoreException on I/O or parse failure */
  Optional<RoutingState> load();

  /**
   * Stores {@code next} if the stored revision is still {@code expectedRevision} (0 means "nothing
   * stored"). {@code next.revision()} must be {@code expectedRevision + 1}.
   *
   * @return whether {@code next} was stored
   * @throws io.intentops.core.StoreException on I/O failure
   */
  boolean compareAndSet(long expectedRevision, RoutingState next);

  /** Names the store in messages, e.g. its file path. */
  String describe();

  /** A store local to this JVM (the default). */
  static RoutingStateStore inMemory() {
    return new InMemoryRoutingStateStore();
  }

  /**
   * A JSON file shared by several processes on one host. Writes are atomic (temp file and rename)
   * and serialised by an exclusive lock on {@code file + ".lock"}.
   */
  static RoutingStateStore file(Path file) {
    return new FileRoutingStateStore(file);
  }
}
