package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.Outcome;
import io.intentops.router.SloConfig;
import io.intentops.router.WindowSnapshot;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** Everything the router keeps per registered version. */
final class VersionSlot<I, O> {
  final ModelVersion version;
  final Predictor<I, O> predictor;
  final SlidingWindowMetrics metrics;
  final SloMonitor monitor; // guarded by the tick lock
  final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
  boolean watched; // guarded by the tick lock: was an active candidate at the last tick
  @Nullable List<WindowSnapshot> pendingRollback; // guarded by the tick lock: fired, not yet committed

  VersionSlot(ModelVersion version, Predictor<I, O> predictor, SloConfig slo, long nowMillis) {
    this.version = version;
    this.predictor = predictor;
    this.metrics = new SlidingWindowMetrics(version, slo, nowMillis);
    this.monitor = new SloMonitor(slo);
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = new LongAdder();
    }
  }
}
