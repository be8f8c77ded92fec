package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.governance.docs.ModelCardGenerator;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.policy.PolicyVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** register -> attach eval report -> evaluate policy -> two approvals -> promote -> audit verify -> model card. */
class EndToEndTest {
  @TempDir Path dir;

  @Test
  void fullReleaseFlow() throws Exception {
    ManualClock clock = Fixtures.clock();
    Path bundle = dir.resolve("bundles/banking77-intent");
    ModelManifest manifest = Fixtures.manifest(V1);
    ModelManifests.write(manifest, bundle.resolve("manifest.json"));
    Path reportFile = dir.resolve("eval.json");
    Files.writeString(reportFile, Fixtures.PASSING_REPORT);
    byte[] key = "governance-test-key-0123456789".getBytes();

    try (Governance g = Governance.builder().directory(dir.resolve("store")).clock(clock).auditHmacKey(key).build()) {
      // Register from the bundle manifest and attach the eval report.
      VersionEntry e = g.registry().registerBundle(bundle, "alice");
      Checksum reportDigest = g.registry().attachEvalReport(MODEL, V1, Files.readAllBytes(reportFile), "alice");
      g.registry().transition(MODEL, V1, Stage.CANDIDATE, "alice", "offline eval passed");
      g.registry().transition(MODEL, V1, Stage.CANARY, "alice", "canary at 5%");

      // Evaluate the release policy.
      JsonNode report = g.registry().evalReport(MODEL, V1).orElseThrow();
      PolicyVerdict verdict = Policy.defaultPolicy().evaluate(report);
      assertThat(verdict.action()).isEqualTo(PolicyAction.REQUIRE_APPROVAL);

      // Gate before approvals: blocked.
      DeployVerdict before = g.gate().check(MODEL, V1, Policy.defaultPolicy(), Files.readAllBytes(reportFile), "ci");
      assertThat(before.passed()).isFalse();
      assertThat(before.reasons()).anyMatch(r -> r.contains("not approved"));

      // Two approvals through the SOP (one automated, one interactive-equivalent API call).
      g.approvals().request(MODEL, V1, "alice");
      SopContext ctx = SopContext.of(MODEL, V1, report, verdict, MetricCatalogue.defaults(), "https://deploy.example/b77");
      clock.advance(Duration.ofMinutes(5));
      ReleaseSop.using(g.approvals()).automated(ctx, Map.of("DEPLOY_APPROVAL", "y", "APPROVER", "bob",
          "APPROVER_ROLE", "ML_LEAD", "APPROVAL_RATIONALE", "all floors met"));
      clock.advance(Duration.ofMinutes(5));
      g.approvals().decide(MODEL, V1, new Decision("carol", "PRODUCT_OWNER", true, "customer impact reviewed",
          DecisionMode.API, verdict.checks(), ctx.evaluationSummary(), ctx.riskSummary(), ctx.deploymentUrl()));

      DeployVerdict after = g.gate().check(MODEL, V1, Policy.defaultPolicy(), Files.readAllBytes(reportFile), "ci");
      assertThat(after.passed()).as(after.reasons().toString()).isTrue();
      // A different report than the attached one does not pass the gate.
      DeployVerdict other = g.gate().check(MODEL, V1, Policy.defaultPolicy(), Fixtures.bytes(Fixtures.FAILING_REPORT), "ci");
      assertThat(other.passed()).isFalse();
      assertThat(other.reasons()).anyMatch(r -> r.contains("not the one attached"))
          .anyMatch(r -> r.contains("metrics.banking77.accuracy >= 0.92"));

      // Promote.
      clock.advance(Duration.ofMinutes(5));
      ReleaseRecord rel = g.registry().promote(MODEL, V1, Fixtures.release("b77-1.0.0"));
      assertThat(rel.bundleDigest()).isEqualTo(Checksum.sha256(bundle.resolve("manifest.json")));
      assertThat(rel.datasetDigests()).isEqualTo(manifest.trainingData());
      assertThat(rel.evalReportDigest()).isEqualTo(reportDigest);
      assertThat(rel.approvalIds()).hasSize(2);
      assertThat(rel.timestamp()).isEqualTo(clock.instant());
      assertThat(g.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V1);
      assertThat(Files.readString(dir.resolve("store/model_release_log.md")))
          .contains(bundle.toAbsolutePath().toString(), rel.bundleDigest().hex(), "https://deploy.example/b77-1.0.0");

      // Audit: every step is there, in order, and the log verifies with its signed head.
      List<String> types = g.auditLog().entries().stream().map(AuditEntry::type).toList();
      assertThat(types).containsSubsequence("registry.register", "registry.eval_report", "registry.transition",
          "gate.check", "approval.request", "approval.decision", "approval.decision", "gate.check",
          "registry.transition", "release.promotion");
      AuditVerification v = g.auditLog().verify();
      assertThat(v.valid()).as(v.reason()).isTrue();
      assertThat(g.auditLog().head().signature()).isNotNull();
      long last = g.auditLog().size() - 1;
      assertThat(AuditLog.verifyInclusion(g.auditLog().inclusionProof(last))).isTrue();

      // Model card.
      String card = ModelCardGenerator.builder().runbookUrl("https://intentops.io/runbook").build().generate(manifest, report);
      assertThat(card).startsWith("---\n").contains("model-index:\n- name: banking77-intent",
          "    dataset:\n      type: banking77", "    - type: accuracy\n      value: 0.9310",
          "| banking77.accuracy | 0.9310 | [0.9220, 0.9400] |", "## Intended use", "## Calibration",
          "Softmax temperature T = 1.3700", "ECE) = 0.0210", "## Out-of-scope (OOS) behaviour", "knn-cosine",
          "## Known risks and mitigations", "Entity boundary errors", "confuses card_arrival",
          "## Fairness and bias", "| short_texts | 0.9100 |", "## Data retention", "## Security posture",
          "https://intentops.io/runbook", "CC-BY-4.0 (BANKING77)", "CC-BY-3.0 (CLINC150)");
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "MODEL_CARD.example.md"), card);
    }
  }
}
