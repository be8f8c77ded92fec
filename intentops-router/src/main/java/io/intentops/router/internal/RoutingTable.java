package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.router.CandidateState;
import io.intentops.router.RoutingState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, pre-compiled view of a {@link RoutingState} for the request path: candidates with
 * weight own bucket ranges [upper[i-1], upper[i]) from 0 upwards in state order; the stable version
 * owns the rest. Published through a volatile reference, so routing needs no lock.
 */
final class RoutingTable<I, O> {
  final RoutingState state;
  final VersionSlot<I, O> stable;
  final int[] upper;
  final VersionSlot<I, O>[] targets;
  final Map<String, VersionSlot<I, O>> overrides;

  @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
  RoutingTable(RoutingState state, Map<ModelVersion, VersionSlot<I, O>> slots) {
    this.state = state;
    this.stable = slot(slots, state.stable(), state);
    List<VersionSlot<I, O>> t = new ArrayList<>();
    List<Integer> u = new ArrayList<>();
    int acc = 0;
    for (CandidateState c : state.candidates()) {
      VersionSlot<I, O> s = slot(slots, c.version(), state);
      if (c.weightBps() > 0) {
        acc += c.weightBps();
        t.add(s);
        u.add(acc);
      }
    }
    this.targets = t.toArray(new VersionSlot[0]);
    this.upper = u.stream().mapToInt(Integer::intValue).toArray();
    Map<String, VersionSlot<I, O>> o = new HashMap<>();
    state.overrides().forEach((k, v) -> o.put(k, slot(slots, v, state)));
    this.overrides = Map.copyOf(o);
  }

  VersionSlot<I, O> forBucket(int bucket) {
    int[] u = upper;
    for (int i = 0; i < u.length; i++) {
      if (bucket < u[i]) {
        return targets[i];
      }
    }
    return stable;
  }

  private static <I, O> VersionSlot<I, O> slot(
      Map<ModelVersion, VersionSlot<I, O>> slots, ModelVersion v, RoutingState state) {
    VersionSlot<I, O> s = slots.get(v);
    if (s == null) {
      throw new StoreException("Routing state revision " + state.revision() + " names version " + v
          + ", which is not registered in this router");
    }
    return s;
  }
}
