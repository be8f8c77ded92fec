package io.intentops.router.internal;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InferenceException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.StoreException;
import io.intentops.router.AbTest;
import io.intentops.router.TrafficChange;
import io.intentops.router.TrafficGate;
import io.intentops.router.TrafficRefusedException;
import io.intentops.router.AbTestResult;
import io.intentops.router.CandidateSpec;
import io.intentops.router.EvidenceExchange;
import io.intentops.router.CandidateState;
import io.intentops.router.Outcome;
import io.intentops.router.RequestOutcome;
import io.intentops.router.RollbackController;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RolloutControl;
import io.intentops.router.RolloutPlan;
import io.intentops.router.RolloutStateException;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RouterConfig;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import io.intentops.router.ShadowConfig;
import io.intentops.router.ShadowStats;
import io.intentops.router.SloConfig;
import io.intentops.router.SloRule;
import io.intentops.router.WarmUp;
import io.intentops.router.WindowSnapshot;
import io.intentops.router.judge.CanaryJudge;
import io.intentops.router.judge.Decision;
import io.intentops.router.judge.Evidence;
import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.JudgeRule;
import io.intentops.router.judge.RuleVerdict;
import io.intentops.router.judge.Verdict;
import java.util.HashSet;
import java.util.function.Predicate;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Router} implementation. The request path reads one volatile {@link RoutingTable}, hashes
 * the key, calls the predictor and increments atomic per-second buckets: no locks. Management
 * operations and ticks commit through the store with compare-and-set and then publish a new table.
 */
