package io.intentops.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.cli.CliRun;
import io.intentops.cli.ExitCodes;
import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Decision;
import io.intentops.governance.Governance;
import io.intentops.governance.Stage;
import io.intentops.governance.report.EvalJsonFixtures;
import io.intentops.governance.report.EvalReportAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceCliTest {
  @TempDir Path dir;
  final CliRun cli = new CliRun();

  static final String REPORT = """
      {"metrics": {"accuracy": 0.93, "bias_disparity": 0.05, "risk_score": 0.12, "fairness_flags": 0,
        "banking77": {"accuracy": 0.931}, "wnut17": {"entity_f1": 0.47}, "oos": {"auroc": 0.91}, "ece": 0.021}}
      """;

  /** The governance commands moved under {@code intentops}: gate is {@code release gate}, verify-audit is
   *  {@code audit verify}. */
  int run(String... args) {
    String[] full = switch (args[0]) {
      case "gate" -> prepend("release", args);
      case "verify-audit" -> prepend("audit", args, "verify");
      default -> args;
    };
    return cli.run(full);
  }

  private static String[] prepend(String group, String[] args) {
    String[] r = new String[args.length + 1];
    r[0] = group;
    System.arraycopy(args, 0, r, 1, args.length);
    return r;
  }

  private static String[] prepend(String group, String[] args, String sub) {
    String[] r = prepend(group, args);
    r[1] = sub;
    return r;
  }

  JsonNode stdout() throws Exception {
    return new ObjectMapper().readTree(cli.out());
  }

  @Test
  void gateBlocksUntilApprovedThenPasses() throws Exception {
    Path store = dir.resolve("store");
    Path report = dir.resolve("eval.json");
    Files.writeString(report, REPORT);
    ModelVersion v = ModelVersion.parse("1.0.0-1");
    try (Governance g = Governance.builder().directory(store).build()) {
      g.registry().register("b77", v, Checksum.sha256("b"), Map.of(), "/b", "alice");
      g.registry().attachEvalReport("b77", v, Files.readAllBytes(report), "alice");
      g.registry().transition("b77", v, Stage.CANDIDATE, "alice", "r");
      g.approvals().request("b77", v, "alice");
    }
    String[] args = {"gate", "--store", store.toString(), "--model", "b77", "--version", "1.0.0-1", "--report",
        report.toString()};
    assertThat(run(args)).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(stdout().path("passed").asBoolean()).isFalse();
    assertThat(stdout().path("reasons").toString()).contains("missing approval");

    try (Governance g = Governance.builder().directory(store).build()) {
      g.approvals().decide("b77", v, Decision.of("bob", "ML_LEAD", true, "ok"));
      g.approvals().decide("b77", v, Decision.of("carol", "PRODUCT_OWNER", true, "ok"));
    }
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"name": "ci", "rules": [{"when": {"metrics.accuracy": {">=": 0.9}}, "then": "require_approval",
          "approver_roles": ["ML_LEAD"]}], "default": "deny"}
        """);
    String[] withPolicy = {"gate", "--store", store.toString(), "--model", "b77", "--version", "1.0.0-1", "--policy",
        policy.toString(), "--report", report.toString(), "--actor", "ci-job-17"};
    assertThat(run(withPolicy)).as(cli.out()).isEqualTo(ExitCodes.OK);
    JsonNode verdict = stdout();
    assertThat(verdict.path("passed").asBoolean()).isTrue();
    assertThat(verdict.path("policy").path("action").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(verdict.path("report_digest").asText()).isEqualTo(Checksum.sha256(report).hex());

    // Policy that denies: blocked even though approved.
    Files.writeString(policy, "{\"name\":\"strict\",\"rules\":[{\"when\":{\"metrics.accuracy\":{\">=\":0.99}},\"then\":\"allow\"}]}");
    assertThat(run(withPolicy)).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(stdout().path("reasons").toString()).contains("denies");

    // A malformed policy is an input error (3) with the JSON path.
    Files.writeString(policy, "{\"name\":\"bad\",\"rules\":[{\"when\":{\"metrics.acc\":{\">=\":0.9}},\"then\":\"allow\"}]}");
    assertThat(run(withPolicy)).isEqualTo(ExitCodes.INPUT);
    assertThat(stdout().path("error").asText()).startsWith("rules[0].when.metrics.acc: unknown metric");

    // Unknown version and missing options.
    assertThat(run("gate", "--store", store.toString(), "--model", "b77", "--version", "9.9.9-9", "--report",
        report.toString())).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(stdout().path("reasons").toString()).contains("not registered");
    assertThat(run("gate", "--store", store.toString())).isEqualTo(ExitCodes.USAGE);

    // The audit log recorded every gate run and verifies.
    assertThat(run("verify-audit", "--store", store.toString())).isEqualTo(ExitCodes.OK);
    assertThat(stdout().path("valid").asBoolean()).isTrue();
  }

  @Test
  void gateReadsTheHarnessEvalJsonThroughTheAdapter() throws Exception {
    Path store = dir.resolve("store");
    Path evalJson = dir.resolve("eval.json");
    Files.writeString(evalJson, EvalJsonFixtures.evalJson());
    ModelVersion v = ModelVersion.parse("1.0.0-1");
    try (Governance g = Governance.builder().directory(store).build()) {
      g.registry().register("b77", v, Checksum.sha256("b"), Map.of(), "/b", "alice");
      g.registry().attachEvalReport("b77", v, EvalReportAdapter.fromEvalJson(evalJson, "b77").jsonBytes(), "alice");
      g.registry().transition("b77", v, Stage.CANDIDATE, "alice", "r");
      g.approvals().request("b77", v, "alice");
      g.approvals().decide("b77", v, Decision.of("bob", "ML_LEAD", true, "ok"));
      g.approvals().decide("b77", v, Decision.of("carol", "PRODUCT_OWNER", true, "ok"));
    }
    assertThat(run("gate", "--store", store.toString(), "--model", "b77", "--version", "1.0.0-1", "--eval-json",
        evalJson.toString())).as(cli.out()).isEqualTo(ExitCodes.OK);
    assertThat(stdout().path("policy").path("action").asText()).isEqualTo("REQUIRE_APPROVAL");
    // Both or neither of --report / --eval-json: usage error.
    assertThat(run("gate", "--store", store.toString(), "--model", "b77", "--version", "1.0.0-1")).isEqualTo(
        ExitCodes.USAGE);
    assertThat(stdout().path("error").asText()).contains("exactly one of --report and --eval-json");
    // An eval.json the adapter cannot map: input error naming the field.
    Files.writeString(evalJson, EvalJsonFixtures.evalJson().replace("\"slices\": {", "\"slicez\": {"));
    assertThat(run("gate", "--store", store.toString(), "--model", "b77", "--version", "1.0.0-1", "--eval-json",
        evalJson.toString())).isEqualTo(ExitCodes.INPUT);
    assertThat(stdout().path("error").asText()).startsWith("intent[0].slicez: unknown field");
  }

  @Test
  void piiScanPrintsCountsNotValues() throws Exception {
    Path f = dir.resolve("captured.csv");
    Files.writeString(f, "text\nmail me at someone@example.org\n");
    assertThat(run("pii-scan", f.toString())).isEqualTo(ExitCodes.OK);
    String s = cli.out();
    assertThat(s).contains("\"EMAIL\" : 1").doesNotContain("someone@example.org");
  }
}
