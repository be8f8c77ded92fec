package io.intentops.router;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.router.internal.DefaultRouter;
import io.intentops.router.judge.JudgeConfig;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Routes each request to one of several versions of a model and keeps the candidates honest.
 *
 * <p>A request's routing key (user, session, tenant) is hashed with murmur3 into one of 10000 buckets;
 * candidates own consecutive bucket ranges starting at 0 in their state order and the stable version
 * owns the rest, so a key on a candidate stays there while that candidate's weight only grows.
 * Requests without a key draw a bucket from a seeded generator. Overrides force a version for a
 * segment or key. A failing or slow non-stable version is answered by the stable version (configurable)
 * and the failure counts as its server error; {@link io.intentops.core.InvalidInputException} is a
 * client error and is rethrown without fallback or SLO effect.
 *
 * <p>The request path takes no locks. Thread-safe. Closing stops shadow and scheduled work; it does
 * not close the predictors, which the caller owns.
 *
 * @param <I> input type
 * @param <O> output type
 */
public interface Router<I, O> extends AutoCloseable {

  /** A new builder. */
  static <I, O> Builder<I, O> builder() {
    return new Builder<>();
  }

  /** Predicts {@code input} with the version chosen for {@code routingKey} (null: random bucket). */
  O predict(@Nullable String routingKey, I input);

  /** Like {@link #predict} and reports which version answered and whether it fell back. */
  Routed<O> route(@Nullable String routingKey, I input);

  /** Like {@link #route(String, Object)}; {@code segment} (tenant, test user, header value) is matched against overrides first. */
  Routed<O> route(@Nullable String routingKey, @Nullable String segment, I input);

  /** The version a request would be sent to, without predicting. Allocation-free for ASCII keys. */
  ModelVersion select(@Nullable String routingKey, @Nullable String segment);

  /** The routing state this router currently applies. */
  RoutingState state();

  /** Every registered version. */
  Set<ModelVersion> versions();

  /** Operator actions: rollouts, weights, promotion, pause, abort, overrides. */
  RolloutControl rollout();

  /** The canary judge's evaluation and rollback driver, with the judge's decision log. */
  RollbackController controller();

  /** Records a business outcome of a request answered by {@code version} for A/B tests. */
  void recordOutcome(ModelVersion version, Outcome outcome);

  /** Two-proportion z-test of {@code metric} between two versions, using the configured alpha and minimum samples. */
  AbTestResult abTest(Outcome.Metric metric, ModelVersion control, ModelVersion treatment);

  /** Shadow traffic counters; all zero without a shadow configuration. */
  ShadowStats shadowStats();

  /** Adds a listener; see {@link RouterListener} for the exception policy. */
  void addListener(RouterListener listener);

  /** Stops the shadow executor and scheduled ticks. Idempotent. */
  @Override
  void close();

  /**
   * Builds a {@link Router}. Register every version that may receive traffic, name the stable one, and
   * optionally start candidates. When the store already holds a state (another process created it),
   * that state wins over the builder's initial weights. Not thread-safe.
   *
   * @param <I> input type
   * @param <O> output type
   */
  final class Builder<I, O> {
    private final Map<ModelVersion, Predictor<I, O>> versions = new LinkedHashMap<>();
    private @Nullable ModelVersion stable;
    private final Map<ModelVersion, CandidateSpec> candidates = new LinkedHashMap<>();
    private final Map<String, ModelVersion> overrides = new LinkedHashMap<>();
    private RouterConfig config = RouterConfig.ofDefaults();
    private SloConfig slo = SloConfig.ofDefaults();
    private Clock clock = Clock.system();
    private RoutingStateStore store = RoutingStateStore.inMemory();
    private final List<RouterListener> listeners = new ArrayList<>();
    private @Nullable ShadowConfig<O> shadow;
    private java.util.concurrent.@Nullable ExecutorService timeoutExecutor;
    private TrafficGate trafficGate = TrafficGate.ALLOW_ALL;
    private JudgeConfig judge = JudgeConfig.ofDefaults();
    private @Nullable Function<? super O, String> labelOf;
    private @Nullable Predicate<? super O> outOfScope;
    private List<I> warmUp = List.of();
    private @Nullable String fleetInstance;
    private @Nullable EvidenceExchange exchange;

    private Builder() {}

    /** Registers a predictor under its {@link Predictor#version()}. */
    public Builder<I, O> version(Predictor<I, O> predictor) {
      return version(predictor.version(), predictor);
    }

    /** Registers a predictor under {@code version}. */
    public Builder<I, O> version(ModelVersion version, Predictor<I, O> predictor) {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(predictor, "predictor");
      if (versions.putIfAbsent(version, predictor) != null) {
        throw new ConfigurationException("Version " + version + " is registered twice");
      }
      return this;
    }

    /** The stable ("blue") version. Required. */
    public Builder<I, O> stable(ModelVersion version) {
      this.stable = Objects.requireNonNull(version, "stable");
      return this;
    }

    /** A candidate at a fixed weight in basis points. */
    public Builder<I, O> candidate(ModelVersion version, int weightBps) {
      return candidate(CandidateSpec.fixed(Objects.requireNonNull(version, "candidate"), weightBps));
    }

