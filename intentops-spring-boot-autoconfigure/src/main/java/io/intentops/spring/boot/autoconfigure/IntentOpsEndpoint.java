package io.intentops.spring.boot.autoconfigure;

import io.intentops.core.IntentOpsException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.router.CandidateState;
import io.intentops.router.RollbackRecord;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RoutingState;
import io.intentops.router.ShadowStats;
import io.intentops.router.WindowSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.ClassUtils;

/**
 * The {@code intentops} Actuator endpoint. {@code GET /actuator/intentops}: the routing state (stable,
 * versions, weights, each candidate's phase, plan step and rollback reason), the current and recent SLO
 * windows with their verdicts per version, the recent routing-state changes (rollbacks, aborts,
 * promotions), shadow statistics, warm-up and drift. {@code POST /actuator/intentops/{action}} with
 * {@code {"version": "..", "reason": ".."}}, action {@code promote}, {@code pause}, {@code resume} or
 * {@code abort}: read-only by default (enable with {@code management.endpoint.intentops.access=unrestricted});
 * when Spring Security is on the classpath the caller also needs the role
 * {@code intentops.endpoint.operator-role} (403 otherwise). Thread-safe.
 */
@Endpoint(id = "intentops", defaultAccess = Access.READ_ONLY)
public class IntentOpsEndpoint {
  private static final boolean SECURITY = ClassUtils.isPresent(
      "org.springframework.security.core.context.SecurityContextHolder", IntentOpsEndpoint.class.getClassLoader());

  private final IntentOpsRuntime runtime;
  private final IntentOpsWarmup warmup;
  private final DriftMonitor drift;
  private final String operatorRole;

  IntentOpsEndpoint(IntentOpsRuntime runtime, IntentOpsWarmup warmup, DriftMonitor drift, String operatorRole) {
    this.runtime = runtime;
    this.warmup = warmup;
    this.drift = drift;
    this.operatorRole = operatorRole;
  }

  /** The router state and recent evidence. */
  @ReadOperation
  public Map<String, Object> state() {
    Router<String, IntentPrediction> router = runtime.router();
    RoutingState s = router.state();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("revision", s.revision());
    out.put("stable", s.stable().toString());
    out.put("weights", IntentOpsHealthIndicator.weights(s));
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (CandidateState c : s.candidates()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("version", c.version().toString());
      d.put("weightBps", c.weightBps());
      d.put("phase", c.phase().name());
      d.put("step", c.step());
      d.put("plan", c.plan() == null ? null : c.plan().steps().stream()
          .map(st -> st.weightBps() + "@" + st.hold()).toList());
      d.put("rollback", c.rollback() == null ? null : rollback(c.rollback()));
      candidates.add(d);
    }
    out.put("candidates", candidates);
    Map<String, String> overrides = new LinkedHashMap<>();
    s.overrides().forEach((k, v) -> overrides.put(k, v.toString()));
    out.put("overrides", overrides);
    Map<String, Object> windows = new LinkedHashMap<>();
    for (ModelVersion v : router.versions()) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("current", window(router.controller().currentWindow(v)));
      List<WindowSnapshot> recent = router.controller().recentWindows(v);
      w.put("recent", recent.subList(Math.max(0, recent.size() - 5), recent.size()).stream()
          .map(IntentOpsEndpoint::window).toList());
      windows.put(v.toString(), w);
    }
    out.put("windows", windows);
    out.put("events", runtime.recentEvents().stream().map(IntentOpsEndpoint::event).toList());
    ShadowStats sh = router.shadowStats();
    out.put("shadow", Map.of("submitted", sh.submitted(), "dropped", sh.dropped(), "completed", sh.completed(),
        "failed", sh.failed(), "agreed", sh.agreed()));
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("state", warmup.state().name());
    w.put("millisPerVersion", warmup.millisPerVersion());
    w.put("startupMs", warmup.startupMillis());
    w.put("timeToFirstPredictionMs", warmup.timeToFirstPredictionMillis());
    out.put("warmup", w);
    double score = drift.score();
    out.put("drift", Map.of("score", Double.isNaN(score) ? "NaN" : score, "threshold", drift.threshold(),
        "breached", drift.breached()));
    return out;
  }

  /** Changes the rollout of one candidate: promote, pause, resume or abort. */
  @WriteOperation
  public WebEndpointResponse<Map<String, Object>> change(@Selector String action, String version,
      @org.springframework.lang.Nullable String reason, SecurityContext security) {
    if (SECURITY && !security.isUserInRole(operatorRole)) {
      return new WebEndpointResponse<>(Map.of("error", "role " + operatorRole + " required"),
          403);
    }
    try {
      ModelVersion v = ModelVersion.parse(version);
      var rollout = runtime.router().rollout();
      RoutingState after = switch (action.toLowerCase(Locale.ROOT)) {
        case "promote" -> rollout.promote(v);
        case "pause" -> rollout.pause(v);
        case "resume" -> rollout.resume(v);
        case "abort" -> rollout.abort(v, reason == null || reason.isBlank() ? "aborted through the intentops endpoint" : reason);
        default -> throw new IllegalArgumentException("action must be promote, pause, resume or abort, got '" + action + "'");
      };
      return new WebEndpointResponse<>(Map.of("action", action, "version", v.toString(), "weights",
          IntentOpsHealthIndicator.weights(after)));
    } catch (IntentOpsException | IllegalArgumentException e) {
      return new WebEndpointResponse<>(Map.of("error", String.valueOf(e.getMessage())),
          WebEndpointResponse.STATUS_BAD_REQUEST);
    }
  }

  private static Map<String, Object> window(WindowSnapshot w) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("start", w.start().toString());
    d.put("requests", w.requests());
    d.put("serverErrors", w.serverErrors());
    d.put("clientErrors", w.clientErrors());
    d.put("p95Micros", w.p95Micros());
    d.put("verdict", w.verdict().name());
    d.put("breaches", w.breaches().stream().map(Enum::name).sorted().toList());
    return d;
  }

  private static Map<String, Object> rollback(RollbackRecord r) {
    return Map.of("rules", r.rules().stream().map(Enum::name).sorted().toList(), "detail", r.detail(),
        "at", r.at().toString());
  }

  private static Map<String, Object> event(RouterEvent e) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("kind", e.kind().name());
    d.put("version", e.version().toString());
    d.put("at", e.at().toString());
    d.put("weights", IntentOpsHealthIndicator.weights(e.after()));
    if (e.rollback() != null) {
      d.put("rollback", rollback(e.rollback()));
    }
    return d;
  }
}
