package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.NerSection;
import io.intentops.core.report.SliceReport;
import io.intentops.core.report.SplitRole;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.Stage;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.report.EvalReportAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governance release flow on the real reference bundles and the committed eval report (which
 * {@link ReferenceEvalTest} regenerates with the harness and gates): register -> eval report -> policy ->
 * approvals -> gate -> promote -> audit verify -> model cards. Every expectation is derived from the
 * committed {@code eval/eval.json}, read with the eval module's own typed reader.
 */
class ReferenceReleaseTest {
  @TempDir static Path work;

  static ReferenceRelease.Result result;
  static String console;
  static EvalReport eval;

  @BeforeAll
  static void runFlow() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    result = new ReferenceRelease(Path.of("").toAbsolutePath(), work,
        ManualClock.startingAt(Instant.parse("2026-11-23T14:00:00Z")),
        "reference-release-test-key-2025".getBytes(StandardCharsets.UTF_8),
        new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
    console = buf.toString(StandardCharsets.UTF_8);
    System.out.print(console);
    eval = EvalJson.read(Path.of(ReferenceRelease.EVAL_JSON));
  }

  @Test
  void governanceReportCarriesTheHarnessNumbersAndTheDocumentedRiskScore() throws Exception {
    IntentSection intent = eval.intent(SplitRole.TEST).orElseThrow();
    NerSection ner = eval.ner(SplitRole.TEST).orElseThrow();
    SliceReport slices = intent.slices();
    assertThat(slices).as("the committed eval.json has slice metrics").isNotNull();
    assertThat(result.evalJsonDigest()).isEqualTo(Checksum.sha256(Path.of(ReferenceRelease.EVAL_JSON)));
    for (ReferenceRelease.ModelRelease r : result.releases()) {
      JsonNode j = r.report().json();
      assertThat(j.at("/source/eval_json_sha256").asText()).isEqualTo(result.evalJsonDigest().hex());
      assertThat(j.at("/model/name").asText()).isEqualTo(r.model());
      assertThat(j.at("/metrics/accuracy/value").asDouble()).isEqualTo(intent.classification().accuracy().estimate());
      assertThat(j.at("/metrics/banking77/accuracy/ci_lower").asDouble()).isEqualTo(intent.classification().accuracy().lower());
      assertThat(j.at("/metrics/ece").asDouble()).isEqualTo(intent.calibration().ece());
      assertThat(j.at("/metrics/bias_disparity").asDouble()).isEqualTo(slices.disparity());
      assertThat(j.at("/metrics/fairness_flags").asInt()).isEqualTo(slices.flags().size());
      assertThat(j.at("/metrics/oos/auroc/value").asDouble()).isEqualTo(eval.oos().auroc().estimate());
      assertThat(j.at("/metrics/oos/fpr_at_95tpr").asDouble()).isEqualTo(eval.oos().fprAt95Tpr());
      assertThat(j.at("/metrics/wnut17/entity_f1/value").asDouble()).isEqualTo(ner.f1().estimate());
      assertThat(j.path("slices").size()).isEqualTo(slices.slices().size());
      double risk = (0.25 * (1 - intent.classification().accuracy().estimate()) + 0.10 * intent.calibration().ece()
          + 0.15 * (1 - eval.oos().atThreshold().oosRecall()) + 0.10 * eval.oos().atThreshold().inScopeFlaggedRate()
          + 0.20 * slices.disparity() + 0.20 * (1 - ner.f1().estimate())) / 1.0;
      assertThat(j.at("/metrics/risk_score").asDouble()).isCloseTo(risk, within(1e-12));
      // The bias disparity is the largest within-family gap of the slices in the report.
      double maxGap = slices.slices().stream().filter(s -> s.eligible())
          .collect(Collectors.groupingBy(s -> s.family(), Collectors.summarizingDouble(s -> s.accuracy().estimate())))
          .values().stream().filter(st -> st.getCount() >= 2).mapToDouble(st -> st.getMax() - st.getMin()).max().orElse(0);
      assertThat(slices.disparity()).isCloseTo(maxGap, within(1e-12));
    }
  }

