package io.intentops.router.internal;

import io.intentops.core.Clock;
import io.intentops.core.ModelVersion;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RolloutControl;
import io.intentops.router.RolloutPlan;
import io.intentops.router.RolloutStateException;
import io.intentops.router.RoutingState;
import io.intentops.router.SloRule;
import io.intentops.router.WarmUp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator actions ({@link RolloutControl}): each recomputes its transition from the freshest stored
 * state and commits it through {@link RouterCore#update}; a version is warmed up before it first gets
 * traffic.
 */
final class OperatorActions<I, O> implements RolloutControl {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorActions.class);

  private final RouterCore<I, O> core;
  private final Clock clock;
  private final List<I> warmUpInputs;
  final Map<ModelVersion, WarmUp> warmUps = new java.util.concurrent.ConcurrentHashMap<>();

  OperatorActions(RouterCore<I, O> core, List<I> warmUpInputs) {
    this.core = core;
    this.clock = core.clock;
    this.warmUpInputs = List.copyOf(warmUpInputs);
  }

  @Override
  public RoutingState startRollout(ModelVersion candidate, RolloutPlan plan) {
    Objects.requireNonNull(plan, "plan");
    core.requireRegistered(candidate);
    warmUp(candidate, core.state().stable());
    return core.update(s -> Transitions.startRollout(s, candidate, plan, core.now()));
  }

  @Override
  public RoutingState setWeight(ModelVersion candidate, int weightBps) {
    core.requireRegistered(candidate);
    if (weightBps > 0) {
      warmUp(candidate, core.state().stable());
    }
    return core.update(s -> Transitions.setWeight(s, candidate, weightBps, core.now()));
  }

  @Override
  public RoutingState promote(ModelVersion candidate) {
    return core.update(s -> Transitions.promote(s, candidate, core.now()));
  }

  @Override
  public RoutingState pause(ModelVersion candidate) {
    return core.update(s -> Transitions.pause(s, candidate, core.now()));
  }

  @Override
  public RoutingState resume(ModelVersion candidate) {
    return core.update(s -> Transitions.resume(s, candidate, core.now()));
  }

  @Override
  public RoutingState abort(ModelVersion candidate, String reason) {
    Objects.requireNonNull(reason, "reason");
    return core.update(s -> {
      Instant at = core.now();
      return Transitions.abort(s, candidate,
          new RollbackRecord(EnumSet.of(SloRule.MANUAL_ABORT), List.of(), "Aborted by operator: " + reason, at), at);
    });
  }

  @Override
  public RoutingState override(String segment, @Nullable ModelVersion version) {
    Objects.requireNonNull(segment, "segment");
    if (version != null) {
      core.requireRegistered(version);
      warmUp(version, core.state().stable());
    }
    return core.update(s -> Transitions.override(s, segment, version, core.now()));
  }

  /**
   * Runs the warm-up inputs through {@code v} and {@code stable} once per version (again after the stable
   * version changed). Why off the SLO counters: warm-up is not user traffic and must not move the judge.
   */
  void warmUp(ModelVersion v, ModelVersion stable) {
    if (warmUpInputs.isEmpty() || v.equals(stable)) {
      return;
    }
    WarmUp done = warmUps.get(v);
    if (done != null && done.stable().equals(stable)) {
      return;
    }
    VersionSlot<I, O> cand = core.slots.get(v);
    VersionSlot<I, O> base = core.slots.get(stable);
    long[] c = new long[cand.metrics.cells()];
    long[] b = new long[base.metrics.cells()];
    for (int i = 0; i < warmUpInputs.size(); i++) {
      I in = warmUpInputs.get(i);
      warmOne(cand, in, i, c);
      warmOne(base, in, i, b);
    }
    WarmUp w = new WarmUp(v, stable, SlidingWindowMetrics.evidence(c, 0, Map.of(), 0, 0),
        SlidingWindowMetrics.evidence(b, 0, Map.of(), 0, 0), core.now());
    warmUps.put(v, w);
    LOG.info("Warm-up of {} ({} requests) done; stable {} measured on the same inputs", v, warmUpInputs.size(), stable);
  }

  private void warmOne(VersionSlot<I, O> slot, I input, int index, long[] acc) {
    long t0 = clock.nanoTime();
    O out;
    try {
      out = slot.predictor.predict(input);
    } catch (RuntimeException e) {
      throw new RolloutStateException("Warm-up of " + slot.version + " failed on input #" + index + " ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); it receives no traffic");
    }
    if (out == null) {
      throw new RolloutStateException("Warm-up of " + slot.version + " returned null on input #" + index
          + "; it receives no traffic");
    }
    slot.metrics.addTo(acc, clock.nanoTime() - t0);
  }
}
