package io.intentops.router.internal;

import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.Outcome;
import io.intentops.router.SloConfig;
import io.intentops.router.judge.CanaryJudge;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Evidence;
import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.JudgeRule;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** Everything the router keeps per registered version. */
final class VersionSlot<I, O> {
  /** Why a cap: labels come from model outputs; an unbounded map would let one bad model exhaust memory. */
  static final int MAX_LABELS = 1_000;
  static final String OTHER_LABEL = "(other)";

  final ModelVersion version;
  final Predictor<I, O> predictor;
  final SlidingWindowMetrics metrics;
  final SloMonitor monitor; // guarded by the tick lock; windows are informational, the judge decides
  final CanaryJudge judge; // guarded by the tick lock
  final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
  final LongAdder outOfScope = new LongAdder();
  final ConcurrentHashMap<String, LongAdder> labels = new ConcurrentHashMap<>();
  final LongAdder shadowCompared = new LongAdder();
  final LongAdder shadowDisagreed = new LongAdder();
  boolean watched; // guarded by the tick lock: was an active candidate at the last tick
  long stepKey = Long.MIN_VALUE; // guarded by the tick lock: stepStartedAtMillis the judge's step began at
  int healthyWindowsInStep; // guarded by the tick lock
  @Nullable Decision pendingRollback; // guarded by the tick lock: breached, not yet committed

  // Guarded by the tick lock: cumulative counters already handed to the judge.
  private long seenOos;
  private long seenShadowCompared;
  private long seenShadowDisagreed;
  private final Map<String, Long> seenLabels = new HashMap<>();

  VersionSlot(ModelVersion version, Predictor<I, O> predictor, SloConfig slo, JudgeConfig judgeConfig,
      Set<JudgeRule.Kind> kinds, long nowMillis) {
    this.version = version;
    this.predictor = predictor;
    this.metrics = new SlidingWindowMetrics(version, slo, nowMillis);
    this.monitor = new SloMonitor(slo);
    this.judge = CanaryJudge.create(version, judgeConfig, slo.latencyBoundaries(), kinds);
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = new LongAdder();
    }
  }

  /** Request path: counts a successful output's label. */
  void recordLabel(String label) {
    LongAdder a = labels.get(label);
    if (a == null) {
      a = labels.size() >= MAX_LABELS ? labels.computeIfAbsent(OTHER_LABEL, l -> new LongAdder())
          : labels.computeIfAbsent(label, l -> new LongAdder());
    }
    a.increment();
  }

  /** Tick: the evidence folded since the last call, from the window counters in {@code acc} and the output counters. */
  Evidence evidence(long[] acc) {
    long oos = outOfScope.sum();
    long sc = shadowCompared.sum();
    long sd = shadowDisagreed.sum();
    Map<String, Long> delta = new HashMap<>();
    labels.forEach((l, a) -> {
      long now = a.sum();
      long before = seenLabels.getOrDefault(l, 0L);
      if (now > before) {
        delta.put(l, now - before);
        seenLabels.put(l, now);
      }
    });
    // Shadow and output counters are read a moment after the window counters: clamp so that a request
    // counted in one but not yet the other never makes the evidence inconsistent.
    long dOos = Math.min(oos - seenOos, Math.max(0, acc[0] - acc[1]));
    long dsc = sc - seenShadowCompared;
    long dsd = Math.min(sd - seenShadowDisagreed, dsc);
    seenOos += dOos;
    seenShadowCompared += dsc;
    seenShadowDisagreed += dsd;
    return SlidingWindowMetrics.evidence(acc, dOos, delta, dsc, dsd);
  }
}