  @Test
  void bundlesAreRegisteredAndPromotedWithTheirDigests() throws Exception {
    assertThat(result.releases()).extracting(ReferenceRelease.ModelRelease::model)
        .containsExactly("banking77-intent", "wnut17-ner");
    for (ReferenceRelease.ModelRelease r : result.releases()) {
      Path dir = Path.of("src/main/resources").resolve(r.model().equals("banking77-intent")
          ? ReferenceModels.BANKING77_INTENT : ReferenceModels.WNUT17_NER);
      ModelManifest m = ModelManifests.read(dir.resolve("manifest.json"));
      assertThat(r.registered().bundleDigest()).isEqualTo(Checksum.sha256(dir.resolve("manifest.json")));
      assertThat(r.registered().datasetDigests()).isEqualTo(m.trainingData());
      assertThat(r.reportDigest()).isEqualTo(r.report().sha256());
      assertThat(r.release().kind()).isEqualTo(ReleaseKind.PROMOTION);
      assertThat(r.release().bundleDigest()).isEqualTo(r.registered().bundleDigest());
      assertThat(r.release().datasetDigests()).isEqualTo(m.trainingData());
      assertThat(r.release().evalReportDigest()).isEqualTo(r.reportDigest());
      assertThat(r.release().configDigest()).isEqualTo(Checksum.sha256(Path.of(ReferenceRelease.RELEASE_POLICY)));
      assertThat(r.release().codeCommit()).isEqualTo(result.codeCommit()).matches("[0-9a-f]{40}|unknown");
      assertThat(r.release().approvalIds()).isEqualTo(r.approvals().stream().map(ApprovalRecord::approvalId).toList());
      assertThat(r.finalStage()).isEqualTo(Stage.PRODUCTION);
    }
    result.datasetChecks().values().forEach(v -> assertThat(v).matches(".*matches eval.json|not available here.*"));
  }

  @Test
  void policiesApprovalsAndGateFollowTheMeasuredNumbers() {
    for (ReferenceRelease.ModelRelease r : result.releases()) {
      JsonNode j = r.report().json();
      int flags = j.at("/metrics/fairness_flags").asInt();
      // The shipped default policy blocks any fairness flag; the gate with it never passes here.
      assertThat(r.defaultVerdict().action()).isEqualTo(flags > 0 ? PolicyAction.DENY : PolicyAction.REQUIRE_APPROVAL);
      assertThat(r.defaultGate().passed()).isFalse();
      assertThat(r.defaultGate().reasons()).anyMatch(x -> x.contains("not approved"));
      // A floor above the measured accuracy denies.
      assertThat(r.raisedFloor()).isGreaterThan(j.at("/metrics/banking77/accuracy/value").asDouble());
      assertThat(r.raisedFloorVerdict().action()).isEqualTo(PolicyAction.DENY);
      // The reference policy escalates a fairness flag to a compliance sign-off.
      assertThat(r.releaseVerdict().action()).isEqualTo(PolicyAction.REQUIRE_APPROVAL);
      assertThat(r.releaseVerdict().requiredRoles().stream().map(Enum::name).collect(Collectors.toSet()))
          .contains("ML_LEAD", "PRODUCT_OWNER").is(new org.assertj.core.api.Condition<>(
              roles -> roles.contains("COMPLIANCE_OFFICER") == (flags > 0), "compliance iff flagged"));
      assertThat(r.selfApprovalRefusal()).contains("Separation of duties", ReferenceRelease.SUBMITTER);
      if (flags > 0) {
        assertThat(r.gateMissingRole()).isNotNull();
        assertThat(r.gateMissingRole().passed()).isFalse();
        assertThat(r.gateMissingRole().reasons()).anyMatch(x -> x.contains("COMPLIANCE_OFFICER"));
      }
      assertThat(r.gatePassed().passed()).as(r.gatePassed().reasons().toString()).isTrue();
      assertThat(r.approvals()).allMatch(ApprovalRecord::approved)
          .noneMatch(a -> a.approver().equals(ReferenceRelease.SUBMITTER));
      assertThat(r.approvals().stream().map(ApprovalRecord::roleName).collect(Collectors.toSet()))
          .containsAll(Set.of("ML_LEAD", "PRODUCT_OWNER", "QA_TESTER"));
      // Ordered review steps: the gate blocks until the QA tester has reviewed, and the compliance sign-off
      // (when the policy asks for it) comes after the QA review.
      assertThat(r.releaseVerdict().reviewSteps()).isEqualTo(flags > 0 ? List.of("QA_TESTER", "COMPLIANCE_OFFICER")
          : List.of("QA_TESTER"));
      assertThat(r.gateMissingReview().passed()).isFalse();
      assertThat(r.gateMissingReview().approval().missingSteps()).startsWith("QA_TESTER");
      List<String> order = r.approvals().stream().map(ApprovalRecord::roleName).toList();
      if (flags > 0) {
        assertThat(order.indexOf("QA_TESTER")).isLessThan(order.indexOf("COMPLIANCE_OFFICER"));
      }
      assertThat(r.accessDenied()).contains("unauthenticated").contains("Principal form");
    }
  }