    /** A candidate following a step plan. */
    public Builder<I, O> candidate(ModelVersion version, RolloutPlan plan) {
      return candidate(CandidateSpec.plan(Objects.requireNonNull(version, "candidate"), plan));
    }

    /** A candidate as {@code spec} describes it; a second spec for the same version replaces the first. */
    public Builder<I, O> candidate(CandidateSpec spec) {
      candidates.put(Objects.requireNonNull(spec, "spec").version(), spec);
      return this;
    }

    /**
     * Requests every non-stable version must answer before it receives traffic (at build, {@link
     * RolloutControl#startRollout}, {@link RolloutControl#setWeight} from zero, an override): each input
     * runs through the version and through the stable version, off the SLO counters. A warm-up failure
     * refuses the change ({@link RolloutStateException}) and nothing changes. The latencies are kept
     * ({@link RollbackController#warmUp}) and stable's seed the judge's reference for relative rules.
     * Default: none.
     */
    public Builder<I, O> warmUp(List<? extends I> inputs) {
      this.warmUp = List.copyOf(inputs);
      return this;
    }

    /**
     * Fleet mode: this router is {@code instance} of a fleet that shares {@code exchange} (and, for the
     * exactly-one rollback, one {@link #store}); its judge decides on the fleet's merged evidence.
     * Every instance must tick. See {@link EvidenceExchange}.
     */
    public Builder<I, O> fleet(String instance, EvidenceExchange exchange) {
      this.fleetInstance = Objects.requireNonNull(instance, "instance");
      this.exchange = Objects.requireNonNull(exchange, "exchange");
      return this;
    }

    /** How the canary judge decides rollbacks and step advances. Default: {@link JudgeConfig#ofDefaults()}. */
    public Builder<I, O> judge(JudgeConfig judge) {
      this.judge = Objects.requireNonNull(judge, "judge");
      return this;
    }

    /**
     * The predicted label of an output, for the judge's {@link io.intentops.router.judge.JudgeRule.Kind#LABEL_SHIFT}
     * guardrail (an intent name, an entity type). Runs on the request thread after each successful
     * prediction; must be cheap. Without it, label rules are left out.
     */
    public Builder<I, O> outputLabels(Function<? super O, String> labelOf) {
      this.labelOf = Objects.requireNonNull(labelOf, "labelOf");
      return this;
    }

    /**
     * Whether an output is out of scope, for the judge's {@link
     * io.intentops.router.judge.JudgeRule.Kind#OUT_OF_SCOPE_ABOVE_STABLE} guardrail. Runs on the request
     * thread after each successful prediction. Without it, out-of-scope rules are left out.
     */
    public Builder<I, O> outOfScope(Predicate<? super O> isOutOfScope) {
      this.outOfScope = Objects.requireNonNull(isOutOfScope, "isOutOfScope");
      return this;
    }

    /** Forces {@code segment} to {@code version}. */
    public Builder<I, O> override(String segment, ModelVersion version) {
      overrides.put(Objects.requireNonNull(segment, "segment"), Objects.requireNonNull(version, "version"));
      return this;
    }

    public Builder<I, O> config(RouterConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder<I, O> slo(SloConfig slo) {
      this.slo = Objects.requireNonNull(slo, "slo");
      return this;
    }

    public Builder<I, O> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder<I, O> store(RoutingStateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder<I, O> listener(RouterListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder<I, O> shadow(ShadowConfig<O> shadow) {
      this.shadow = Objects.requireNonNull(shadow, "shadow");
      return this;
    }

    /**
     * Consults {@code gate} before any change that gives a version traffic, including the versions this
     * router starts with (see {@link TrafficGate}). Default: {@link TrafficGate#ALLOW_ALL}.
     */
    public Builder<I, O> trafficGate(TrafficGate gate) {
      this.trafficGate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    /**
     * Runs non-stable predictions on {@code executor} so that the caller stops waiting after {@link
     * RouterConfig#fallbackTimeout()} (the slow call is cancelled with an interrupt) and stable
     * answers. Without it the timeout is judged after the call returns. The caller owns the executor;
     * a rejected task counts as a server error of the candidate. Requires a fallback timeout.
     */
    public Builder<I, O> timeoutExecutor(java.util.concurrent.ExecutorService executor) {
      this.timeoutExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws ConfigurationException for a missing or unregistered stable version, unknown candidates,
     *     weights outside [0, 10000] or summing above 10000, or a stored state naming unregistered versions
     * @throws TrafficRefusedException if the traffic gate refuses a version the router would start with
     */
    public Router<I, O> build() {
      if (stable == null) {
        throw new ConfigurationException("Router needs a stable version: call stable(version)");
      }
      if (timeoutExecutor != null && config.fallbackTimeout() == null) {
        throw new ConfigurationException("timeoutExecutor needs RouterConfig.fallbackTimeout to be set");
      }
      return new DefaultRouter<>(
          versions, stable, List.copyOf(candidates.values()), overrides, config, slo, clock, store, listeners, shadow,
          timeoutExecutor, trafficGate, judge, labelOf, outOfScope, warmUp, fleetInstance, exchange);
    }
  }
}
