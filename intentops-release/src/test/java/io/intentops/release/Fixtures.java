package io.intentops.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Decision;
import io.intentops.governance.DeployVerdict;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.Stage;
import io.intentops.governance.policy.Policy;
import io.intentops.router.RoutingStateStore;
import io.intentops.router.Router;
import io.intentops.router.SloConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared test inputs. The report's metric values are fixture inputs (they pass the default policy), not results. */
final class Fixtures {
  static final String MODEL = "banking77-intent";
  static final ModelVersion V1 = ModelVersion.parse("1.0.0-1");
  static final ModelVersion V2 = ModelVersion.parse("1.1.0-2");
  static final ModelVersion V3 = ModelVersion.parse("1.2.0-3");
  static final ModelVersion V4 = ModelVersion.parse("1.3.0-4");

  static final String PASSING_REPORT = """
      {
        "model": {"name": "banking77-intent", "version": "1.0.0-1", "task": "intent"},
        "metrics": {
          "accuracy": {"value": 0.93, "ci_lower": 0.92, "ci_upper": 0.94},
          "bias_disparity": 0.05,
          "risk_score": 0.12,
          "fairness_flags": 0,
          "banking77": {"accuracy": {"value": 0.931, "ci_lower": 0.922, "ci_upper": 0.940}, "macro_f1": 0.93},
          "wnut17": {"entity_f1": 0.47},
          "oos": {"auroc": 0.91, "recall": 0.80},
          "ece": 0.021
        },
        "slices": {"short_texts": {"accuracy": 0.91}, "long_texts": {"accuracy": 0.95}},
        "risks": ["confuses card_arrival and card_delivery_estimate"]
      }
      """;

  /** Windows of 60 s; two breaching windows of at least 5 requests roll a candidate back. */
  static final SloConfig SLO = SloConfig.custom().minRequestsPerWindow(5).breachingWindows(2).build();

  private Fixtures() {}

  static ManualClock clock() {
    return ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
  }

  static byte[] report(ModelVersion v) {
    return PASSING_REPORT.replace("1.0.0-1", v.toString()).getBytes(StandardCharsets.UTF_8);
  }

  static void register(Governance g, ModelVersion v) {
    g.registry().register(MODEL, v, Checksum.sha256("bundle " + v), Map.of("banking77/train.csv", Checksum.sha256("train")),
        "/bundles/" + MODEL + "/" + v, "alice");
  }

  /** Registered, report attached, CANDIDATE, approved by ML lead and product owner, deploy gate passed, CANARY. */
  static void canary(Governance g, ModelVersion v) {
    approvedCandidate(g, v);
    canaryFromApproved(g, v);
  }

  /** Deploy gate passed, then CANARY, for a version that {@link #approvedCandidate} prepared. */
  static void canaryFromApproved(Governance g, ModelVersion v) {
    DeployVerdict d = g.gate().check(MODEL, v, Policy.defaultPolicy(), report(v), "ci");
    assertThat(d.passed()).as("deploy gate for %s: %s", v, d.reasons()).isTrue();
    g.registry().transition(MODEL, v, Stage.CANARY, "alice", "gate passed");
  }

  static void approvedCandidate(Governance g, ModelVersion v) {
    register(g, v);
    g.registry().attachEvalReport(MODEL, v, report(v), "alice");
    g.registry().transition(MODEL, v, Stage.CANDIDATE, "alice", "ready");
    g.approvals().request(MODEL, v, "alice");
    g.approvals().decide(MODEL, v, Decision.of("bob", "ML_LEAD", true, "metrics above floors"));
    g.approvals().decide(MODEL, v, Decision.of("carol", "PRODUCT_OWNER", true, "behaviour reviewed"));
  }

  /** {@link #canary} and promoted in the registry. */
  static ReleaseRecord production(Governance g, ModelVersion v) {
    canary(g, v);
    return g.registry().promote(MODEL, v, release("v" + v));
  }

  static ReleaseRequest release(String tag) {
    return ReleaseRequest.builder().actor("dave").codeCommit("0123abc").tag(tag).reason("release " + tag).build();
  }

  /** Predictors for every version, sharing the clock. */
  static Map<ModelVersion, TestPredictor> predictors(ManualClock clock, ModelVersion... versions) {
    Map<ModelVersion, TestPredictor> m = new LinkedHashMap<>();
    for (ModelVersion v : versions) {
      m.put(v, new TestPredictor(v, clock));
    }
    return m;
  }

  static Router.Builder<String, String> router(ManualClock clock, Map<ModelVersion, TestPredictor> predictors,
      ModelVersion stable, RoutingStateStore store) {
    Router.Builder<String, String> b = Router.<String, String>builder().clock(clock).slo(SLO).stable(stable).store(store);
    predictors.values().forEach(b::version);
    return b;
  }

  /** One SLO window of traffic from 40 keys, then an evaluation tick; returns the clock's new instant. */
  static void window(Router<String, String> r, ManualClock clock, int round) {
    for (int k = 0; k < 40; k++) {
      try {
        r.predict("user-" + round + "-" + k, "hi");
      } catch (RuntimeException e) {
        // a failing stable version answers with its error; the SLO window counts it
      }
    }
    clock.advance(Duration.ofSeconds(61));
    r.controller().tick();
  }
}
