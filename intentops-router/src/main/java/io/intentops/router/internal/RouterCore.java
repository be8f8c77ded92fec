package io.intentops.router.internal;

import io.intentops.core.Clock;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.router.TrafficChange;
import io.intentops.router.TrafficGate;
import io.intentops.router.CandidateState;
import io.intentops.router.RolloutStateException;
import io.intentops.router.Router;
import io.intentops.router.RouterConfig;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import io.intentops.router.SloConfig;
import io.intentops.router.judge.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of the router shares: the registered versions, the published routing table, the
 * store and its compare-and-set loop with the traffic gate, and the listeners. Management operations
 * and ticks commit through {@link #update}, which publishes the new table and then emits the event.
 */
final class RouterCore<I, O> {
  private static final Logger LOG = LoggerFactory.getLogger(RouterCore.class);
  private static final int MAX_CAS_ATTEMPTS = 1_000;

  final Clock clock;
  final RouterConfig config;
  final SloConfig slo;
  final RoutingStateStore store;
  final Map<ModelVersion, VersionSlot<I, O>> slots;
  final AtomicReference<RoutingTable<I, O>> table = new AtomicReference<>();
  final LongAdder listenerFailures = new LongAdder();
  private final TrafficGate gate;
  volatile RouterListener[] listeners;
  volatile boolean closed;

  RouterCore(Clock clock, RouterConfig config, SloConfig slo, RoutingStateStore store,
      Map<ModelVersion, VersionSlot<I, O>> slots, TrafficGate gate, List<RouterListener> listeners) {
    this.clock = clock;
    this.config = config;
    this.slo = slo;
    this.store = store;
    this.slots = slots;
    this.gate = gate;
    this.listeners = listeners.toArray(new RouterListener[0]);
  }


  RoutingState state() {
    return table.get().state;
  }

  void publish(RoutingState s) {
    RoutingTable<I, O> compiled = new RoutingTable<>(s, slots);
    table.updateAndGet(t -> s.revision() > t.state.revision() ? compiled : t);
  }

  /** Compare-and-set loop: recompute the change from the freshest stored state until it commits. */
  RoutingState update(Function<RoutingState, Transitions.@Nullable Change> transition) {
    return update(transition, null);
  }

  RoutingState update(Function<RoutingState, Transitions.@Nullable Change> transition,
      @Nullable Decision decision) {
    for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      RoutingState cur = store.load().orElseThrow(() -> new StoreException(store.describe() + " is empty"));
      Transitions.Change change = transition.apply(cur);
      if (change == null) {
        publish(cur);
        return cur;
      }
      RoutingState n = change.next();
      RoutingState next = new RoutingState(cur.revision() + 1, n.stable(), n.candidates(), n.overrides(), n.updatedAt());
      for (ModelVersion v : next.weights().keySet()) {
        if (!slots.containsKey(v)) {
          throw new RolloutStateException("Version " + v + " is not registered in this router");
        }
      }
      if (change.kind() != RouterEvent.Kind.REVERTED) {
        // Going back to the version that was stable before is a safety action, like a rollback: never gated.
        checkGate(change.kind(), cur, next);
      }
      if (store.compareAndSet(cur.revision(), next)) {
        publish(next);
        emit(new RouterEvent(change.kind(), change.version(), cur, next, change.rollback(), next.updatedAt(), decision));
        return next;
      }
    }
    throw new StoreException("Gave up after " + MAX_CAS_ATTEMPTS + " compare-and-set conflicts on " + store.describe());
  }

  /** The gate sees every version the starting state gives traffic, stable first. */
  void checkInitial(RoutingState s) {
    gate.check(new TrafficChange(s.stable(), TrafficChange.Kind.INITIAL, 0, s.weightOf(s.stable()), true));
    for (CandidateState c : s.candidates()) {
      if (c.weightBps() > 0) {
        gate.check(new TrafficChange(c.version(), TrafficChange.Kind.INITIAL, 0, c.weightBps(), false));
      }
    }
    for (ModelVersion v : new java.util.LinkedHashSet<>(s.overrides().values())) {
      gate.check(new TrafficChange(v, TrafficChange.Kind.OVERRIDE, s.weightOf(v), s.weightOf(v), v.equals(s.stable())));
    }
  }

  /**
   * Asks the gate about every non-stable version that {@code next} gives more traffic than {@code cur},
   * a version that becomes stable, and one that newly receives an override. Taking traffic away is never
   * gated, and neither is the stable version absorbing what a candidate gives up.
   */
  private void checkGate(RouterEvent.Kind kind, RoutingState cur, RoutingState next) {
    TrafficChange.Kind k = switch (kind) {
      case ROLLOUT_STARTED -> TrafficChange.Kind.ROLLOUT_STARTED;
      case STEP_ADVANCED -> TrafficChange.Kind.STEP_ADVANCED;
      case PROMOTED -> TrafficChange.Kind.PROMOTED;
      case OVERRIDE_CHANGED -> TrafficChange.Kind.OVERRIDE;
      default -> TrafficChange.Kind.WEIGHT_CHANGED;
    };
    for (var e : next.weights().entrySet()) {
      ModelVersion v = e.getKey();
      int from = cur.weightOf(v);
      boolean stayedStable = v.equals(next.stable()) && v.equals(cur.stable());
      boolean becomesStable = v.equals(next.stable()) && !stayedStable;
      // The stable version taking back traffic (a candidate shrinks or is rolled back) is never gated.
      if (!stayedStable && (e.getValue() > from || becomesStable)) {
        gate.check(new TrafficChange(v, k, from, e.getValue(), v.equals(next.stable())));
      }
    }
    for (var e : next.overrides().entrySet()) {
      ModelVersion v = e.getValue();
      if (!v.equals(cur.overrides().get(e.getKey()))) {
        gate.check(new TrafficChange(v, TrafficChange.Kind.OVERRIDE, cur.weightOf(v), next.weightOf(v),
            v.equals(next.stable())));
      }
    }
  }

  Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  void requireRegistered(ModelVersion v) {
    if (!slots.containsKey(v)) {
      throw new RolloutStateException(
          "Version " + v + " is not registered in this router; registered: " + slots.keySet());
    }
  }

  VersionSlot<I, O> slot(ModelVersion version) {
    VersionSlot<I, O> s = slots.get(version);
    if (s == null) {
      throw new RolloutStateException("Version " + version + " is not registered");
    }
    return s;
  }

  void refresh() {
    try {
      store.load().ifPresent(this::publish);
    } catch (RuntimeException e) {
      LOG.warn("Cannot refresh routing state from {}; keeping revision {}: {}", store.describe(),
          table.get().state.revision(), e.getMessage());
    }
  }

  synchronized void addListener(RouterListener listener) {
    Objects.requireNonNull(listener, "listener");
    RouterListener[] cur = listeners;
    RouterListener[] next = java.util.Arrays.copyOf(cur, cur.length + 1);
    next[cur.length] = listener;
    listeners = next;
  }

  /** Listener exceptions caught so far. */
  long listenerFailures() {
    return listenerFailures.sum();
  }

  void emit(RouterEvent event) {
    for (RouterListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        listenerFailed(l, e);
      }
    }
  }

  void listenerFailed(RouterListener l, RuntimeException e) {
    listenerFailures.increment();
    if (LOG.isDebugEnabled() || listenerFailures.sum() <= 10) {
      LOG.warn("Router listener {} threw; ignored", l.getClass().getName(), e);
    }
  }
}
