package io.intentops.router.internal;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.StoreException;
import io.intentops.router.AbTest;
import io.intentops.router.TrafficGate;
import io.intentops.router.AbTestResult;
import io.intentops.router.CandidateSpec;
import io.intentops.router.EvidenceExchange;
import io.intentops.router.CandidateState;
import io.intentops.router.Outcome;
import io.intentops.router.RollbackController;
import io.intentops.router.RolloutControl;
import io.intentops.router.RolloutPlan;
import io.intentops.router.Routed;
import io.intentops.router.Router;
import io.intentops.router.RouterConfig;
import io.intentops.router.RouterListener;
import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import io.intentops.router.ShadowConfig;
import io.intentops.router.ShadowStats;
import io.intentops.router.SloConfig;
import io.intentops.router.judge.CanaryJudge;
import io.intentops.router.judge.JudgeConfig;
import io.intentops.router.judge.JudgeRule;
import java.util.HashSet;
import java.util.function.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Router} implementation, a facade over its parts: {@link RequestPath} (lock-free request
 * path), {@link OperatorActions} (rollouts, weights, promotion, overrides, warm-up), {@link Evaluator}
 * (ticks: the canary judge, rollbacks, bake, plan steps) and {@link RouterCore} (versions, routing
 * table, store with compare-and-set and traffic gate, listeners).
 */
public final class DefaultRouter<I, O> implements Router<I, O> {
  private final RouterConfig config;
  private final Map<ModelVersion, VersionSlot<I, O>> slots;
  private final RouterCore<I, O> core;
  private final OperatorActions<I, O> actions;
  private final RequestPath<I, O> requests;
  private final Evaluator<I, O> evaluator;
  private final @Nullable ShadowRunner<I, O> shadow;

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
    this.config = config;
    SeededRandom random = new SeededRandom(config.randomSeed());
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
    this.core = new RouterCore<>(clock, config, slo, store, slots, gate, listeners);
    this.actions = new OperatorActions<>(core, warmUpInputs);
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
    core.checkInitial(adopted);
    for (ModelVersion v : adopted.weights().keySet()) {
      if (adopted.weightOf(v) > 0 && !v.equals(adopted.stable())) {
        actions.warmUp(v, adopted.stable()); // before the first request can reach it
      }
    }
    for (ModelVersion v : adopted.overrides().values()) {
      actions.warmUp(v, adopted.stable());
    }
    core.table.set(new RoutingTable<>(adopted, slots));
    this.requests = new RequestPath<>(core, random, timeoutExecutor, labelOf, outOfScope);
    this.evaluator = new Evaluator<>(core, actions.warmUps, fleetInstance, exchange);

    if (shadowConfig != null) {
      requireRegistered(shadowConfig.version(), "shadow version");
      this.shadow = new ShadowRunner<>(shadowConfig, slots.get(shadowConfig.version()), random, requests);
      requests.shadow = shadow;
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

  @Override
  public O predict(@Nullable String routingKey, I input) {
    return requests.predict(routingKey, input);
  }

  @Override
  public Routed<O> route(@Nullable String routingKey, I input) {
    return requests.route(routingKey, input);
  }

  @Override
  public Routed<O> route(@Nullable String routingKey, @Nullable String segment, I input) {
    return requests.route(routingKey, segment, input);
  }

  @Override
  public ModelVersion select(@Nullable String routingKey, @Nullable String segment) {
    return requests.select(routingKey, segment);
  }

  @Override
  public RoutingState state() {
    return core.state();
  }

  @Override
  public Set<ModelVersion> versions() {
    return slots.keySet();
  }

  @Override
  public RolloutControl rollout() {
    return actions;
  }

  @Override
  public RollbackController controller() {
    return evaluator;
  }


  @Override
  public void recordOutcome(ModelVersion version, Outcome outcome) {
    core.slot(version).outcomes[outcome.ordinal()].increment();
  }

  @Override
  public AbTestResult abTest(Outcome.Metric metric, ModelVersion control, ModelVersion treatment) {
    long[] c = counts(core.slot(control), metric);
    long[] t = counts(core.slot(treatment), metric);
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
  public void addListener(RouterListener listener) {
    core.addListener(listener);
  }

  /** Listener exceptions caught so far. */
  public long listenerFailures() {
    return core.listenerFailures();
  }

  @Override
  public void close() {
    if (core.closed) {
      return;
    }
    core.closed = true;
    evaluator.cancelSchedules();
    if (shadow != null) {
      shadow.close();
    }
  }
}
