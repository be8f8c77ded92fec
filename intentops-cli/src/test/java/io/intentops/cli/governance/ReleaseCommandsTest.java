package io.intentops.cli.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentops.cli.CliRun;
import io.intentops.cli.ExitCodes;
import io.intentops.cli.eval.TestBundles;
import io.intentops.core.ModelVersion;
import io.intentops.governance.ReleaseSop;
import io.intentops.governance.report.EvalJsonFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release flow through {@code intentops release ...}, {@code audit} and {@code model-card}. */
class ReleaseCommandsTest {
  @TempDir Path dir;
  Path store;
  Path evalJson;
  final CliRun cli = new CliRun();

  @BeforeEach
  void setUp() throws Exception {
    store = dir.resolve("store");
    evalJson = dir.resolve("eval.json");
    Files.writeString(evalJson, EvalJsonFixtures.evalJson());
  }

  int release(String sub, String version, String... more) {
    String[] base = {"release", sub, "--store", store.toString(), "--model", "b77", "--version", version};
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return cli.run(all);
  }

  JsonNode stdout() throws Exception {
    return new ObjectMapper().readTree(cli.out());
  }

  /** register, candidate, request, two approvals, canary: ready to promote. */
  void prepare(String version) throws Exception {
    Path bundle = TestBundles.intent(dir, "b77", ModelVersion.parse(version));
    assertThat(cli.run("release", "register", "--store", store.toString(), "--bundle", bundle.toString(), "--eval-json",
        evalJson.toString(), "--actor", "alice")).as(cli.err()).isZero();
    assertThat(stdout().path("stage").asText()).isEqualTo("EXPERIMENT");
    assertThat(stdout().path("eval_report_digest").asText()).matches("[0-9a-f]{64}");
    assertThat(release("stage", version, "--to", "candidate", "--actor", "alice")).as(cli.err()).isZero();
    assertThat(release("request", version, "--actor", "alice")).as(cli.err()).isZero();
    // Separation of duties: the submitter's approval is refused by a governance rule (exit 1), one line.
    assertThat(release("approve", version, "--approver", "alice", "--role", "ML_LEAD", "--rationale", "mine"))
        .isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(cli.err().strip().lines()).hasSize(1);
    assertThat(cli.err()).startsWith("approve: error: ").contains("alice");
    assertThat(release("approve", version, "--approver", "bob", "--role", "ml-lead", "--rationale", "floors met"))
        .as(cli.err()).isZero();
    assertThat(stdout().path("approved").asBoolean()).isTrue();
    assertThat(stdout().path("decision_mode").asText()).isEqualTo("AUTOMATED");
    // CI: the decision from the release SOP's environment variables.
    cli.env(Map.of(ReleaseSop.ENV_DECISION, "y", ReleaseSop.ENV_APPROVER, "carol", ReleaseSop.ENV_ROLE, "PRODUCT_OWNER",
        ReleaseSop.ENV_RATIONALE, "reviewed"));
    assertThat(release("approve", version)).as(cli.err()).isZero();
    cli.env(Map.of());
    assertThat(stdout().path("approver").asText()).isEqualTo("carol");
    assertThat(release("stage", version, "--to", "canary", "--actor", "alice")).as(cli.err()).isZero();
  }

