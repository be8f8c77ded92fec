package io.intentops.micrometer;

import io.intentops.core.ModelVersion;
import io.intentops.router.RequestOutcome;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-version Micrometer meters for a {@link Router}, all tagged {@code version}:
 *
 * <ul>
 *   <li>{@code intentops.router.requests} counter: every request to the version (including client
 *       errors and shadow requests)
 *   <li>{@code intentops.router.errors} counter, tag {@code type} = {@code server} or {@code client}
 *   <li>{@code intentops.router.latency} timer with p50/p95/p99 published
 *   <li>{@code intentops.router.weight} gauge: current weight in basis points
 *   <li>{@code intentops.router.rollbacks} counter: SLO rollbacks committed by this router
 *   <li>{@code intentops.router.fallbacks} counter: requests the version failed that stable answered
 * </ul>
 *
 * plus {@code intentops.router.shadow.dropped} (function counter, no version tag). Thread-safe; the
 * request hook does one map lookup and three meter updates.
 */
public final class RouterMetrics implements RouterListener {
  public static final String PREFIX = "intentops.router.";
  public static final String VERSION_TAG = "version";

  private final MeterRegistry registry;
  private final Map<ModelVersion, Meters> meters = new ConcurrentHashMap<>();

  private record Meters(Counter requests, Counter serverErrors, Counter clientErrors, Timer latency,
      Counter rollbacks, Counter fallbacks) {}

  private RouterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Creates the meters for every version of {@code router} and registers itself as a listener. */
  public static RouterMetrics bind(Router<?, ?> router, MeterRegistry registry) {
    RouterMetrics m = new RouterMetrics(registry);
    for (ModelVersion v : router.versions()) {
      m.meters(v);
      Gauge.builder(PREFIX + "weight", router, r -> r.state().weightOf(v))
          .tag(VERSION_TAG, v.toString())
          .description("Current traffic weight in basis points")
          .baseUnit("bps")
          .register(registry);
    }
    FunctionCounter.builder(PREFIX + "shadow.dropped", router, r -> r.shadowStats().dropped())
        .description("Shadow requests dropped because the shadow queue was full")
        .register(registry);
    router.addListener(m);
    return m;
  }

  private Meters meters(ModelVersion v) {
    return meters.computeIfAbsent(v, version -> {
      String tag = version.toString();
      return new Meters(
          Counter.builder(PREFIX + "requests").tag(VERSION_TAG, tag).register(registry),
          Counter.builder(PREFIX + "errors").tag(VERSION_TAG, tag).tag("type", "server").register(registry),
          Counter.builder(PREFIX + "errors").tag(VERSION_TAG, tag).tag("type", "client").register(registry),
          Timer.builder(PREFIX + "latency").tag(VERSION_TAG, tag).publishPercentiles(0.5, 0.95, 0.99)
              .register(registry),
          Counter.builder(PREFIX + "rollbacks").tag(VERSION_TAG, tag).register(registry),
          Counter.builder(PREFIX + "fallbacks").tag(VERSION_TAG, tag).register(registry));
    });
  }

  @Override
  public void onRequest(ModelVersion version, RequestOutcome outcome, long latencyNanos) {
    Meters m = meters(version);
    m.requests.increment();
    switch (outcome) {
      case SERVER_ERROR -> m.serverErrors.increment();
      case CLIENT_ERROR -> m.clientErrors.increment();
      default -> { }
    }
    m.latency.record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onFallback(ModelVersion from, ModelVersion to) {
    meters(from).fallbacks.increment();
  }

  @Override
  public void onEvent(RouterEvent event) {
    if (event.kind() == RouterEvent.Kind.ROLLED_BACK) {
      meters(event.version()).rollbacks.increment();
    }
  }
}
