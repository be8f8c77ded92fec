package io.intentops.router.internal;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.router.TrafficRefusedException;
import io.intentops.router.EvidenceExchange;
import io.intentops.router.CandidateState;
import io.intentops.router.RollbackController;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RolloutPlan;
import io.intentops.router.Router;
import io.intentops.router.RoutingState;
import io.intentops.router.SloRule;
import io.intentops.router.WarmUp;
import io.intentops.router.WindowSnapshot;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Evidence;
import io.intentops.router.judge.JudgeRule;
import io.intentops.router.judge.RuleVerdict;
import io.intentops.router.judge.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation ({@link RollbackController}): each tick folds the seconds that ended into the windows
 * and the judges' evidence (pooled with the fleet when an {@link EvidenceExchange} is set), rolls back
 * a candidate whose judge breaches, reverts a baking promotion that breaches, and advances plans whose
 * judge says HEALTHY. Ticks are serialised by the tick lock, which also guards the judges.
 */
final class Evaluator<I, O> implements RollbackController {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  private final RouterCore<I, O> core;
  private final Map<ModelVersion, WarmUp> warmUps;
  private final @Nullable String fleetInstance;
  private final @Nullable EvidenceExchange exchange;
  final Object tickLock = new Object();
  final List<ScheduledFuture<?>> schedules = Collections.synchronizedList(new ArrayList<>());
  private @Nullable ModelVersion lastStable; // guarded by the tick lock
  private @Nullable Bake bake; // guarded by the tick lock

  Evaluator(RouterCore<I, O> core, Map<ModelVersion, WarmUp> warmUps, @Nullable String fleetInstance,
      @Nullable EvidenceExchange exchange) {
    this.core = core;
    this.warmUps = warmUps;
    this.fleetInstance = fleetInstance;
    this.exchange = exchange;
    RoutingState adopted = core.table.get().state;
    this.lastStable = adopted.stable();
    synchronized (tickLock) {
      for (CandidateState c : adopted.candidates()) {
        core.slots.get(c.version()).watched = c.phase().isActive();
      }
    }
  }


  @Override
  public void tick() {
    synchronized (tickLock) {
      long nowMillis = core.clock.millis();
      Instant now = Instant.ofEpochMilli(nowMillis);
      core.refresh();
      RoutingState st = core.table.get().state;
      Map<ModelVersion, Evidence> evidence = new LinkedHashMap<>();
      Map<ModelVersion, List<WindowSnapshot>> closed = new LinkedHashMap<>();
      for (VersionSlot<I, O> slot : core.slots.values()) {
        long[] acc = new long[slot.metrics.cells()];
        closed.put(slot.version, slot.metrics.advanceTo(nowMillis, acc));
        Evidence local = slot.evidence(acc);
        // Fleet mode: judge what the whole fleet recorded (each piece reaches this judge exactly once).
        evidence.put(slot.version, exchange == null ? local : exchange.exchange(fleetInstance, slot.version, local));
      }
      Evidence stableEvidence = evidence.get(st.stable());
      for (VersionSlot<I, O> slot : core.slots.values()) {
        Optional<CandidateState> c = st.candidate(slot.version);
        boolean active = c.isPresent() && c.get().phase().isActive();
        if (active && !slot.watched) {
          // A new rollout: earlier evidence belongs to an earlier life.
          slot.monitor.reset();
          slot.judge.reset();
          WarmUp w = warmUps.get(slot.version);
          if (w != null && w.stable().equals(st.stable())) {
            slot.judge.seedBaseline(w.baseline()); // stable's latencies on the warm-up set: a reference from the start
          }
          slot.pendingRollback = null;
          slot.stepKey = Long.MIN_VALUE;
        }
        slot.watched = active;
        List<WindowSnapshot> windows = closed.get(slot.version);
        windows.forEach(slot.monitor::observe);
        if (!active) {
          continue;
        }
        if (c.get().stepStartedAtMillis() != slot.stepKey) {
          slot.judge.restartStep(now);
          slot.stepKey = c.get().stepStartedAtMillis();
          slot.healthyWindowsInStep = 0;
        }
        if (slot.pendingRollback == null) {
          Decision d = slot.judge.observe(now, evidence.get(slot.version), stableEvidence);
          if (d.verdict() == Verdict.BREACHING) {
            slot.pendingRollback = d;
          } else if (d.verdict() == Verdict.HEALTHY) {
            slot.healthyWindowsInStep += windows.size();
          }
        }
        if (slot.pendingRollback != null) {
          rollBack(slot, slot.pendingRollback); // retried on every tick until the store accepts it
        }
      }
      bake(st, nowMillis, evidence);
      advancePlans(nowMillis);
    }
  }

