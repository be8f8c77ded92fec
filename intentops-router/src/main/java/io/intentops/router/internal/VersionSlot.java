package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.Outcome;
import io.intentops.router.SloConfig;
import java.util.concurrent.atomic.LongAdder;

/** Everything the router keeps per registered version. */
final class VersionSlot<I, O> {
  final ModelVersion version;
  final Predictor<I, O> predictor;
  final SlidingWindowMetrics metrics;
  final SloMonitor monitor; // guarded by the tick lock
  final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
  boolean watched; // guarded by the tick lock: was an active candidate at the last tick

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