public final class DefaultRouter<I, O> implements Router<I, O>, RolloutControl, RollbackController {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRouter.class);
  private static final int MAX_CAS_ATTEMPTS = 1_000;

  private final Clock clock;
  private final RouterConfig config;
  private final SloConfig slo;
  private final RoutingStateStore store;
  private final Map<ModelVersion, VersionSlot<I, O>> slots;
  private final AtomicReference<RoutingTable<I, O>> table = new AtomicReference<>();
  private final SeededRandom random;
  private final @Nullable ShadowRunner<I, O> shadow;
  private final long timeoutNanos;
  private final @Nullable ExecutorService timeoutExecutor;
  private final Object tickLock = new Object();
  private final List<ScheduledFuture<?>> schedules = Collections.synchronizedList(new ArrayList<>());
  private final LongAdder listenerFailures = new LongAdder();
  private final TrafficGate gate;
  private volatile RouterListener[] listeners;
  private volatile boolean closed;
  private final @Nullable Function<? super O, String> labelOf;
  private final @Nullable Predicate<? super O> outOfScope;
  private final List<I> warmUpInputs;
  private final @Nullable String fleetInstance;
  private final @Nullable EvidenceExchange exchange;
  private final Map<ModelVersion, WarmUp> warmUps = new java.util.concurrent.ConcurrentHashMap<>();
  private @Nullable ModelVersion lastStable; // guarded by the tick lock
  private @Nullable Bake bake; // guarded by the tick lock

  public DefaultRouter(
      Map<ModelVersion, Predictor<I, O>> versions,
      ModelVersion stable,
      List<CandidateSpec> candidates,
      Map<String, ModelVersion> overrides,
      RouterConfig config,
      SloConfig slo,
      Clock clock,
      RoutingStateStore store,
      List<RouterListener> listeners,
      @Nullable ShadowConfig<O> shadowConfig,
      @Nullable ExecutorService timeoutExecutor,
      TrafficGate gate,
      JudgeConfig judgeConfig,
      @Nullable Function<? super O, String> labelOf,
      @Nullable Predicate<? super O> outOfScope,
      List<I> warmUpInputs,
      @Nullable String fleetInstance,
      @Nullable EvidenceExchange exchange) {
    this.fleetInstance = fleetInstance;
    this.exchange = exchange;
    this.warmUpInputs = List.copyOf(warmUpInputs);
    this.timeoutExecutor = timeoutExecutor;
    this.labelOf = labelOf;
    this.outOfScope = outOfScope;
    this.gate = gate;
    this.clock = clock;
    this.config = config;
    this.slo = slo;
    this.store = store;
    this.listeners = listeners.toArray(new RouterListener[0]);
    this.random = new SeededRandom(config.randomSeed());
    Duration timeout = config.fallbackTimeout();
    this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
    if (versions.isEmpty()) {
      throw new ConfigurationException("Router needs at least one registered version");
    }
    long now = clock.millis();
    Map<ModelVersion, VersionSlot<I, O>> s = new LinkedHashMap<>();
    Set<JudgeRule.Kind> kinds = new HashSet<>(CanaryJudge.basicKinds());
    if (labelOf != null) {
      kinds.add(JudgeRule.Kind.LABEL_SHIFT);
    }
    if (outOfScope != null) {
      kinds.add(JudgeRule.Kind.OUT_OF_SCOPE_ABOVE_STABLE);
    }
    Set<JudgeRule.Kind> shadowKinds = new HashSet<>(kinds);
    shadowKinds.add(JudgeRule.Kind.SHADOW_DISAGREEMENT);
    ModelVersion shadowed = shadowConfig == null ? null : shadowConfig.version();
    versions.forEach((v, p) -> s.put(v, new VersionSlot<>(v, p, slo, judgeConfig,
        v.equals(shadowed) ? shadowKinds : kinds, now)));
    this.slots = Collections.unmodifiableMap(s);
    requireRegistered(stable, "stable version");
    overrides.values().forEach(v -> requireRegistered(v, "override target"));

    RoutingState initial = initialState(stable, candidates, overrides, now);
    RoutingState current = store.load().orElse(null);
    if (current == null && !store.compareAndSet(0, initial)) {
      current = store.load().orElseThrow(() -> new StoreException("Lost the first write to " + store.describe()));
    }
    RoutingState adopted = current == null ? initial : current;
    for (ModelVersion v : adopted.weights().keySet()) {
      requireRegistered(v, "version in " + store.describe());
    }
    checkInitial(adopted);
    for (ModelVersion v : adopted.weights().keySet()) {
      if (adopted.weightOf(v) > 0 && !v.equals(adopted.stable())) {
        warmUp(v, adopted.stable()); // before the first request can reach it
      }
    }
    for (ModelVersion v : adopted.overrides().values()) {
      warmUp(v, adopted.stable());
    }
    this.table.set(new RoutingTable<>(adopted, slots));
    this.lastStable = adopted.stable();
    synchronized (tickLock) {
      for (CandidateState c : adopted.candidates()) {
        slots.get(c.version()).watched = c.phase().isActive();
      }
    }

    if (shadowConfig != null) {
      requireRegistered(shadowConfig.version(), "shadow version");
      this.shadow = new ShadowRunner<>(shadowConfig, slots.get(shadowConfig.version()), random, this);
    } else {
      this.shadow = null;
    }
  }

  private RoutingState initialState(
      ModelVersion stable, List<CandidateSpec> candidates, Map<String, ModelVersion> overrides, long now) {
    List<CandidateState> list = new ArrayList<>();
    long sum = 0;
    for (CandidateSpec spec : candidates) {
      ModelVersion v = spec.version();
      requireRegistered(v, "candidate");
      if (v.equals(stable)) {
        throw new ConfigurationException("Version " + v + " cannot be both stable and a candidate");
      }
      CandidateState c;
      RolloutPlan plan = spec.plan();
      if (plan != null) {
        c = new CandidateState(v, spec.weightBps(), CandidateState.Phase.RAMPING, plan, 0, now, null);
      } else {
        c = new CandidateState(v, spec.weightBps(), CandidateState.Phase.FIXED, null, 0, now, null);
      }
      sum += c.weightBps();
      list.add(c);
    }
    if (sum > RoutingState.TOTAL_BPS) {
      throw new ConfigurationException("Candidate weights sum to " + sum + " bps; at most 10000 allowed");
    }
    return new RoutingState(1, stable, list, overrides, Instant.ofEpochMilli(now));
  }

  private void requireRegistered(ModelVersion v, String role) {
    if (!slots.containsKey(v)) {
      throw new ConfigurationException("The " + role + " " + v + " is not registered; registered: " + slots.keySet());
    }
  }

  // ---------------------------------------------------------------- request path

  @Override
  @SuppressWarnings("unchecked")
  public O predict(@Nullable String routingKey, I input) {
    return (O) dispatch(routingKey, null, input, false);
  }

  @Override
  public Routed<O> route(@Nullable String routingKey, I input) {
    return route(routingKey, null, input);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Routed<O> route(@Nullable String routingKey, @Nullable String segment, I input) {
    return (Routed<O>) dispatch(routingKey, segment, input, true);
  }

  /** The request path; returns the bare output, or a {@link Routed} when asked (predict() allocates nothing). */
  private Object dispatch(@Nullable String routingKey, @Nullable String segment, I input, boolean routed) {
    if (closed) {
      throw new InferenceException("Router is closed");
    }
    RoutingTable<I, O> t = table.get();
    VersionSlot<I, O> chosen = pick(t, routingKey, segment);
    VersionSlot<I, O> stable = t.stable;
    if (chosen == stable) {
      O out = callStable(stable, input);
      if (shadow != null) {
        shadow.maybeMirror(input, out);
      }
      return routed ? new Routed<>(out, stable.version, stable.version, false) : out;
    }
    long t0 = clock.nanoTime();
    O out;
    try {
      out = timeoutExecutor == null ? chosen.predictor.predict(input) : callBounded(chosen, input);
      if (out == null) {
        throw new InferenceException("Version " + chosen.version + " returned null");
      }
    } catch (InvalidInputException e) {
      record(chosen, RequestOutcome.CLIENT_ERROR, clock.nanoTime() - t0);
      throw e;
    } catch (RuntimeException e) {
      long elapsed = clock.nanoTime() - t0;
      record(chosen, RequestOutcome.SERVER_ERROR, e instanceof TimedOut ? Math.max(elapsed, timeoutNanos) : elapsed);
      if (!config.fallbackToStable()) {
        throw e;
      }
      return fallback(chosen, stable, input, routed);
    }
    long latency = clock.nanoTime() - t0;
    if (timeoutNanos > 0 && latency > timeoutNanos) {
      record(chosen, RequestOutcome.SERVER_ERROR, latency);
      if (!config.fallbackToStable()) {
        throw new InferenceException("Version " + chosen.version + " took " + latency / 1_000_000
            + " ms, over the fallback timeout of " + timeoutNanos / 1_000_000 + " ms");
      }
      return fallback(chosen, stable, input, routed);
    }
    record(chosen, RequestOutcome.SUCCESS, latency);
    observeOutput(chosen, out);
    return routed ? new Routed<>(out, chosen.version, chosen.version, false) : out;
  }

  /** Why: the caller must stop waiting for a hung candidate; the interrupt is best effort. */
  private O callBounded(VersionSlot<I, O> slot, I input) {
    Future<O> f;
    try {
      f = timeoutExecutor.submit(() -> slot.predictor.predict(input));
    } catch (RejectedExecutionException e) {
      throw new InferenceException("Version " + slot.version + ": timeout executor rejected the call", e);
    }
    try {
      return f.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new TimedOut("Version " + slot.version + " did not answer within " + timeoutNanos / 1_000_000 + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new InferenceException("Version " + slot.version + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new InferenceException("Interrupted while waiting for version " + slot.version, e);
    }
  }

  /** A candidate that did not answer within the fallback timeout. */
  private static final class TimedOut extends InferenceException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message);
    }
  }

  private Object fallback(VersionSlot<I, O> from, VersionSlot<I, O> stable, I input, boolean routed) {
    for (RouterListener l : listeners) {
      try {
        l.onFallback(from.version, stable.version);
      } catch (RuntimeException e) {
        listenerFailed(l, e);
      }
    }
    O out = callStable(stable, input);
    return routed ? new Routed<>(out, stable.version, from.version, true) : out;
  }

  private O callStable(VersionSlot<I, O> stable, I input) {
    long t0 = clock.nanoTime();
    O out;
    try {
      out = stable.predictor.predict(input);
      if (out == null) {
        throw new InferenceException("Version " + stable.version + " returned null");
      }
    } catch (InvalidInputException e) {
      record(stable, RequestOutcome.CLIENT_ERROR, clock.nanoTime() - t0);
      throw e;
    } catch (RuntimeException e) {
      record(stable, RequestOutcome.SERVER_ERROR, clock.nanoTime() - t0);
      throw e;
    }
    record(stable, RequestOutcome.SUCCESS, clock.nanoTime() - t0);
    observeOutput(stable, out);
    return out;
  }

  /** Shadow path: predicts and records, returning null on any failure. */
  @Nullable O callRecorded(VersionSlot<I, O> slot, I input) {
    long t0 = clock.nanoTime();
    try {
      O out = slot.predictor.predict(input);
      long latency = clock.nanoTime() - t0;
      boolean late = timeoutNanos > 0 && latency > timeoutNanos;
      record(slot, out == null || late ? RequestOutcome.SERVER_ERROR : RequestOutcome.SUCCESS, latency);
      if (out != null && !late) {
        observeOutput(slot, out);
      }
      return late ? null : out;
    } catch (InvalidInputException e) {
      record(slot, RequestOutcome.CLIENT_ERROR, clock.nanoTime() - t0);
    } catch (RuntimeException e) {
      record(slot, RequestOutcome.SERVER_ERROR, clock.nanoTime() - t0);
    }
    return null;
  }

  /** Quality guardrail inputs: the label and out-of-scope flag of a successful output (user functions; failures ignored). */
  private void observeOutput(VersionSlot<I, O> slot, O out) {
    try {
      if (labelOf != null) {
        String label = labelOf.apply(out);
        slot.recordLabel(label == null ? "(null)" : label);
      }
      if (outOfScope != null && outOfScope.test(out)) {
        slot.outOfScope.increment();
      }
    } catch (RuntimeException e) {
      // A broken label function must not fail the request; the guardrail simply sees fewer outputs.
      listenerFailures.increment();
    }
  }

  private VersionSlot<I, O> pick(RoutingTable<I, O> t, @Nullable String key, @Nullable String segment) {
    if (!t.overrides.isEmpty()) {
      VersionSlot<I, O> forced = segment == null ? null : t.overrides.get(segment);
      if (forced == null && key != null) {
        forced = t.overrides.get(key);
      }
      if (forced != null) {
        return forced;
      }
    }
    if (t.upper.length == 0) {
      return t.stable;
    }
    int bucket = key == null ? random.nextInt(Bucketing.BUCKETS) : Bucketing.bucket(key, config.salt());
    return t.forBucket(bucket);
  }

  private void record(VersionSlot<I, O> slot, RequestOutcome outcome, long latencyNanos) {
    slot.metrics.record(clock.millis(), outcome, latencyNanos);
    for (RouterListener l : listeners) {
      try {
        l.onRequest(slot.version, outcome, latencyNanos);
      } catch (RuntimeException e) {
        listenerFailed(l, e);
      }
    }
  }

  @Override
  public ModelVersion select(@Nullable String routingKey, @Nullable String segment) {
    return pick(table.get(), routingKey, segment).version;
  }

  // ---------------------------------------------------------------- state

  @Override
  public RoutingState state() {
    return table.get().state;
  }

  @Override
  public Set<ModelVersion> versions() {
    return slots.keySet();
  }

  @Override
  public RolloutControl rollout() {
    return this;
  }

  @Override
  public RollbackController controller() {
    return this;
  }

  private void publish(RoutingState s) {
    RoutingTable<I, O> compiled = new RoutingTable<>(s, slots);
    table.updateAndGet(t -> s.revision() > t.state.revision() ? compiled : t);
  }

  /** Compare-and-set loop: recompute the change from the freshest stored state until it commits. */
  private RoutingState update(Function<RoutingState, Transitions.@Nullable Change> transition) {
    return update(transition, null);
  }

  private RoutingState update(Function<RoutingState, Transitions.@Nullable Change> transition,
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
  private void checkInitial(RoutingState s) {
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

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private void requireRegistered(ModelVersion v) {
    if (!slots.containsKey(v)) {
      throw new RolloutStateException(
          "Version " + v + " is not registered in this router; registered: " + slots.keySet());
    }
  }

  @Override
  public RoutingState startRollout(ModelVersion candidate, RolloutPlan plan) {
    Objects.requireNonNull(plan, "plan");
    requireRegistered(candidate);
    warmUp(candidate, state().stable());
    return update(s -> Transitions.startRollout(s, candidate, plan, now()));
  }

  @Override
  public RoutingState setWeight(ModelVersion candidate, int weightBps) {
    requireRegistered(candidate);
    if (weightBps > 0) {
      warmUp(candidate, state().stable());
    }
    return update(s -> Transitions.setWeight(s, candidate, weightBps, now()));
  }

  @Override
  public RoutingState promote(ModelVersion candidate) {
    return update(s -> Transitions.promote(s, candidate, now()));
  }

  @Override
  public RoutingState pause(ModelVersion candidate) {
    return update(s -> Transitions.pause(s, candidate, now()));
  }

  @Override
  public RoutingState resume(ModelVersion candidate) {
    return update(s -> Transitions.resume(s, candidate, now()));
  }

  @Override
  public RoutingState abort(ModelVersion candidate, String reason) {
    Objects.requireNonNull(reason, "reason");
    return update(s -> {
      Instant at = now();
      return Transitions.abort(s, candidate,
          new RollbackRecord(EnumSet.of(SloRule.MANUAL_ABORT), List.of(), "Aborted by operator: " + reason, at), at);
    });
  }

  @Override
  public RoutingState override(String segment, @Nullable ModelVersion version) {
    Objects.requireNonNull(segment, "segment");
    if (version != null) {
      requireRegistered(version);
      warmUp(version, state().stable());
    }
    return update(s -> Transitions.override(s, segment, version, now()));
  }

  // ---------------------------------------------------------------- evaluation

  @Override
  public void tick() {
    synchronized (tickLock) {
      long nowMillis = clock.millis();
      Instant now = Instant.ofEpochMilli(nowMillis);
      refresh();
      RoutingState st = table.get().state;
      Map<ModelVersion, Evidence> evidence = new LinkedHashMap<>();
      Map<ModelVersion, List<WindowSnapshot>> closed = new LinkedHashMap<>();
      for (VersionSlot<I, O> slot : slots.values()) {
        long[] acc = new long[slot.metrics.cells()];
        closed.put(slot.version, slot.metrics.advanceTo(nowMillis, acc));
        Evidence local = slot.evidence(acc);
        // Fleet mode: judge what the whole fleet recorded (each piece reaches this judge exactly once).
        evidence.put(slot.version, exchange == null ? local : exchange.exchange(fleetInstance, slot.version, local));
      }
      Evidence stableEvidence = evidence.get(st.stable());
      for (VersionSlot<I, O> slot : slots.values()) {
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
      long bakeMillis = config.bakePeriod().toMillis();
      // A revert itself changes the stable version; the version reverted to is not baked again.
      boolean reverted = st.candidate(lastStable).map(c -> c.phase() == CandidateState.Phase.REVERTED).orElse(false);
      bake = bakeMillis > 0 && !reverted && slots.containsKey(lastStable)
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
    VersionSlot<I, O> slot = slots.get(b.version());
    Decision d = slot.pendingRollback != null ? slot.pendingRollback
        : slot.judge.observe(Instant.ofEpochMilli(nowMillis), evidence.get(b.version()), evidence.get(b.previous()));
    if (d.verdict() != Verdict.BREACHING) {
      return;
    }
    slot.pendingRollback = d;
    Set<SloRule> rules = EnumSet.noneOf(SloRule.class);
    d.rules().stream().filter(r -> r.verdict() == Verdict.BREACHING).forEach(r -> rules.add(sloRule(r.rule())));
    String detail = "Bake period: " + b.version() + " breached within " + config.bakePeriod().toMinutes()
        + " min of its promotion; back to " + b.previous() + ". Canary judge: " + d.summary();
    try {
      update(s -> {
        Instant at = now();
        return Transitions.revert(s, b.version(), b.previous(), new RollbackRecord(rules, List.of(), detail, at), at);
      }, d);
    } catch (RuntimeException e) {
      LOG.error("Revert of {} to {} could not be committed to {}; retrying on the next tick", b.version(),
          b.previous(), store.describe(), e);
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
      update(s -> {
        Instant at = now();
        return Transitions.rollback(s, slot.version, new RollbackRecord(rules, lastWindows, detail, at), at);
      }, decision);
    } catch (RuntimeException e) {
      LOG.error("Rollback of {} could not be committed to {}; retrying on the next tick", slot.version,
          store.describe(), e);
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
    RoutingState st = table.get().state;
    for (CandidateState c : st.candidates()) {
      RolloutPlan plan = c.plan();
      if (c.phase() != CandidateState.Phase.RAMPING || plan == null) {
        continue;
      }
      VersionSlot<I, O> slot = slots.get(c.version());
      long hold = plan.steps().get(c.step()).hold().toMillis();
      boolean held = nowMillis - c.stepStartedAtMillis() >= hold;
      Decision last = slot.judge.last();
      // Only HEALTHY evidence gathered in this step advances it: a thin canary waits, never promotes blindly.
      boolean healthy = slot.stepKey == c.stepStartedAtMillis() && last != null && last.verdict() == Verdict.HEALTHY
          && slot.healthyWindowsInStep >= plan.minHealthyWindowsPerStep();
      if (held && healthy) {
        int step = c.step();
        try {
          update(s -> Transitions.advance(s, c.version(), step, now()));
        } catch (TrafficRefusedException e) {
          // The plan waits at its step; the gate is asked again on the next evaluation.
          LOG.warn("Step advance held: {}", e.getMessage());
        }
      }
    }
  }

  private void refresh() {
    try {
      store.load().ifPresent(this::publish);
    } catch (RuntimeException e) {
      LOG.warn("Cannot refresh routing state from {}; keeping revision {}: {}", store.describe(),
          table.get().state.revision(), e.getMessage());
    }
  }

  @Override
  public AutoCloseable schedule(ScheduledExecutorService scheduler, Duration period) {
    Objects.requireNonNull(scheduler, "scheduler");
    if (period.isNegative() || period.isZero() || period.compareTo(slo.windowLength()) >= 0) {
      throw new ConfigurationException("Tick period must be positive and shorter than the SLO window "
          + slo.windowLength() + ", got " + period);
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
    VersionSlot<I, O> slot = slot(version);
    synchronized (tickLock) {
      return slot.monitor.recent();
    }
  }

  /**
   * Runs the warm-up inputs through {@code v} and {@code stable} once per version (again after the stable
   * version changed). Why off the SLO counters: warm-up is not user traffic and must not move the judge.
   */
  private void warmUp(ModelVersion v, ModelVersion stable) {
    if (warmUpInputs.isEmpty() || v.equals(stable)) {
      return;
    }
    WarmUp done = warmUps.get(v);
    if (done != null && done.stable().equals(stable)) {
      return;
    }
    VersionSlot<I, O> cand = slots.get(v);
    VersionSlot<I, O> base = slots.get(stable);
    long[] c = new long[cand.metrics.cells()];
    long[] b = new long[base.metrics.cells()];
    for (int i = 0; i < warmUpInputs.size(); i++) {
      I in = warmUpInputs.get(i);
      warmOne(cand, in, i, c);
      warmOne(base, in, i, b);
    }
    WarmUp w = new WarmUp(v, stable, SlidingWindowMetrics.evidence(c, 0, Map.of(), 0, 0),
        SlidingWindowMetrics.evidence(b, 0, Map.of(), 0, 0), now());
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

  @Override
  public @Nullable WarmUp warmUp(ModelVersion version) {
    slot(version);
    return warmUps.get(version);
  }

  @Override
  public List<Decision> decisions(ModelVersion version) {
    VersionSlot<I, O> slot = slot(version);
    synchronized (tickLock) {
      return slot.judge.log();
    }
  }

  @Override
  public @Nullable Decision lastDecision(ModelVersion version) {
    VersionSlot<I, O> slot = slot(version);
    synchronized (tickLock) {
      return slot.judge.last();
    }
  }

  @Override
  public WindowSnapshot currentWindow(ModelVersion version) {
    return slot(version).metrics.current();
  }

  private VersionSlot<I, O> slot(ModelVersion version) {
    VersionSlot<I, O> s = slots.get(version);
    if (s == null) {
      throw new RolloutStateException("Version " + version + " is not registered");
    }
    return s;
  }

  // ---------------------------------------------------------------- A/B, shadow, listeners

  @Override
  public void recordOutcome(ModelVersion version, Outcome outcome) {
    slot(version).outcomes[outcome.ordinal()].increment();
  }

  @Override
  public AbTestResult abTest(Outcome.Metric metric, ModelVersion control, ModelVersion treatment) {
    long[] c = counts(slot(control), metric);
    long[] t = counts(slot(treatment), metric);
    return AbTest.compare(c[0], c[1], t[0], t[1], config.abAlpha(), config.abMinSamples());
  }

  private static long[] counts(VersionSlot<?, ?> slot, Outcome.Metric metric) {
    long pos = 0;
    long all = 0;
    for (Outcome o : Outcome.values()) {
      if (o.metric() == metric) {
        long n = slot.outcomes[o.ordinal()].sum();
        all += n;
        if (o.positive()) {
          pos += n;
        }
      }
    }
    return new long[] {pos, all};
  }

  @Override
  public ShadowStats shadowStats() {
    return shadow == null ? new ShadowStats(0, 0, 0, 0, 0) : shadow.stats();
  }

  @Override
  public synchronized void addListener(RouterListener listener) {
    Objects.requireNonNull(listener, "listener");
    RouterListener[] cur = listeners;
    RouterListener[] next = java.util.Arrays.copyOf(cur, cur.length + 1);
    next[cur.length] = listener;
    listeners = next;
  }

  /** Listener exceptions caught so far. */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  private void emit(RouterEvent event) {
    for (RouterListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        listenerFailed(l, e);
      }
    }
  }

  private void listenerFailed(RouterListener l, RuntimeException e) {
    listenerFailures.increment();
    if (LOG.isDebugEnabled() || listenerFailures.sum() <= 10) {
      LOG.warn("Router listener {} threw; ignored", l.getClass().getName(), e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (schedules) {
      schedules.forEach(f -> f.cancel(false));
      schedules.clear();
    }
    if (shadow != null) {
      shadow.close();
    }
  }
}