  /** A version in its bake period: promoted at {@code sinceMillis}, judged until {@code untilMillis}. */
  private record Bake(ModelVersion version, ModelVersion previous, long untilMillis) {}

  /**
   * Why in memory, not in the routing state: the bake is a judgement each instance makes from its own
   * evidence, and the revert it leads to commits with compare-and-set like a rollback (a no-op once
   * any instance has reverted). A router started during another's bake does not bake.
   */
  private void bake(RoutingState st, long nowMillis, Map<ModelVersion, Evidence> evidence) {
    ModelVersion stableNow = st.stable();
    if (lastStable != null && !stableNow.equals(lastStable)) {
      long bakeMillis = core.config.bakePeriod().toMillis();
      // A revert itself changes the stable version; the version reverted to is not baked again.
      boolean reverted = st.candidate(lastStable).map(c -> c.phase() == CandidateState.Phase.REVERTED).orElse(false);
      bake = bakeMillis > 0 && !reverted && core.slots.containsKey(lastStable)
          ? new Bake(stableNow, lastStable, nowMillis + bakeMillis) : null;
    }
    lastStable = stableNow;
    Bake b = bake;
    if (b == null) {
      return;
    }
    if (!b.version().equals(stableNow) || nowMillis > b.untilMillis()) {
      bake = null;
      return;
    }
    VersionSlot<I, O> slot = core.slots.get(b.version());
    Decision d = slot.pendingRollback != null ? slot.pendingRollback
        : slot.judge.observe(Instant.ofEpochMilli(nowMillis), evidence.get(b.version()), evidence.get(b.previous()));
    if (d.verdict() != Verdict.BREACHING) {
      return;
    }
    slot.pendingRollback = d;
    Set<SloRule> rules = EnumSet.noneOf(SloRule.class);
    d.rules().stream().filter(r -> r.verdict() == Verdict.BREACHING).forEach(r -> rules.add(sloRule(r.rule())));
    String detail = "Bake period: " + b.version() + " breached within " + core.config.bakePeriod().toMinutes()
        + " min of its promotion; back to " + b.previous() + ". Canary judge: " + d.summary();
    try {
      core.update(s -> {
        Instant at = core.now();
        return Transitions.revert(s, b.version(), b.previous(), new RollbackRecord(rules, List.of(), detail, at), at);
      }, d);
    } catch (RuntimeException e) {
      LOG.error("Revert of {} to {} could not be committed to {}; retrying on the next tick", b.version(),
          b.previous(), core.store.describe(), e);
      return;
    }
    slot.pendingRollback = null;
    bake = null;
  }

  private void rollBack(VersionSlot<I, O> slot, Decision decision) {
    Set<SloRule> rules = EnumSet.noneOf(SloRule.class);
    for (RuleVerdict r : decision.rules()) {
      if (r.verdict() == Verdict.BREACHING) {
        rules.add(sloRule(r.rule()));
      }
    }
    List<WindowSnapshot> recent = slot.monitor.recent();
    List<WindowSnapshot> lastWindows = recent.subList(Math.max(0, recent.size() - 5), recent.size());
    String detail = "Canary judge: " + decision.summary();
    try {
      core.update(s -> {
        Instant at = core.now();
        return Transitions.rollback(s, slot.version, new RollbackRecord(rules, lastWindows, detail, at), at);
      }, decision);
    } catch (RuntimeException e) {
      LOG.error("Rollback of {} could not be committed to {}; retrying on the next tick", slot.version,
          core.store.describe(), e);
      return;
    }
    slot.pendingRollback = null;
    slot.watched = false;
    slot.monitor.reset();
  }

