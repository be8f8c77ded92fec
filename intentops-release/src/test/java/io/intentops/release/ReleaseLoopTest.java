package io.intentops.release;

import static io.intentops.release.Fixtures.MODEL;
import static io.intentops.release.Fixtures.V1;
import static io.intentops.release.Fixtures.V2;
import static io.intentops.release.Fixtures.V3;
import static io.intentops.release.Fixtures.V4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Decision;
import io.intentops.governance.Governance;
import io.intentops.governance.Registry;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.Stage;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.Role;
import io.intentops.release.ReleaseRefusedException.Requirement;
import io.intentops.router.CandidateState;
import io.intentops.router.RollbackRecord;
import io.intentops.router.RolloutPlan;
import io.intentops.router.Router;
import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import io.intentops.router.SloRule;
import io.intentops.router.TrafficChange;
import io.intentops.router.WindowSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop over a real file-backed governance store and a real router; the test writes no listener. */
class ReleaseLoopTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();
  Governance gov;
  Map<ModelVersion, TestPredictor> predictors;

  @BeforeEach
  void setUp() {
    gov = Governance.builder().directory(dir.resolve("gov")).clock(clock).build();
    predictors = Fixtures.predictors(clock, V1, V2, V3, V4);
  }

  @AfterEach
  void tearDown() {
    gov.close();
  }

  ReleaseLoop.Builder loop() {
    return ReleaseLoop.custom().governance(gov).model(MODEL).clock(clock);
  }

  Router<String, String> router(ReleaseLoop loop, RoutingStateStore store) {
    return loop.buildRouter(Fixtures.router(clock, predictors, V1, store));
  }

  @Test
  void versionsWithoutAPassedGateOrACanaryStageAreRefusedAndNothingChanges() {
    Fixtures.production(gov, V1);
    Fixtures.approvedCandidate(gov, V2);
    gov.registry().transition(MODEL, V2, Stage.CANARY, "alice", "no gate yet"); // CANARY, never gate-checked
    Fixtures.register(gov, V3); // EXPERIMENT
    ReleaseLoop loop = loop().build();
    Router<String, String> r = router(loop, RoutingStateStore.inMemory());
    RoutingState before = r.state();
    RolloutPlan plan = RolloutPlan.custom().step(500, Duration.ofMinutes(1)).step(5_000, Duration.ofMinutes(1)).build();

    assertThatThrownBy(() -> r.rollout().startRollout(V2, plan)).isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
      assertThat(e.requirement()).isEqualTo(Requirement.DEPLOY_GATE);
      assertThat(e.stage()).isEqualTo(Stage.CANARY);
      assertThat(e.kind()).isEqualTo(TrafficChange.Kind.ROLLOUT_STARTED);
      assertThat(e.missing()).isEqualTo("a passed deploy gate check: " + MODEL + "@" + V2 + " was never checked");
    });
    assertThatThrownBy(() -> r.rollout().setWeight(V3, 100)).isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
      assertThat(e.requirement()).isEqualTo(Requirement.STAGE);
      assertThat(e.missing()).startsWith("stage CANARY: " + MODEL + "@" + V3 + " is EXPERIMENT");
    });
    assertThatThrownBy(() -> r.rollout().override("beta", V4)).isInstanceOfSatisfying(ReleaseRefusedException.class,
        e -> assertThat(e.requirement()).isEqualTo(Requirement.REGISTRATION));
    assertThat(r.state()).isEqualTo(before);

    // A failed gate check is named as such; a passed one opens canary traffic.
    gov.gate().check(MODEL, V2, Policy.defaultPolicy(), "{\"metrics\":{}}".getBytes(), "ci");
    assertThatThrownBy(() -> r.rollout().startRollout(V2, plan)).isInstanceOfSatisfying(ReleaseRefusedException.class,
        e -> assertThat(e.missing()).contains("failed"));
    gov.gate().check(MODEL, V2, Policy.defaultPolicy(), Fixtures.report(V2), "ci");
    assertThat(r.rollout().startRollout(V2, plan).weightOf(V2)).isEqualTo(500);
    assertThat(loop.pending()).isEmpty();
  }

  @Test
  void productionTrafficNeedsEveryRequiredApproval() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    ReleaseLoop loop = loop().productionRoles(Role.COMPLIANCE_OFFICER).build();
    Router<String, String> r = router(loop, RoutingStateStore.inMemory());
    r.rollout().setWeight(V2, 1_000); // canary share: the passed gate is enough

    assertThatThrownBy(() -> loop.promote(V2, Fixtures.release("v2"))).isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
      assertThat(e.requirement()).isEqualTo(Requirement.APPROVAL);
      assertThat(e.kind()).isEqualTo(TrafficChange.Kind.PROMOTED);
      assertThat(e.missing()).isEqualTo("approval by role(s) [COMPLIANCE_OFFICER] for " + MODEL + "@" + V2);
    });
    assertThatThrownBy(() -> r.rollout().setWeight(V2, 10_000)).isInstanceOfSatisfying(ReleaseRefusedException.class,
        e -> assertThat(e.requirement()).isEqualTo(Requirement.APPROVAL));
    assertThat(r.state().stable()).isEqualTo(V1);
    assertThat(r.state().weightOf(V2)).isEqualTo(1_000);
    assertThat(gov.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V1);

    gov.approvals().decide(MODEL, V2, Decision.of("erin", "COMPLIANCE_OFFICER", true, "regulatory sign-off"));
    ReleaseRecord rec = loop.promote(V2, Fixtures.release("v2"));
    assertThat(rec.kind()).isEqualTo(ReleaseKind.PROMOTION);
    assertThat(rec.version()).isEqualTo(V2);
    assertThat(rec.previousVersion()).isEqualTo(V1);
    assertThat(rec.codeCommit()).isEqualTo("0123abc");
    assertThat(r.state().stable()).isEqualTo(V2);
    assertThat(gov.registry().aliases(MODEL)).containsEntry(Registry.PRODUCTION, V2).containsEntry(Registry.PREVIOUS, V1);
    // N-1 stays registered in the registry and loaded in the router.
    assertThat(gov.registry().version(MODEL, V1).orElseThrow().stage()).isEqualTo(Stage.DEPRECATED);
    assertThat(r.versions()).contains(V1);
    // Idempotent: promoting again returns the same record and writes nothing.
    assertThat(loop.promote(V2, Fixtures.release("v2"))).isEqualTo(rec);
    assertThat(gov.registry().releases(MODEL)).hasSize(2);
  }

  @Test
  void aReleasePolicyDecidesProductionForTheAttachedReport() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    Policy security = Policy.parse("""
        {"name": "prod-security", "rules": [{"when": {"metrics.accuracy": {">=": 0.80}},
          "then": "require_approval", "approver_roles": ["SECURITY_OFFICER"]}], "default": "deny"}
        """, "test", MetricCatalogue.defaults());
    Policy frozen = Policy.parse("""
        {"name": "frozen", "rules": [{"when": {"metrics.accuracy": {">=": 0.99}}, "then": "allow"}], "default": "deny"}
        """, "test", MetricCatalogue.defaults());
    ReleaseLoop denying = loop().policy(frozen).build();
    Router<String, String> r0 = router(denying, RoutingStateStore.inMemory());
    r0.rollout().setWeight(V2, 1_000); // the policy governs production traffic only
    assertThatThrownBy(() -> denying.promote(V2, Fixtures.release("v2"))).isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
      assertThat(e.requirement()).isEqualTo(Requirement.POLICY);
      assertThat(e.missing()).startsWith("a release policy that allows it: policy 'frozen' denies " + MODEL + "@" + V2);
    });

    ReleaseLoop loop = loop().policy(security).build();
    Router<String, String> r = router(loop, RoutingStateStore.inMemory());
    r.rollout().setWeight(V2, 1_000);
    assertThatThrownBy(() -> loop.promote(V2, Fixtures.release("v2"))).isInstanceOfSatisfying(ReleaseRefusedException.class,
        e -> assertThat(e.missing()).isEqualTo("approval by role(s) [SECURITY_OFFICER] for " + MODEL + "@" + V2));
    gov.approvals().decide(MODEL, V2, Decision.of("sam", "SECURITY_OFFICER", true, "pen test passed"));
    assertThat(loop.promote(V2, Fixtures.release("v2")).version()).isEqualTo(V2);
  }

  @Test
  void deprecatedAndArchivedVersionsNeverGetTraffic() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    gov.registry().promote(MODEL, V2, Fixtures.release("v2")); // V1 deprecated, previous
    Fixtures.canary(gov, V3);
    gov.registry().transition(MODEL, V3, Stage.ARCHIVED, "alice", "withdrawn");
    ReleaseLoop loop = loop().build();
    Router<String, String> r = loop.buildRouter(Fixtures.router(clock, predictors, V2, RoutingStateStore.inMemory()));

    assertThatThrownBy(() -> r.rollout().setWeight(V1, 500)).isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
      assertThat(e.requirement()).isEqualTo(Requirement.STAGE);
      assertThat(e.stage()).isEqualTo(Stage.DEPRECATED);
      assertThat(e.missing()).contains("is DEPRECATED and deprecated versions never receive traffic");
    });
    assertThatThrownBy(() -> r.rollout().setWeight(V3, 500)).isInstanceOfSatisfying(ReleaseRefusedException.class,
        e -> assertThat(e.stage()).isEqualTo(Stage.ARCHIVED));
    assertThatThrownBy(() -> r.rollout().override("qa", V3)).isInstanceOf(ReleaseRefusedException.class);
    assertThat(r.state().weights()).containsExactly(Map.entry(V2, 10_000));
    // A router cannot even start on an archived version.
    assertThatThrownBy(() -> loop().build().buildRouter(Fixtures.router(clock, predictors, V3, RoutingStateStore.inMemory())))
        .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> assertThat(e.kind()).isEqualTo(TrafficChange.Kind.INITIAL));
  }

  @Test
  void aRollbackIsInTheRegistryReleaseLogAndAuditLogWithNoHostCode() throws Exception {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    ReleaseLoop loop = loop().build();
    Router<String, String> r = router(loop, RoutingStateStore.inMemory());
    r.rollout().setWeight(V2, 5_000);
    predictors.get(V2).failing(true);
    for (int i = 0; i < 3 && r.state().candidate(V2).orElseThrow().phase().isActive(); i++) {
      Fixtures.window(r, clock, i);
    }
    CandidateState c = r.state().candidate(V2).orElseThrow();
    assertThat(c.phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);

    assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.CANDIDATE);
    List<ReleaseRecord> rollbacks = rollbacks();
    assertThat(rollbacks).hasSize(1);
    ReleaseRecord rec = rollbacks.get(0);
    assertThat(rec.version()).isEqualTo(V1);
    assertThat(rec.previousVersion()).isEqualTo(V2);
    // The verdict is the judge's decision carried by the ROLLED_BACK event: rule, statistic vs threshold, counts.
    io.intentops.router.judge.Decision judged = r.controller().decisions(V2).stream()
        .filter(x -> x.verdict() == io.intentops.router.judge.Verdict.BREACHING).findFirst().orElseThrow();
    String breachingRule = judged.breaching().orElseThrow().rule().name();
    assertThat(rec.reason()).contains(breachingRule + " BREACHING: statistic ").contains(", threshold ")
        .contains("(100.000 % vs limit");
    assertThat(Files.readString(dir.resolve("gov").resolve("model_release_log.md")))
        .contains("ROLLBACK " + MODEL + " " + V2 + " (canary)").contains(rec.releaseId());
    List<AuditEntry> audit = auditOf("release.rollback");
    assertThat(audit).hasSize(1);
    Map<String, String> d = audit.get(0).details();
    assertThat(d.get("rule")).contains(breachingRule);
    assertThat(d).containsEntry("release_id", rec.releaseId()).containsEntry("windows", "0")
        .containsEntry("server_error_rate", "1.000000");
    long requests = judged.candidateRequests();
    assertThat(d).containsEntry("requests", Long.toString(requests)).containsEntry("server_errors", Long.toString(requests));
    assertThat(d.get("statistic")).contains("threshold").contains(requests + " of " + requests + " requests");
    assertThat(requests).isPositive();
    assertThat(gov.auditLog().verify().valid()).isTrue();

    // Redelivery, another reconcile and a second loop over the same state write nothing more.
    loop.reconcile();
    ReleaseLoop again = loop().build();
    again.attach(r);
    assertThat(rollbacks()).hasSize(1);
    assertThat(auditOf("release.rollback")).hasSize(1);
    assertThat(loop.pending()).isEmpty();
    assertThat(again.pending()).isEmpty();
  }

  @Test
  void aFinishedStepPlanPromotesInTheRegistry() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    ReleaseLoop loop = loop().build();
    Router<String, String> r = router(loop, RoutingStateStore.inMemory());
    r.rollout().startRollout(V2, RolloutPlan.custom().step(5_000, Duration.ofMinutes(1)).minHealthyWindowsPerStep(1).build());
    // Steps advance on HEALTHY judge evidence only: 20 candidate requests a window take a while to earn it.
    for (int i = 0; i < 200 && !r.state().stable().equals(V2); i++) {
      Fixtures.window(r, clock, i);
    }
    assertThat(r.state().stable()).isEqualTo(V2);
    assertThat(gov.registry().aliases(MODEL)).containsEntry(Registry.PRODUCTION, V2).containsEntry(Registry.PREVIOUS, V1);
    ReleaseRecord last = gov.registry().releases(MODEL).get(gov.registry().releases(MODEL).size() - 1);
    assertThat(last.kind()).isEqualTo(ReleaseKind.PROMOTION);
    assertThat(last.actor()).isEqualTo(ReleaseLoop.DEFAULT_ACTOR);
    assertThat(last.codeCommit()).isEqualTo("n/a");
  }

  @Test
  void aBreachOfTheNewStableVersionRevertsToNMinusOne() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    ReleaseLoop loop = loop().build();
    // The router's own bake period is off here: the host's revertToPrevious is what this test exercises
    // (the router's revert is theRoutersBakePeriodRevertIsRecordedWithTheJudgesVerdictAndNoHostCode).
    Router<String, String> r = loop.buildRouter(Fixtures.router(clock, predictors, V1, RoutingStateStore.inMemory())
        .config(io.intentops.router.RouterConfig.custom().bakePeriod(Duration.ZERO).build()));
    r.rollout().setWeight(V2, 5_000);
    loop.promote(V2, Fixtures.release("v2"));
    // Bake period: the new stable version starts failing; its windows are the evidence.
    predictors.get(V2).failing(true);
    Fixtures.window(r, clock, 0);
    Fixtures.window(r, clock, 1);
    List<WindowSnapshot> windows = r.controller().recentWindows(V2).stream()
        .filter(w -> w.verdict() == WindowSnapshot.Verdict.BREACHING).toList();
    assertThat(windows).hasSize(2);
    ReleaseVerdict verdict = ReleaseVerdict.fromRollback(V2,
        new RollbackRecord(EnumSet.of(SloRule.SERVER_ERROR_RATE), windows, "bake period breach", clock.instant()));

    ReleaseRecord rec = loop.revertToPrevious(verdict);
    assertThat(rec.kind()).isEqualTo(ReleaseKind.ROLLBACK);
    assertThat(rec.version()).isEqualTo(V1);
    assertThat(rec.previousVersion()).isEqualTo(V2);
    assertThat(rec.reason()).contains("revert from " + V2 + " to N-1 " + V1).contains(verdict.summary());
    assertThat(r.state().stable()).isEqualTo(V1);
    assertThat(r.state().weightOf(V2)).isZero();
    assertThat(r.predict("anyone", "hi")).isEqualTo(V1 + ":hi");
    assertThat(gov.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V1);
    assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.DEPRECATED);
    assertThat(auditOf("release.rollback")).singleElement()
        .satisfies(a -> assertThat(a.details().get("reason")).contains("SERVER_ERROR_RATE"));
    // Idempotent; and the reverted version cannot come back.
    assertThat(loop.revertToPrevious(verdict)).isEqualTo(rec);
    assertThat(rollbacks()).hasSize(1);
    assertThatThrownBy(() -> r.rollout().setWeight(V2, 100)).isInstanceOf(ReleaseRefusedException.class);
  }

  @Test
  void theRoutersBakePeriodRevertIsRecordedWithTheJudgesVerdictAndNoHostCode() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    ReleaseLoop loop = loop().build();
    Router<String, String> r = router(loop, RoutingStateStore.inMemory());
    r.rollout().setWeight(V2, 5_000);
    Fixtures.window(r, clock, 0);
    loop.promote(V2, Fixtures.release("v2"));
    Fixtures.window(r, clock, 1); // the router notices the new stable version: its bake period starts
    assertThat(r.state().stable()).isEqualTo(V2);
    // The new production version breaks inside its bake period; nothing here calls revertToPrevious.
    predictors.get(V2).failing(true);
    for (int i = 2; i < 30 && r.state().stable().equals(V2); i++) {
      Fixtures.window(r, clock, i);
    }
    assertThat(r.state().stable()).isEqualTo(V1);
    assertThat(r.state().candidate(V2).orElseThrow().phase()).isEqualTo(CandidateState.Phase.REVERTED);

    assertThat(gov.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V1);
    assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.DEPRECATED);
    io.intentops.router.judge.Decision judged = r.controller().decisions(V2).stream()
        .filter(x -> x.verdict() == io.intentops.router.judge.Verdict.BREACHING).findFirst().orElseThrow();
    String rule = judged.breaching().orElseThrow().rule().name();
    List<ReleaseRecord> rollbacks = rollbacks();
    assertThat(rollbacks).singleElement().satisfies(rec -> {
      assertThat(rec.version()).isEqualTo(V1);
      assertThat(rec.previousVersion()).isEqualTo(V2);
      assertThat(rec.reason()).contains("revert from " + V2 + " to N-1 " + V1)
          .contains(rule + " BREACHING: statistic ").contains(", threshold ")
          .contains("(" + judged.candidateRequests() + " requests, ");
    });
    assertThat(auditOf("release.rollback")).singleElement()
        .satisfies(a -> assertThat(a.details().get("reason")).contains(rule).contains("threshold"));
    assertThat(gov.auditLog().verify().valid()).isTrue();

    // Redelivered (another reconcile, a second loop over the same router, the host's own revert call): one record.
    ReleaseRecord rec = rollbacks.get(0);
    loop.reconcile();
    ReleaseLoop again = loop().build();
    again.attach(r);
    assertThat(loop.revertToPrevious(ReleaseVerdict.manual(V2, "operator repeats it", clock.instant()))).isEqualTo(rec);
    assertThat(rollbacks()).hasSize(1);
    assertThat(auditOf("release.rollback")).hasSize(1);
    assertThat(loop.pending()).isEmpty();
    assertThat(again.pending()).isEmpty();
    assertThat(r.predict("anyone", "hi")).isEqualTo(V1 + ":hi");
  }

  @Test
  void aCrashBetweenTheRouterAndTheRegistryIsReconciledOnRestart() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    Fixtures.canary(gov, V3);
    Path state = dir.resolve("routing-state.json");
    // Process 1 gates traffic but dies before any registry write: its loop never sees an event.
    ReleaseLoop dead = loop().build();
    Router<String, String> r1 = Fixtures.router(clock, predictors, V1, RoutingStateStore.file(state))
        .trafficGate(dead.trafficGate()).build();
    r1.rollout().setWeight(V2, 3_000);
    r1.rollout().setWeight(V3, 3_000);
    predictors.get(V2).failing(true);
    for (int i = 0; i < 3 && r1.state().candidate(V2).orElseThrow().phase().isActive(); i++) {
      Fixtures.window(r1, clock, i);
    }
    predictors.get(V2).failing(false);
    r1.rollout().promote(V3);
    r1.close();
    assertThat(r1.state().stable()).isEqualTo(V3);
    assertThat(rollbacks()).isEmpty();
    assertThat(gov.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V1);

    // Restart: new governance handle, loop and router over the same files.
    gov.close();
    gov = Governance.builder().directory(dir.resolve("gov")).clock(clock).build();
    for (int restart = 0; restart < 2; restart++) {
      ReleaseLoop loop = loop().build();
      Router<String, String> r = loop.buildRouter(Fixtures.router(clock, predictors, V1, RoutingStateStore.file(state)));
      assertThat(r.state().stable()).isEqualTo(V3);
      assertThat(loop.pending()).isEmpty();
      r.close();
    }
    assertThat(rollbacks()).singleElement().satisfies(rec -> assertThat(rec.previousVersion()).isEqualTo(V2));
    assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.CANDIDATE);
    assertThat(gov.registry().aliases(MODEL)).containsEntry(Registry.PRODUCTION, V3).containsEntry(Registry.PREVIOUS, V1);
    assertThat(gov.registry().releases(MODEL).stream().filter(x -> x.kind() == ReleaseKind.PROMOTION && x.version().equals(V3)))
        .hasSize(1);
    assertThat(auditOf("release.rollback")).hasSize(1);
  }

  @Test
  void aRevertTheRegistryMissedIsRecordedOnRestart() {
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    gov.registry().promote(MODEL, V2, Fixtures.release("v2"));
    Path state = dir.resolve("routing-state.json");
    ReleaseLoop dead = loop().build();
    Router<String, String> r1 = Fixtures.router(clock, predictors, V2, RoutingStateStore.file(state))
        .trafficGate(dead.trafficGate()).build();
    r1.rollout().setWeight(V1, 0);
    r1.rollout().promote(V1); // N-1 may become stable again; the process dies before the registry hears of it
    r1.close();
    assertThat(gov.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V2);

    ReleaseLoop loop = loop().build();
    Router<String, String> r = loop.buildRouter(Fixtures.router(clock, predictors, V2, RoutingStateStore.file(state)));
    assertThat(r.state().stable()).isEqualTo(V1);
    assertThat(loop.pending()).isEmpty();
    assertThat(gov.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V1);
    assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.DEPRECATED);
    assertThat(rollbacks()).singleElement().satisfies(rec -> {
      assertThat(rec.previousVersion()).isEqualTo(V2);
      assertThat(rec.reason()).isEqualTo("the router made N-1 " + V1 + " stable again (revert from " + V2 + ")");
    });
  }

  @Test
  void theBuilderValidates() {
    assertThatThrownBy(() -> ReleaseLoop.custom().model(MODEL).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("governance");
    assertThatThrownBy(() -> ReleaseLoop.custom().governance(gov).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> loop().model("../etc").build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> loop().rolledBackStage(Stage.DEPRECATED).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("CANDIDATE or ARCHIVED");
    assertThatThrownBy(() -> loop().actor(" ").build()).isInstanceOf(ConfigurationException.class);
    ReleaseLoop loop = loop().build();
    assertThatThrownBy(() -> loop.promote(V2, Fixtures.release("x"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("attach");
  }

  List<ReleaseRecord> rollbacks() {
    return gov.registry().releases(MODEL).stream().filter(x -> x.kind() == ReleaseKind.ROLLBACK).toList();
  }

  List<AuditEntry> auditOf(String type) {
    return gov.auditLog().entries().stream().filter(a -> a.type().equals(type)).toList();
  }
}