  @Test
  void registerApproveGatePromoteRollbackAndQueryTheAudit() throws Exception {
    assertThat(release("approve", "1.0.0-1", "--role", "ML_LEAD", "--rationale", "r")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("give --approver or set $APPROVER");
    prepare("1.0.0-1");
    assertThat(release("approve", "1.0.0-1", "--approver", "dan", "--role", "BOSS", "--rationale", "r"))
        .isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err()).contains("BOSS");
    assertThat(release("gate", "1.0.0-1", "--eval-json", evalJson.toString())).as(cli.out()).isZero();
    assertThat(stdout().path("passed").asBoolean()).isTrue();
    assertThat(release("promote", "1.0.0-1", "--actor", "erin", "--commit", "0123abc", "--tag", "b77-1"))
        .as(cli.err()).isZero();
    assertThat(stdout().path("kind").asText()).isEqualTo("PROMOTION");

    // A second version replaces it; rollback puts the first one back.
    prepare("1.0.0-2");
    assertThat(release("promote", "1.0.0-2", "--actor", "erin", "--commit", "0123abd", "--tag", "b77-2"))
        .as(cli.err()).isZero();
    assertThat(cli.run("release", "status", "--store", store.toString(), "--model", "b77")).isZero();
    assertThat(stdout().at("/aliases/production").asText()).isEqualTo("1.0.0-2");
    assertThat(stdout().at("/aliases/previous").asText()).isEqualTo("1.0.0-1");
    assertThat(cli.run("release", "rollback", "--store", store.toString(), "--model", "b77", "--actor", "erin",
        "--reason", "incident 42")).as(cli.err()).isZero();
    assertThat(cli.run("release", "status", "--store", store.toString(), "--model", "b77")).isZero();
    assertThat(stdout().at("/aliases/production").asText()).isEqualTo("1.0.0-1");
    assertThat(stdout().at("/versions/1.0.0-2/stage").asText()).isEqualTo("DEPRECATED");
    // Promoting a version that is not in CANARY is refused by the lifecycle rules.
    assertThat(release("promote", "1.0.0-2", "--actor", "erin", "--commit", "c", "--tag", "t"))
        .isEqualTo(ExitCodes.CHECK_FAILED);

    // Audit: verify, then filter.
    assertThat(cli.run("audit", "verify", "--store", store.toString())).isZero();
    assertThat(stdout().path("valid").asBoolean()).isTrue();
    long total = stdout().path("entries").asLong();
    assertThat(cli.run("audit", "query", "--store", store.toString())).isZero();
    List<String> all = cli.out().lines().toList();
    assertThat(all).hasSize((int) total);
    assertThat(cli.err()).contains(total + " matching entries");
    assertThat(cli.run("audit", "query", "--store", store.toString(), "--actor", "bob")).isZero();
    List<JsonNode> bob = cli.out().lines().map(this::tree).toList();
    assertThat(bob).hasSize(2).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo("bob"));
    assertThat(cli.run("audit", "query", "--store", store.toString(), "--entity", "b77@1.0.0-2", "--event",
        "approval.*")).isZero();
    List<JsonNode> approvals = cli.out().lines().map(this::tree).toList();
    assertThat(approvals).isNotEmpty().allSatisfy(e -> {
      assertThat(e.path("subject").asText()).isEqualTo("b77@1.0.0-2");
      assertThat(e.path("type").asText()).startsWith("approval.");
    });
    assertThat(cli.run("audit", "query", "--store", store.toString(), "--entity", "b77", "--limit", "3")).isZero();
    assertThat(cli.out().lines().toList()).hasSize(3).isEqualTo(all.subList(all.size() - 3, all.size()));
    assertThat(cli.run("audit", "query", "--store", store.toString(), "--since", "2999-01-01T00:00:00Z")).isZero();
    assertThat(cli.out()).isEmpty();
    assertThat(cli.run("audit", "query", "--store", store.toString(), "--since", "yesterday")).isEqualTo(ExitCodes.USAGE);
    // Query is read-only, and checks the inclusion proof of every result.
    assertThat(cli.run("audit", "verify", "--store", store.toString())).isZero();
    assertThat(stdout().path("entries").asLong()).isEqualTo(total);
    assertThat(cli.run("audit", "query", "--store", store.toString(), "--actor", "bob")).isZero();
    assertThat(cli.err()).contains("inclusion proofs against the head of " + total + " entries").contains("verified");

    // Consistency with a head published earlier: the log only grew; a head the log does not extend fails.
    java.nio.file.Path published = dir.resolve("published-head.json");
    java.nio.file.Files.copy(store.resolve("audit").resolve("head.json"), published);
    assertThat(cli.run("release", "rollback", "--store", store.toString(), "--model", "b77", "--actor", "erin",
        "--reason", "again")).isNotNegative();
    assertThat(cli.run("audit", "consistency", "--store", store.toString(), "--head", published.toString()))
        .as(cli.out()).isZero();
    assertThat(cli.out()).contains("consistent: the log only grew from " + total);
    String forged = java.nio.file.Files.readString(published).replaceFirst("\"root\" : \"[0-9a-f]{4}",
        "\"root\" : \"0000");
    java.nio.file.Files.writeString(published, forged);
    assertThat(cli.run("audit", "consistency", "--store", store.toString(), "--head", published.toString()))
        .isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(cli.out()).contains("INCONSISTENT");
  }

  @Test
  void modelCardFromTheBundleAndItsEvalJson() throws Exception {
    Path bundle = TestBundles.intent(dir, "b77");
    Path card = dir.resolve("MODEL_CARD-b77.md");
    assertThat(cli.run("model-card", "--bundle", bundle.toString(), "--eval-json", evalJson.toString(), "--out",
        card.toString())).as(cli.err()).isZero();
    assertThat(card).content().contains("b77").contains("1.0.0-1").contains("0.94");
    assertThat(cli.run("model-card", "--bundle", bundle.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("exactly one of --eval-json and --report");
    assertThat(cli.run("model-card", "--bundle", dir.resolve("none").toString(), "--eval-json", evalJson.toString()))
        .isEqualTo(ExitCodes.INPUT);
  }

  private JsonNode tree(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }
}
