package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static io.intentops.governance.Fixtures.V2;
import static io.intentops.governance.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.core.ManualClock;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.auth.AccessDeniedException;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Permission;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.auth.RoleBasedAuthorizer;
import io.intentops.governance.policy.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizationTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();

  static final Principal ALICE = Principal.of("alice", "editor");
  static final Principal DAVE = Principal.of("dave", "release-manager");
  static final Principal BOB = Principal.of("bob", "ML_LEAD");
  static final Principal CAROL = Principal.of("carol", "PRODUCT_OWNER");
  static final Principal VIEWER = Principal.of("vic", "VIEWER");
  static final Principal TESS = Principal.of("tess", "QA_TESTER");
  static final Principal CLARA = Principal.of("clara", "COMPLIANCE_OFFICER");

  Governance authorizing(ApprovalPolicy policy) {
    return Governance.builder().directory(dir).clock(clock).authorizer(Authorizer.roleBased()).approvalPolicy(policy)
        .build();
  }

  static void canary(Governance g, ModelVersion v) {
    g.registry().register(ALICE, MODEL, v, Checksum.sha256("bundle " + v), Map.of("banking77/train.csv",
        Checksum.sha256("train")), "/bundles/" + v);
    g.registry().attachEvalReport(ALICE, MODEL, v, bytes(Fixtures.PASSING_REPORT));
    g.registry().transition(ALICE, MODEL, v, Stage.CANDIDATE, "ready");
    g.registry().transition(ALICE, MODEL, v, Stage.CANARY, "canary 5%");
    g.approvals().request(ALICE, MODEL, v);
  }

  private static ReleaseRequest release(String actor, String tag) {
    return ReleaseRequest.builder().actor(actor).codeCommit("0123abc").tag(tag).reason("release " + tag).build();
  }

  private static List<AuditEntry> denials(Governance g) {
    return g.auditLog().entries().stream().filter(e -> e.type().equals("auth.denied")).toList();
  }

  @Test
  void everyMutatingCallWithoutPermissionIsRefusedAuditedAndChangesNothing() {
    try (Governance g = authorizing(ApprovalPolicy.defaults())) {
      canary(g, V1);
      g.approvals().decide(BOB, MODEL, V1, Decision.of("bob", "ML_LEAD", true, "metrics fine"));
      g.approvals().decide(CAROL, MODEL, V1, Decision.of("carol", "PRODUCT_OWNER", true, "behaviour ok"));
      g.registry().promote(DAVE, MODEL, V1, release("dave", "v1"));
      long entriesBefore = g.auditLog().size();
      List<VersionEntry> versionsBefore = g.registry().versions(MODEL);
      byte[] report = bytes(Fixtures.PASSING_REPORT);
      Policy policy = Policy.defaultPolicy();
      Map<Permission, Consumer<Principal>> calls = new java.util.LinkedHashMap<>();
      calls.put(Permission.REGISTER, p -> g.registry().register(p, MODEL, V2, Checksum.sha256("b"), Map.of(), "/b"));
      calls.put(Permission.ATTACH_EVAL, p -> g.registry().attachEvalReport(p, MODEL, V1, report));
      calls.put(Permission.TRANSITION, p -> g.registry().transition(p, MODEL, V1, Stage.DEPRECATED, "x"));
      calls.put(Permission.SET_ALIAS, p -> g.registry().setAlias(p, MODEL, "stable", V1));
      calls.put(Permission.REQUEST_APPROVAL, p -> g.approvals().request(p, MODEL, V1));
      calls.put(Permission.DECIDE, p -> g.approvals().decide(p, MODEL, V1, Decision.of(p.id(), "ML_LEAD", true, "x")));
      calls.put(Permission.GATE_CHECK, p -> g.gate().check(p, MODEL, V1, policy, report));
      calls.put(Permission.PROMOTE, p -> g.registry().promote(p, MODEL, V1, release(p.id(), "v1b")));
      calls.put(Permission.ROLLBACK, p -> g.registry().rollback(p, MODEL, "x"));
      calls.put(Permission.CORRECT, p -> g.registry().correct(p, MODEL, MODEL + "-r1", release(p.id(), "fix")));
      for (Map.Entry<Permission, Consumer<Principal>> c : calls.entrySet()) {
        assertThatThrownBy(() -> c.getValue().accept(VIEWER)).as(c.getKey().name())
            .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
              assertThat(e.permission()).isEqualTo(c.getKey());
              assertThat(e.principal()).isEqualTo("vic");
            })
            .isInstanceOf(PolicyViolationException.class);
      }
      List<AuditEntry> denied = denials(g);
      assertThat(denied).hasSize(calls.size());
      assertThat(denied).extracting(e -> e.details().get("permission"))
          .containsExactlyElementsOf(calls.keySet().stream().map(Enum::name).toList());
      assertThat(denied).allSatisfy(e -> assertThat(e.actor()).isEqualTo("vic"));
      // Nothing but the denials was written.
      assertThat(g.auditLog().size()).isEqualTo(entriesBefore + calls.size());
      assertThat(g.registry().versions(MODEL)).isEqualTo(versionsBefore);
      assertThat(g.registry().releases(MODEL)).hasSize(1);
      assertThat(g.registry().aliases(MODEL)).doesNotContainKey("stable");
      assertThat(g.auditLog().verify().valid()).isTrue();
    }
  }

  @Test
  void principalLessCallsAreRefusedOnceAnAuthorizerIsConfigured() {
    try (Governance g = authorizing(ApprovalPolicy.defaults())) {
      assertThatThrownBy(() -> Fixtures.register(g, V1)).isInstanceOfSatisfying(AccessDeniedException.class, e -> {
        assertThat(e.principal()).isNull();
        assertThat(e.permission()).isEqualTo(Permission.REGISTER);
      }).hasMessageContaining("unauthenticated").hasMessageContaining("Principal form");
      assertThatThrownBy(() -> g.registry().rollback(MODEL, "mallory", "x")).isInstanceOf(AccessDeniedException.class);
      assertThat(g.registry().versions(MODEL)).isEmpty();
      assertThat(denials(g)).extracting(AuditEntry::actor).containsExactly("alice", "mallory");
      assertThat(denials(g)).allSatisfy(e -> assertThat(e.details()).containsEntry("authenticated", "false"));
    }
  }

  @Test
  void withoutAnAuthorizerBothFormsWorkAsBefore() {
    try (Governance g = Fixtures.governance(dir, clock)) {
      assertThat(g.authorizing()).isFalse();
      Fixtures.register(g, V1);
      g.registry().attachEvalReport(VIEWER, MODEL, V1, bytes(Fixtures.PASSING_REPORT));
      assertThat(g.registry().version(MODEL, V1).orElseThrow().evalReportDigest()).isNotNull();
      assertThat(g.auditLog().entries()).extracting(AuditEntry::actor).containsExactly("alice", "vic");
    }
  }

  @Test
  void anApproverCannotClaimARoleTheyDoNotHoldOrDecideAsSomeoneElse() {
    try (Governance g = authorizing(ApprovalPolicy.defaults())) {
      canary(g, V1);
      assertThatThrownBy(() -> g.approvals().decide(BOB, MODEL, V1, Decision.of("bob", "PRODUCT_OWNER", true, "x")))
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("holds only [ML_LEAD]");
      assertThatThrownBy(() -> g.approvals().decide(BOB, MODEL, V1, Decision.of("carol", "ML_LEAD", true, "x")))
          .hasMessageContaining("is not the calling principal");
      assertThat(g.approvals().decisions(MODEL, V1)).isEmpty();
      assertThat(denials(g)).hasSize(1);
    }
  }

  @Test
  void testerReviewMustComeBeforeComplianceApproval() {
    ApprovalPolicy policy = ApprovalPolicy.custom().requiredRoles().reviewSteps("qa-tester", "COMPLIANCE_OFFICER")
        .build();
    try (Governance g = authorizing(policy)) {
      canary(g, V1);
      assertThat(g.approvals().status(MODEL, V1).missingSteps()).containsExactly("QA_TESTER", "COMPLIANCE_OFFICER");
      assertThatThrownBy(() -> g.approvals().decide(CLARA, MODEL, V1,
          Decision.of("clara", "COMPLIANCE_OFFICER", true, "compliant")))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("only after [QA_TESTER]");
      assertThatThrownBy(() -> g.registry().promote(DAVE, MODEL, V1, release("dave", "v1")))
          .hasMessageContaining("review step(s) [QA_TESTER, COMPLIANCE_OFFICER]");
      ApprovalRecord tested = g.approvals().decide(TESS, MODEL, V1, Decision.of("tess", "QA_TESTER", true,
          "regression suite and exploratory tests passed"));
      assertThat(tested.role()).isNull();
      assertThat(tested.roleName()).isEqualTo("QA_TESTER");
      assertThat(g.approvals().status(MODEL, V1).missingSteps()).containsExactly("COMPLIANCE_OFFICER");
      g.approvals().decide(CLARA, MODEL, V1, Decision.of("clara", "COMPLIANCE_OFFICER", true, "compliant"));
      assertThat(g.approvals().status(MODEL, V1).approved()).isTrue();
      ReleaseRecord r = g.registry().promote(DAVE, MODEL, V1, release("dave", "v1"));
      assertThat(r.approvalIds()).containsExactly(MODEL + "@" + V1 + "#1", MODEL + "@" + V1 + "#2");
      // The domain-role record reads back from the store.
      assertThat(g.approvals().decisions(MODEL, V1)).extracting(ApprovalRecord::roleName)
          .containsExactly("QA_TESTER", "COMPLIANCE_OFFICER");
    }
  }

  @Test
  void policyReviewStepsAreCheckedInOrderByTheGate() throws Exception {
    String json = """
        {"name": "tested-release", "rules": [{"when": {"metrics.accuracy": {">=": 0.80}},
          "then": "require_approval", "review_steps": ["QA_TESTER", "COMPLIANCE_OFFICER"]}]}
        """;
    Policy policy = Policy.parse(json, "test", io.intentops.governance.policy.MetricCatalogue.defaults());
    ApprovalPolicy ap = ApprovalPolicy.custom().requiredRoles().reviewSteps("COMPLIANCE_OFFICER", "QA_TESTER").build();
    try (Governance g = authorizing(ap)) {
      canary(g, V1);
      // The configured order lets compliance go first, so the policy's order is not met.
      g.approvals().decide(CLARA, MODEL, V1, Decision.of("clara", "COMPLIANCE_OFFICER", true, "compliant"));
      g.approvals().decide(TESS, MODEL, V1, Decision.of("tess", "QA_TESTER", true, "tested"));
      DeployVerdict v = g.gate().check(DAVE, MODEL, V1, policy, bytes(Fixtures.PASSING_REPORT));
      assertThat(v.passed()).isFalse();
      assertThat(v.approval().missingSteps()).containsExactly("COMPLIANCE_OFFICER");
      assertThat(v.reasons()).anySatisfy(r -> assertThat(r).contains("review step"));
    }
  }

  @Test
  void rolesAreData() {
    RoleBasedAuthorizer a = RoleBasedAuthorizer.parse("""
        {"roles": {"data-steward": ["READ", "ATTACH_EVAL"], "VIEWER": []}}""", "roles.json");
    assertThat(a.permits(Principal.of("s", "DATA_STEWARD"), Permission.ATTACH_EVAL, MODEL)).isTrue();
    assertThat(a.permits(Principal.of("s", "DATA_STEWARD"), Permission.PROMOTE, MODEL)).isFalse();
    assertThat(a.permits(Principal.of("v", "VIEWER"), Permission.READ, MODEL)).isFalse();
    assertThat(a.permits(Principal.of("x", "ADMIN"), Permission.PROMOTE, MODEL)).isTrue();
    assertThat(a.permits(Principal.of("n", "NOBODY"), Permission.READ, MODEL)).isFalse();
    assertThatThrownBy(() -> RoleBasedAuthorizer.parse("{\"roles\": {\"X\": [\"FLY\"]}}", "roles.json"))
        .isInstanceOf(io.intentops.core.ConfigurationException.class).hasMessageContaining("$.roles.X[0]")
        .hasMessageContaining("FLY");
  }
}
