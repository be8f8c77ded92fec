package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelManifests;
import io.intentops.governance.audit.AuditQuery;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.docs.AnnexIvPack;
import io.intentops.governance.docs.ModelCardGenerator;
import io.intentops.governance.docs.ReleaseBinding;
import io.intentops.governance.docs.SopApproval;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentsTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();
  final ObjectMapper json = new ObjectMapper();

  @Test
  void breakGlassReleaseShowsOnTheBoundModelCardAnnexIvPackAndSopApproval() throws Exception {
    Path bundle = dir.resolve("bundle");
    Files.createDirectories(bundle);
    ModelManifests.write(Fixtures.manifest(V1), bundle.resolve("manifest.json"));
    Principal alice = Principal.of("alice", "EDITOR");
    Principal bob = Principal.of("bob", "ML_LEAD");
    Principal carol = Principal.of("carol", "PRODUCT_OWNER");
    Principal clara = Principal.of("clara", "COMPLIANCE_OFFICER");
    Principal dave = Principal.of("dave", "RELEASE_MANAGER");
    byte[] failing = Fixtures.bytes(Fixtures.FAILING_REPORT);
    JsonNode report = json.readTree(failing);
    Policy policy = Policy.defaultPolicy();
    try (Governance g = Governance.builder().directory(dir.resolve("gov")).clock(clock)
        .authorizer(Authorizer.roleBased()).build()) {
      g.registry().registerBundle(alice, bundle);
      g.registry().attachEvalReport(alice, MODEL, V1, failing);
      g.registry().transition(alice, MODEL, V1, Stage.CANDIDATE, "ready");
      g.registry().transition(alice, MODEL, V1, Stage.CANARY, "canary");
      g.approvals().request(alice, MODEL, V1);
      PolicyVerdict pv = policy.evaluate(report);
      SopContext ctx = SopContext.of(MODEL, V1, report, pv, MetricCatalogue.defaults(), "https://deploy.example/v1");
      ApprovalRecord a1 = ReleaseSop.using(g.approvals(), bob).automated(ctx, java.util.Map.of(ReleaseSop.ENV_DECISION,
          "y", ReleaseSop.ENV_APPROVER, "bob", ReleaseSop.ENV_ROLE, "ML_LEAD", ReleaseSop.ENV_RATIONALE, "gap known"));
      g.approvals().decide(carol, MODEL, V1, Decision.of("carol", "PRODUCT_OWNER", true, "launch"));
      BreakGlassRequest bg = g.breakGlass().request(dave, MODEL, V1, policy, failing, "regulator deadline, RISK-17");
      g.breakGlass().approve(clara, MODEL, V1, bg.overrideId(), "COMPLIANCE_OFFICER", "time-boxed");
      g.breakGlass().approve(bob, MODEL, V1, bg.overrideId(), "ML_LEAD", "reviewed");
      ReleaseRecord r = g.registry().promote(dave, MODEL, V1, ReleaseRequest.builder().actor("dave").codeCommit("c0ffee")
          .tag("v1").deploymentUrl("https://deploy.example/v1").build());

      ReleaseBinding binding = new ReleaseBinding(r, "eval/eval.json", Checksum.sha256("eval"), "eval/report.html",
          Checksum.sha256("html"), bg, g.breakGlass().approvals(MODEL, V1));
      assertThatThrownBy(() -> new ReleaseBinding(r, "e", Checksum.sha256("e"), null, null, null, List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      String card = ModelCardGenerator.builder().build().generate(Fixtures.manifest(V1), report, binding);
      assertThat(card).contains("## Release binding").contains("`" + r.bundleDigest().hex() + "`")
          .contains("`" + r.evalReportDigest().hex() + "`").contains("[eval.json](eval/eval.json)")
          .contains("[HTML report](eval/report.html)").contains("**BREAK GLASS.**").contains("regulator deadline")
          .contains("clara (COMPLIANCE_OFFICER: time-boxed)");
      assertThat(card.indexOf("## Release binding")).isLessThan(card.indexOf("## Intended use"));

      String pack = AnnexIvPack.render(new AnnexIvPack.Inputs(Fixtures.manifest(V1),
          g.registry().version(MODEL, V1).orElseThrow(), report, pv, g.approvals().decisions(MODEL, V1), binding,
          g.auditLog().query(AuditQuery.builder().subject(MODEL + "@" + V1).build()), g.auditLog().verify().valid()));
      for (int i = 1; i <= 9; i++) {
        assertThat(pack).contains("## " + i + ". ");
      }
      assertThat(pack.split("\\*\\*Not covered:\\*\\*", -1)).hasSize(10); // one per section
      assertThat(pack).contains("`breakglass.active`: 1").contains("inclusion proofs verified").contains("| FAIL |")
          .contains("banking77/train.csv");

      SopApproval sop = SopApproval.of(a1, report);
      JsonNode s = json.readTree(sop.toJson());
      assertThat(s.path("threshold_checks").isObject()).isTrue();
      assertThat(s.path("threshold_checks").path("metrics.banking77.accuracy >= 0.92").asBoolean(true)).isFalse();
      assertThat(s.path("threshold_checks").path("metrics.accuracy >= 0.8").asBoolean(false)).isTrue();
      assertThat(s.at("/risk_summary/risk_level").asText()).isEqualTo("low"); // risk_score 0.12
      assertThat(s.at("/risk_summary/high_risk_factors").toString()).contains("failed check metrics.banking77.accuracy")
          .contains("confuses card_arrival");
      assertThat(s.path("fairness_flags").isArray()).isTrue();
      assertThat(s.path("role").asText()).isEqualTo("ML_LEAD");
      assertThat(s.path("decision_mode").asText()).isEqualTo("automated");
    }
  }
}
