package io.intentops.spring.boot.autoconfigure;

import io.intentops.router.CandidateState;
import io.intentops.router.Router;
import io.intentops.router.RoutingState;
import io.intentops.router.WindowSnapshot;
import io.intentops.core.IntentPrediction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health contributor {@code intentops}: UP once the models are loaded and every version has answered
 * its warm-up texts; DOWN while warming up (or after a failed warm-up, with the reason). Details: the
 * served versions and weights, each candidate's phase and latest SLO window verdict (the router's judge
 * state), warm-up timings. With probes on, it is part of the readiness group, so readiness is DOWN
 * until warm-up is done. Thread-safe.
 */
public class IntentOpsHealthIndicator implements HealthIndicator {
  private final IntentOpsRuntime runtime;
  private final IntentOpsWarmup warmup;

  IntentOpsHealthIndicator(IntentOpsRuntime runtime, IntentOpsWarmup warmup) {
    this.runtime = runtime;
    this.warmup = warmup;
  }

  @Override
  public Health health() {
    Router<String, IntentPrediction> router = runtime.router();
    RoutingState s = router.state();
    Map<String, Object> candidates = new LinkedHashMap<>();
    for (CandidateState c : s.candidates()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("phase", c.phase().name());
      d.put("weightBps", c.weightBps());
      List<WindowSnapshot> w = router.controller().recentWindows(c.version());
      d.put("lastVerdict", w.isEmpty() ? "NONE" : w.get(w.size() - 1).verdict().name());
      candidates.put(c.version().toString(), d);
    }
    Health.Builder b = switch (warmup.state()) {
      case DONE -> Health.up();
      case FAILED -> Health.down().withDetail("error", String.valueOf(warmup.failure()));
      default -> Health.down();
    };
    return b.withDetail("warmup", warmup.state().name())
        .withDetail("stable", s.stable().toString())
        .withDetail("weights", weights(s))
        .withDetail("candidates", candidates)
        .withDetail("ner", runtime.ner() == null ? "none" : runtime.ner().version().toString())
        .withDetail("startupMs", warmup.startupMillis())
        .withDetail("timeToFirstPredictionMs", warmup.timeToFirstPredictionMillis())
        .build();
  }

  static Map<String, Integer> weights(RoutingState s) {
    Map<String, Integer> out = new LinkedHashMap<>();
    s.weights().forEach((v, w) -> out.put(v.toString(), w));
    return out;
  }
}
