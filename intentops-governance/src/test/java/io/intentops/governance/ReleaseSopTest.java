package io.intentops.governance;

import io.intentops.governance.policy.UnknownRoleException;
import io.intentops.governance.policy.Role;
import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.ConfigurationException;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseSopTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();
  Governance g;
  SopContext ctx;

  @BeforeEach
  void setUp() {
    g = Fixtures.governance(dir, clock);
    Fixtures.register(g, V1);
    g.registry().attachEvalReport(MODEL, V1, Fixtures.bytes(Fixtures.PASSING_REPORT), "alice");
    g.registry().transition(MODEL, V1, Stage.CANDIDATE, "alice", "ready");
    g.approvals().request(MODEL, V1, "alice");
    JsonNode report = g.registry().evalReport(MODEL, V1).orElseThrow();
    ctx = SopContext.of(MODEL, V1, report, Policy.defaultPolicy().evaluate(report), MetricCatalogue.defaults(),
        "https://deploy.example/b77");
  }

  @AfterEach
  void tearDown() {
    g.close();
  }

  @Test
  void interactiveShowsMetricsAndRiskThenRecordsTheAnswer() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    ApprovalRecord r = ReleaseSop.using(g.approvals()).interactive(ctx, "bob", "ML_LEAD",
        new StringReader("maybe\ny\n\nAll floors met; ECE 0.021 within 0.03\n"), out);
    String shown = buf.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("metrics.banking77.accuracy", "0.9310", "[PASS] rule 1: metrics.ece <= 0.03",
        "Risk: policy release", "risk_score=0.12", "Please answer y or n.", "Recorded " + r.approvalId());
    assertThat(r.approved()).isTrue();
    assertThat(r.decisionMode()).isEqualTo(DecisionMode.INTERACTIVE);
    assertThat(r.rationale()).isEqualTo("All floors met; ECE 0.021 within 0.03");
    assertThat(r.thresholdChecks()).hasSize(9);
    assertThat(r.evaluationSummary()).containsEntry("metrics.oos.auroc", 0.91);
    assertThat(r.deploymentUrl()).isEqualTo("https://deploy.example/b77");

    // The record on disk has the SOP field names.
    Path file = dir.resolve("models/" + MODEL + "/approvals/" + V1 + "/0001.json");
    String json = Files.readString(file);
    assertThat(json).contains("\"approval_id\"", "\"timestamp\"", "\"decision_mode\" : \"INTERACTIVE\"", "\"approved\" : true",
        "\"approver\" : \"bob\"", "\"rationale\"", "\"threshold_checks\"", "\"evaluation_summary\"", "\"risk_summary\"",
        "\"deployment_url\"");
  }

  @Test
  void interactiveRejectsEndOfInputWithoutRecording() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ReleaseSop.using(g.approvals()).interactive(ctx, "bob", "ML_LEAD", new StringReader("y\n"), out))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("nothing recorded");
    assertThatThrownBy(() -> ReleaseSop.using(g.approvals()).interactive(ctx, "bob", "BOSS", new StringReader("y\nok\n"), out))
        .isInstanceOf(UnknownRoleException.class);
    assertThat(g.approvals().decisions(MODEL, V1)).isEmpty();
  }

  @Test
  void automatedReadsTheEnvironment() {
    ApprovalRecord r = ReleaseSop.using(g.approvals()).automated(ctx, Map.of("DEPLOY_APPROVAL", "y", "APPROVER", "carol",
        "APPROVER_ROLE", "PRODUCT_OWNER", "APPROVAL_RATIONALE", "Change ticket CHG-42 approved"));
    assertThat(r.decisionMode()).isEqualTo(DecisionMode.AUTOMATED);
    assertThat(r.approved()).isTrue();
    assertThat(r.role()).isEqualTo(Role.PRODUCT_OWNER);
    assertThat(r.riskSummary()).contains("risk_score=0.12");

    ApprovalRecord no = ReleaseSop.using(g.approvals()).automated(ctx, Map.of("DEPLOY_APPROVAL", "n", "APPROVER", "bob",
        "APPROVER_ROLE", "ML_LEAD", "APPROVAL_RATIONALE", "wait for the next eval"));
    assertThat(no.approved()).isFalse();
    assertThat(g.approvals().status(MODEL, V1).approved()).isFalse();
  }

  @Test
  void automatedRejectsMissingOrInvalidVariablesAndSelfApproval() {
    ReleaseSop sop = ReleaseSop.using(g.approvals());
    assertThatThrownBy(() -> sop.automated(ctx, Map.of("DEPLOY_APPROVAL", "y", "APPROVER", "carol", "APPROVER_ROLE", "ML_LEAD")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("APPROVAL_RATIONALE");
    assertThatThrownBy(() -> sop.automated(ctx, Map.of("DEPLOY_APPROVAL", "sure", "APPROVER", "carol",
        "APPROVER_ROLE", "ML_LEAD", "APPROVAL_RATIONALE", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("DEPLOY_APPROVAL");
    assertThatThrownBy(() -> sop.automated(ctx, Map.of("DEPLOY_APPROVAL", "y", "APPROVER", "alice",
        "APPROVER_ROLE", "ML_LEAD", "APPROVAL_RATIONALE", "mine")))
        .isInstanceOf(PolicyViolationException.class).hasMessageContaining("Separation of duties");
  }
}