  @Test
  void everyRefusalIsAuditedAndTheLogOnlyGrew() {
    // Per model: the principal-less register and ci's promotion attempt.
    assertThat(result.deniedEntries()).isEqualTo(2L * result.releases().size());
    assertThat(result.auditTypes().stream().filter("auth.denied"::equals)).hasSize(2 * result.releases().size());
    assertThat(result.consistency().consistent()).as(result.consistency().message()).isTrue();
    assertThat(result.consistency().older().size()).isEqualTo(result.firstReleaseHead().size());
    assertThat(result.consistency().current().size()).isEqualTo(result.head().size());
    assertThat(result.rebuiltConsistency().consistent()).isFalse();
    assertThat(result.rebuiltConsistency().current().size()).isGreaterThan(result.firstReleaseHead().size());
    assertThat(console).contains("CONSISTENT (append-only)").contains("INCONSISTENT");
  }

  @Test
  void lineageOfTheReferenceReleaseIsRendered() throws Exception {
    for (ReferenceRelease.ModelRelease r : result.releases()) {
      String svg = Files.readString(r.lineageSvg());
      javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(r.lineageSvg().toFile()); // well-formed
      assertThat(svg).contains("dataset: ").contains("bundle: " + r.model() + "@" + r.version())
          .contains("release: " + r.release().releaseId());
      JsonNode lj = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.lineageJson().toFile());
      List<String> kinds = new java.util.ArrayList<>();
      lj.path("nodes").forEach(n -> kinds.add(n.path("kind").asText()));
      assertThat(kinds).contains("dataset", "training_run", "bundle", "eval_report", "release", "deployment");
      assertThat(lj.toString()).contains(r.release().bundleDigest().hex()).contains(r.reportDigest().hex());
      assertThat(Files.readString(r.lineageDot())).startsWith("digraph lineage {");
      for (Path f : r.sopApprovals()) {
        JsonNode a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
        assertThat(a.path("threshold_checks").isObject()).isTrue();
        assertThat(a.at("/risk_summary/risk_level").asText()).isIn("low", "medium", "high");
        assertThat(a.path("fairness_flags").isArray()).isTrue();
      }
    }
  }

  @Test
  void referencePolicyKeepsEveryFloorOfTheDefaultPolicy() {
    Policy def = Policy.defaultPolicy();
    Policy ref = Policy.load(Path.of(ReferenceRelease.RELEASE_POLICY));
    Set<String> floors = def.rules().get(1).when().stream().filter(c -> !c.metric().equals("metrics.fairness_flags"))
        .map(c -> c.metric() + c.operator().symbol() + c.operand()).collect(Collectors.toSet());
    assertThat(floors).hasSize(7);
    for (Policy.Rule rule : ref.rules()) {
      assertThat(rule.when().stream().filter(c -> !c.metric().equals("metrics.fairness_flags"))
          .map(c -> c.metric() + c.operator().symbol() + c.operand()).collect(Collectors.toSet())).isEqualTo(floors);
    }
    assertThat(ref.defaultAction()).isEqualTo(PolicyAction.DENY);
  }

  @Test
  void auditLogVerifiesAndAFlippedBitIsCaught() {
    assertThat(result.audit().valid()).as(result.audit().reason()).isTrue();
    assertThat(result.head().signature()).isNotNull();
    assertThat(result.lastEntryInclusionProved()).isTrue();
    assertThat(result.auditTypes()).containsSubsequence("registry.register", "registry.eval_report",
        "registry.transition", "registry.transition", "gate.check", "approval.request", "approval.decision",
        "approval.decision", "gate.check", "registry.transition", "release.promotion");
    assertThat(result.auditTypes().stream().filter("release.promotion"::equals)).hasSize(2);
    assertThat(result.tampered().valid()).isFalse();
    assertThat(result.tampered().firstBadIndex()).isEqualTo(result.flippedEntry());
  }

  @Test
  void modelCardsAndDataLicensesAreGeneratedAndTheCommittedOnesAreCurrent() throws Exception {
    String intentCard = Files.readString(result.releases().get(0).card());
    String nerCard = Files.readString(result.releases().get(1).card());
    assertThat(intentCard).startsWith("---\n").contains("model-index:\n- name: banking77-intent", "name: banking77.accuracy",
        "| length.short | 1-6 words |", "## Fairness and bias", "casing.lowercase", "## Calibration", "CC-BY-4.0 (BANKING77)")
        .doesNotContain("entity_f1");
    assertThat(nerCard).startsWith("---\n").contains("pipeline_tag: token-classification", "name: wnut17.entity_f1",
        "No slice metrics for this model", "entity type").doesNotContain("banking77.accuracy", "oos.auroc");
    String licenses = Files.readString(result.dataLicenses());
    assertThat(licenses).contains("BANKING77", "WNUT-17", "CLINC150", "CC-BY-3.0",
        "`banking77/test.csv (evaluation data)`", "`wnut17/wnut17train.conll (training data of wnut17-ner)`");
    assertThat(intentCard).contains("## Release binding", result.releases().get(0).release().releaseId(),
        result.releases().get(0).release().bundleDigest().hex(), "[eval.json](eval/eval.json)",
        "[HTML report](eval/report.html)", Checksum.sha256(Path.of(ReferenceRelease.HTML_REPORT)).hex());
    for (ReferenceRelease.ModelRelease r : result.releases()) {
      String pack = Files.readString(r.annexIv());
      for (int i = 1; i <= 9; i++) {
        assertThat(pack).contains("## " + i + ". ");
      }
      assertThat(pack).contains("**Not covered:**", r.release().releaseId(), r.reportDigest().hex(), "QA_TESTER");
    }
    // The committed copies are what the code generates now (-Dintentops.regenerateDocs=true rewrites them).
    List<Path> generatedDocs = List.of(result.releases().get(0).card(), result.releases().get(1).card(),
        result.releases().get(0).annexIv(), result.releases().get(1).annexIv(), result.dataLicenses());
    if (Boolean.getBoolean("intentops.regenerateDocs")) {
      for (Path generated : generatedDocs) {
        Files.copy(generated, Path.of(generated.getFileName().toString()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Path generated : generatedDocs) {
      assertThat(Path.of(generated.getFileName().toString())).as("committed %s is stale: rerun with "
          + "-Dintentops.regenerateDocs=true", generated.getFileName()).hasContent(Files.readString(generated));
    }
    assertThat(console).contains("self-approval refused", "PASSED", "verify: VALID", "verify INVALID");
    for (String d : List.of("banking77", "clinc150", "wnut17")) {
      var manifest = io.intentops.governance.docs.DatasetManifest.parse(
          Files.readString(work.resolve("datasets").resolve(d + ".json")), d);
      assertThat(manifest.consent()).isNotBlank();
      assertThat(manifest.retention()).isNotBlank();
      assertThat(manifest.files()).isNotEmpty();
    }
  }
}