  /** The rollback record's coarse rule for a judge rule (the record's detail names the exact rule). */
  static SloRule sloRule(JudgeRule rule) {
    return switch (rule.kind()) {
      case SERVER_ERRORS -> SloRule.SERVER_ERROR_RATE;
      case SLOW_REQUESTS -> Math.abs(rule.limit() - 0.05) < 1e-12 ? SloRule.P95_LATENCY : SloRule.SLOW_REQUESTS;
      case SLOWER_THAN_STABLE -> SloRule.SLOWER_THAN_STABLE;
      case ERRORS_ABOVE_STABLE -> SloRule.ERRORS_ABOVE_STABLE;
      case OUT_OF_SCOPE_ABOVE_STABLE -> SloRule.OUT_OF_SCOPE_SHIFT;
      case LABEL_SHIFT -> SloRule.LABEL_SHIFT;
      case SHADOW_DISAGREEMENT -> SloRule.SHADOW_DISAGREEMENT;
    };
  }

  private void advancePlans(long nowMillis) {
    RoutingState st = core.table.get().state;
    for (CandidateState c : st.candidates()) {
      RolloutPlan plan = c.plan();
      if (c.phase() != CandidateState.Phase.RAMPING || plan == null) {
        continue;
      }
      VersionSlot<I, O> slot = core.slots.get(c.version());
      long hold = plan.steps().get(c.step()).hold().toMillis();
      boolean held = nowMillis - c.stepStartedAtMillis() >= hold;
      Decision last = slot.judge.last();
      // Only HEALTHY evidence gathered in this step advances it: a thin canary waits, never promotes blindly.
      boolean healthy = slot.stepKey == c.stepStartedAtMillis() && last != null && last.verdict() == Verdict.HEALTHY
          && slot.healthyWindowsInStep >= plan.minHealthyWindowsPerStep();
      if (held && healthy) {
        int step = c.step();
        try {
          core.update(s -> Transitions.advance(s, c.version(), step, core.now()));
        } catch (TrafficRefusedException e) {
          // The plan waits at its step; the gate is asked again on the next evaluation.
          LOG.warn("Step advance held: {}", e.getMessage());
        }
      }
    }
  }

  @Override
  public AutoCloseable schedule(ScheduledExecutorService scheduler, Duration period) {
    Objects.requireNonNull(scheduler, "scheduler");
    if (period.isNegative() || period.isZero() || period.compareTo(core.slo.windowLength()) >= 0) {
      throw new ConfigurationException("Tick period must be positive and shorter than the SLO window "
          + core.slo.windowLength() + ", got " + period);
    }
    ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.warn("Router tick failed; the schedule continues", e);
      }
    }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    schedules.add(f);
    return () -> {
      f.cancel(false);
      schedules.remove(f);
    };
  }

  @Override
  public List<WindowSnapshot> recentWindows(ModelVersion version) {
    VersionSlot<I, O> slot = core.slot(version);
    synchronized (tickLock) {
      return slot.monitor.recent();
    }
  }

  @Override
  public @Nullable WarmUp warmUp(ModelVersion version) {
    core.slot(version);
    return warmUps.get(version);
  }

  @Override
  public List<Decision> decisions(ModelVersion version) {
    VersionSlot<I, O> slot = core.slot(version);
    synchronized (tickLock) {
      return slot.judge.log();
    }
  }

  @Override
  public @Nullable Decision lastDecision(ModelVersion version) {
    VersionSlot<I, O> slot = core.slot(version);
    synchronized (tickLock) {
      return slot.judge.last();
    }
  }

  @Override
  public WindowSnapshot currentWindow(ModelVersion version) {
    return core.slot(version).metrics.current();
  }

  /** Cancels the scheduled ticks (router close). */
  void cancelSchedules() {
    synchronized (schedules) {
      schedules.forEach(f -> f.cancel(false));
      schedules.clear();
    }
  }
}
