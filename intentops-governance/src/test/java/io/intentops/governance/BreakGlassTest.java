package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static io.intentops.governance.Fixtures.V2;
import static io.intentops.governance.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.auth.AccessDeniedException;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreakGlassTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();

  static final Principal ALICE = Principal.of("alice", "EDITOR");
  static final Principal BOB = Principal.of("bob", "ML_LEAD");
  static final Principal CAROL = Principal.of("carol", "PRODUCT_OWNER");
  static final Principal CLARA = Principal.of("clara", "COMPLIANCE_OFFICER", "ML_LEAD");
  static final Principal DAVE = Principal.of("dave", "RELEASE_MANAGER", "COMPLIANCE_OFFICER");

  Governance governance() {
    return Governance.builder().directory(dir).clock(clock).authorizer(Authorizer.roleBased()).build();
  }

  static void approvedCanary(Governance g, ModelVersion v, String report) {
    g.registry().register(ALICE, MODEL, v, Checksum.sha256("bundle " + v), Map.of(), "/bundles/" + v);
    g.registry().attachEvalReport(ALICE, MODEL, v, bytes(report));
    g.registry().transition(ALICE, MODEL, v, Stage.CANDIDATE, "ready");
    g.registry().transition(ALICE, MODEL, v, Stage.CANARY, "canary 5%");
    g.approvals().request(ALICE, MODEL, v);
    g.approvals().decide(BOB, MODEL, v, Decision.of("bob", "ML_LEAD", true, "known gap, see risk register"));
    g.approvals().decide(CAROL, MODEL, v, Decision.of("carol", "PRODUCT_OWNER", true, "needed for the launch"));
  }

  @Test
  void aDenyIsOverriddenOnlyWithAJustificationAndTwoApproversOfTheNamedRoles() throws Exception {
    Policy policy = Policy.defaultPolicy();
    byte[] failing = bytes(Fixtures.FAILING_REPORT);
    try (Governance g = governance()) {
      approvedCanary(g, V1, Fixtures.FAILING_REPORT);
      DeployVerdict before = g.gate().check(DAVE, MODEL, V1, policy, failing);
      assertThat(before.passed()).isFalse();
      assertThat(before.policy().action()).isEqualTo(PolicyAction.DENY);
      assertThat(before.overrideId()).isNull();

      assertThatThrownBy(() -> g.breakGlass().request(DAVE, MODEL, V1, policy, failing, " "))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("justification");
      assertThatThrownBy(() -> g.breakGlass().request(BOB, MODEL, V1, policy, failing, "x"))
          .isInstanceOf(AccessDeniedException.class);
      BreakGlassRequest req = g.breakGlass().request(DAVE, MODEL, V1, policy, failing,
          "Regulator deadline; BANKING77 accuracy 0.901 vs floor 0.92 accepted for 14 days, fix tracked in RISK-17");
      assertThat(req.overrideId()).isEqualTo(MODEL + "@" + V1 + "!bg1");
      assertThat(req.approverRoles()).containsExactly("COMPLIANCE_OFFICER", "ML_LEAD");

      // The requester cannot approve, even holding an approver role.
      assertThatThrownBy(() -> g.breakGlass().approve(DAVE, MODEL, V1, req.overrideId(), "COMPLIANCE_OFFICER", "ok"))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("Separation of duties");
      // A role the request does not name, or one the principal does not hold, is refused.
      assertThatThrownBy(() -> g.breakGlass().approve(CAROL, MODEL, V1, req.overrideId(), "PRODUCT_OWNER", "ok"))
          .hasMessageContaining("is approved by [COMPLIANCE_OFFICER, ML_LEAD]");
      assertThatThrownBy(() -> g.breakGlass().approve(BOB, MODEL, V1, req.overrideId(), "COMPLIANCE_OFFICER", "ok"))
          .isInstanceOf(AccessDeniedException.class).hasMessageContaining("holds only [ML_LEAD]");

      g.breakGlass().approve(CLARA, MODEL, V1, req.overrideId(), "COMPLIANCE_OFFICER", "time-boxed, risk accepted");
      // One person cannot fill both roles.
      assertThatThrownBy(() -> g.breakGlass().approve(CLARA, MODEL, V1, req.overrideId(), "ML_LEAD", "also me"))
          .hasMessageContaining("different people");
      assertThat(g.breakGlass().active(MODEL, V1)).isEmpty();
      assertThat(g.gate().check(DAVE, MODEL, V1, policy, failing).passed()).isFalse();

      g.breakGlass().approve(BOB, MODEL, V1, req.overrideId(), "ML_LEAD", "error analysis reviewed");
      assertThat(g.breakGlass().active(MODEL, V1)).contains(req);
      DeployVerdict after = g.gate().check(DAVE, MODEL, V1, policy, failing);
      assertThat(after.passed()).isTrue();
      assertThat(after.overrideId()).isEqualTo(req.overrideId());
      assertThat(after.policy().action()).isEqualTo(PolicyAction.DENY); // still says what the policy said

      ReleaseRecord r = g.registry().promote(DAVE, MODEL, V1, ReleaseRequest.builder().actor("dave").codeCommit("abc")
          .tag("v1").reason("break-glass release").build());
      assertThat(r.brokeGlass()).isTrue();
      assertThat(r.breakGlassId()).isEqualTo(req.overrideId());
      assertThat(g.registry().releases(MODEL).get(0).breakGlassId()).isEqualTo(req.overrideId());
      assertThat(Files.readString(dir.resolve("model_release_log.md"))).contains("BREAK GLASS")
          .contains(req.overrideId());

      assertThat(g.auditLog().entries()).filteredOn(e -> e.type().startsWith("breakglass."))
          .extracting(AuditEntry::type)
          .containsExactly("breakglass.request", "breakglass.approval", "breakglass.approval", "breakglass.active");
      assertThat(g.auditLog().entries()).filteredOn(e -> e.type().equals("release.promotion")).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("break_glass", req.overrideId()));
      assertThat(g.auditLog().entries()).filteredOn(e -> e.type().equals("gate.check")).last()
          .satisfies(e -> assertThat(e.details()).containsEntry("break_glass", req.overrideId()));
    }
  }

  @Test
  void anOverrideCoversOnlyItsPolicyAndReportAndIsRefusedWhenNothingIsDenied() throws Exception {
    try (Governance g = governance()) {
      approvedCanary(g, V1, Fixtures.PASSING_REPORT);
      byte[] passing = bytes(Fixtures.PASSING_REPORT);
      assertThatThrownBy(() -> g.breakGlass().request(DAVE, MODEL, V1, Policy.defaultPolicy(), passing, "why not"))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("nothing to override");
      assertThatThrownBy(() -> g.breakGlass().request(DAVE, MODEL, V1, Policy.defaultPolicy(),
          bytes(Fixtures.FAILING_REPORT), "not the attached report"))
          .hasMessageContaining("needs the eval report attached");
      Policy strict = Policy.parse("{\"name\": \"strict\", \"rules\": [], \"default\": \"deny\"}", "t",
          MetricCatalogue.defaults());
      BreakGlassRequest req = g.breakGlass().request(DAVE, MODEL, V1, strict, passing, "strict policy is a drill");
      g.breakGlass().approve(CLARA, MODEL, V1, req.overrideId(), "COMPLIANCE_OFFICER", "drill");
      g.breakGlass().approve(BOB, MODEL, V1, req.overrideId(), "ML_LEAD", "drill");
      assertThat(g.gate().check(DAVE, MODEL, V1, strict, passing).passed()).isTrue();
      Policy other = Policy.parse("{\"name\": \"other\", \"rules\": [], \"default\": \"deny\"}", "t",
          MetricCatalogue.defaults());
      assertThat(g.gate().check(DAVE, MODEL, V1, other, passing).passed()).isFalse();
    }
  }

  @Test
  void marginGateComparesWithTheProductionReport() throws Exception {
    Policy margin = Policy.parse("""
        {"name": "must-beat-production", "rules": [{"name": "beats",
          "when": {"metrics.accuracy": {"beats_production_by": 0.01}, "metrics.ece": {"below_production_by": 0.0}},
          "then": "require_approval", "approver_roles": ["ML_LEAD"]}], "default": "deny"}
        """, "t", MetricCatalogue.defaults());
    try (Governance g = governance()) {
      // No production yet: a margin cannot be shown, so the policy denies.
      approvedCanary(g, V1, Fixtures.PASSING_REPORT);
      DeployVerdict first = g.gate().check(DAVE, MODEL, V1, margin, bytes(Fixtures.PASSING_REPORT));
      assertThat(first.policy().action()).isEqualTo(PolicyAction.DENY);
      assertThat(first.policy().checks().get(0).baseline()).isNull();
      g.registry().promote(DAVE, MODEL, V1, ReleaseRequest.builder().actor("dave").codeCommit("a").tag("v1").build());

      String slightlyBetter = Fixtures.PASSING_REPORT.replace("\"value\": 0.93,", "\"value\": 0.935,");
      approvedCanary(g, V2, slightlyBetter);
      DeployVerdict v2 = g.gate().check(DAVE, MODEL, V2, margin, bytes(slightlyBetter));
      assertThat(v2.policy().action()).isEqualTo(PolicyAction.DENY);
      assertThat(v2.policy().checks().get(0).baseline().asDouble()).isEqualTo(0.93);
      assertThat(v2.policy().checks().get(0).passed()).isFalse();

      ModelVersion v3 = ModelVersion.parse("1.3.0-4");
      String better = Fixtures.PASSING_REPORT.replace("\"value\": 0.93,", "\"value\": 0.94,");
      approvedCanary(g, v3, better);
      DeployVerdict v3v = g.gate().check(DAVE, MODEL, v3, margin, bytes(better));
      assertThat(v3v.policy().action()).isEqualTo(PolicyAction.REQUIRE_APPROVAL);
      assertThat(v3v.passed()).isTrue();
    }
  }
}
