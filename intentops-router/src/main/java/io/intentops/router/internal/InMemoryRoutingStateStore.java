package io.intentops.router.internal;

import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** {@link RoutingStateStore} in one JVM: an atomic reference compared by revision. Thread-safe. */
public final class InMemoryRoutingStateStore implements RoutingStateStore {
  private final AtomicReference<@Nullable RoutingState> ref = new AtomicReference<>();

  @Override
  public Optional<RoutingState> load() {
    return Optional.ofNullable(ref.get());
  }

  @Override
  public boolean compareAndSet(long expectedRevision, RoutingState next) {
    StateStores.checkNext(expectedRevision, next, this);
    RoutingState cur = ref.get();
    long rev = cur == null ? 0 : cur.revision();
    return rev == expectedRevision && ref.compareAndSet(cur, next);
  }

  @Override
  public String describe() {
    return "in-memory routing state";
  }
}
