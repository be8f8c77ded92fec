package io.intentops.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelIntegrityException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.core.Task;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.Decision;
import io.intentops.governance.DecisionMode;
import io.intentops.governance.DeployVerdict;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.ReleaseSop;
import io.intentops.governance.policy.Role;
import io.intentops.governance.SopContext;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.governance.audit.SignedHead;
import io.intentops.governance.docs.DataLicenses;
import io.intentops.governance.docs.DatasetLicense;
import io.intentops.governance.docs.ModelCardGenerator;
import io.intentops.governance.policy.MetricCatalogue;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.policy.PolicyVerdict;
import io.intentops.governance.policy.ThresholdCheck;
import io.intentops.governance.report.EvalReportAdapter;
import io.intentops.governance.report.GovernanceReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The governance release flow on the real reference bundles, shared by {@code ReferenceReleaseTest} and
 * {@code GovernanceWalkthrough}: verify bundles and eval report, register, attach the governance report
 * made from the committed {@code eval/eval.json}, evaluate the default policy and the reference release
 * policy, request and collect approvals (and show that the submitter cannot approve), gate, promote
 * CANARY to PRODUCTION, verify the audit log (and catch a flipped byte in a copy), write model cards
 * and {@code DATA_LICENSES.md}. Prints every step with real numbers to {@code out}.
 */
final class ReferenceRelease {
  /** Bundle resource folders, intent first. */
  static final List<String> BUNDLES = List.of(ReferenceModels.BANKING77_INTENT, ReferenceModels.WNUT17_NER);
  /** The committed baseline eval report, relative to the module directory. */
  static final String EVAL_JSON = "eval/eval.json";
  /** The committed reference release policy, relative to the module directory. */
  static final String RELEASE_POLICY = "governance/reference-release-policy.json";
  /** Evaluation dataset files per governance-report dataset key (the eval CLI's defaults). */
  static final Map<String, String> EVAL_DATASET_FILES = Map.of("intent_test", "banking77/test.csv",
      "oos_out_of_scope", "clinc150/data_full.json", "ner_test", "wnut17/emerging.test.annotated");

  static final String SUBMITTER = "alice";
  static final String ML_LEAD = "bob";
  static final String PRODUCT_OWNER = "carol";
  static final String COMPLIANCE = "dana";
  static final String RELEASE_MANAGER = "erin";

  /** What happened to one bundle. */
  record ModelRelease(String model, ModelVersion version, Task task, VersionEntry registered, GovernanceReport report,
      Checksum reportDigest, PolicyVerdict defaultVerdict, DeployVerdict defaultGate, PolicyVerdict raisedFloorVerdict,
      double raisedFloor, PolicyVerdict releaseVerdict, String selfApprovalRefusal, @Nullable DeployVerdict gateMissingRole,
      DeployVerdict gatePassed, List<ApprovalRecord> approvals, ReleaseRecord release, Stage finalStage, Path card) {}

  /** The whole run. */
  record Result(List<ModelRelease> releases, Checksum evalJsonDigest, Map<String, String> datasetChecks,
      String codeCommit, String codeCommitSource, Checksum configDigest, AuditVerification audit, SignedHead head,
      boolean lastEntryInclusionProved, List<String> auditTypes, AuditVerification tampered, long flippedByte,
      long flippedEntry, Path dataLicenses) {}

  private final Path moduleDir;
  private final Path workDir;
  private final Clock clock;
  private final byte[] hmacKey;
  private final PrintStream out;

  ReferenceRelease(Path moduleDir, Path workDir, Clock clock, byte[] hmacKey, PrintStream out) {
    this.moduleDir = moduleDir;
    this.workDir = workDir;
    this.clock = clock;
    this.hmacKey = hmacKey.clone();
    this.out = out;
  }

  Result run() throws IOException {
    Files.createDirectories(workDir);
    Path evalJson = moduleDir.resolve(EVAL_JSON);
    byte[] evalBytes = Files.readAllBytes(evalJson);
    Checksum evalDigest = Checksum.sha256(evalBytes);
    Path policyFile = moduleDir.resolve(RELEASE_POLICY);
    Policy releasePolicy = Policy.load(policyFile);
    Checksum configDigest = Checksum.sha256(policyFile);
    out.printf("== IntentOps governance walkthrough: reference bundles%n");
    out.printf("eval report  %s  sha256 %s%n", EVAL_JSON, evalDigest.hex());

    // 1. Bundles: every file matches its manifest digest, and the eval report was made from these manifests.
    Map<String, ModelManifest> manifests = new LinkedHashMap<>();
    Map<String, Path> bundleDirs = new LinkedHashMap<>();
    for (String resource : BUNDLES) {
      Path dir = moduleDir.resolve("src/main/resources").resolve(resource);
      ModelManifest m = ModelManifests.read(dir.resolve("manifest.json"));
      for (Map.Entry<String, Checksum> f : m.files().entrySet()) {
        Checksum actual = Checksum.sha256(dir.resolve(f.getKey()));
        if (!actual.matches(f.getValue())) {
          throw new ModelIntegrityException(dir.resolve(f.getKey()) + " has sha256 " + actual + ", manifest says "
              + f.getValue());
        }
      }
      manifests.put(m.name(), m);
      bundleDirs.put(m.name(), dir);
    }
    GovernanceReport first = EvalReportAdapter.fromEvalJson(evalJson, manifests.keySet().iterator().next());
    JsonNode source = first.json().path("source");
    for (JsonNode em : source.path("models")) {
      ModelManifest m = manifests.get(em.path("name").asText());
      if (m == null || !Checksum.sha256(ModelManifests.toJson(m)).hex().equals(em.path("manifest_sha256").asText())) {
        throw new ModelIntegrityException(EVAL_JSON + " evaluated " + em + ", not the bundle in " + bundleDirs);
      }
      out.printf("bundle       %-17s %s  files %s verified; eval.json manifestSha256 matches%n", m.name(), m.version(),
          m.files().keySet());
    }
    // 2. The evaluation datasets on disk are the ones the report names (when the datasets are available).
    Map<String, String> datasetChecks = new TreeMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(EVAL_DATASET_FILES).entrySet()) {
      String expected = source.path("datasets").path(e.getKey()).path("file_sha256").asText();
      Optional<Path> file = DatasetPaths.requireInCi(e.getValue());
      if (file.isEmpty()) {
        datasetChecks.put(e.getValue(), "not available here (skipped)");
      } else {
        Checksum actual = Checksum.sha256(file.get());
        if (!actual.hex().equals(expected)) {
          throw new ModelIntegrityException(file.get() + " has sha256 " + actual + ", " + EVAL_JSON + " says " + expected);
        }
        datasetChecks.put(e.getValue(), "sha256 " + expected.substring(0, 12) + "… matches eval.json");
      }
    }
    datasetChecks.forEach((f, s) -> out.printf("dataset      %-31s %s%n", f, s));
    String[] commit = codeCommit(source);
    out.printf("code commit  %s (%s); config digest (release policy file) %s%n", commit[0], commit[1], configDigest.hex());

    List<ModelRelease> releases = new ArrayList<>();
    SignedHead head;
    AuditVerification audit;
    boolean inclusion;
    List<String> types;
    Path store = workDir.resolve("store");
    try (Governance g = Governance.builder().directory(store).clock(clock).auditHmacKey(hmacKey).build()) {
      for (Map.Entry<String, ModelManifest> e : manifests.entrySet()) {
        releases.add(release(g, e.getValue(), bundleDirs.get(e.getKey()), evalJson, releasePolicy, commit[0],
            configDigest));
      }
      audit = g.auditLog().verify();
      head = g.auditLog().head();
      inclusion = AuditLog.verifyInclusion(g.auditLog().inclusionProof(g.auditLog().size() - 1));
      types = g.auditLog().entries().stream().map(x -> x.type()).toList();
    }
    out.printf("audit        %d entries, verify: %s, root %s, HMAC-signed head: %s, inclusion proof of entry %d: %s%n",
        audit.entries(), audit.valid() ? "VALID" : "INVALID " + audit.reason(), head.root().hex(),
        head.signature() != null, head.size() - 1, inclusion ? "ok" : "FAILED");

    // Tamper with a copy of the audit log: flip one bit in the middle of the file.
    Path copy = workDir.resolve("tampered-audit");
    Files.createDirectories(copy);
    for (String f : new String[] {"audit.jsonl", "head.json"}) {
      Files.copy(store.resolve(Governance.DEFAULT_AUDIT_DIR).resolve(f), copy.resolve(f),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    byte[] log = Files.readAllBytes(copy.resolve("audit.jsonl"));
    int pos = log.length / 2;
    while (log[pos] == '\n' || log[pos] == '"') {
      pos++;
    }
    long entry = 0;
    for (int i = 0; i < pos; i++) {
      entry += log[i] == '\n' ? 1 : 0;
    }
    log[pos] ^= 0x01;
    Files.write(copy.resolve("audit.jsonl"), log);
    AuditVerification tampered;
    try (AuditLog t = AuditLog.builder().directory(copy).hmacKey(hmacKey).open()) {
      tampered = t.verify();
    }
    out.printf("tamper test  flipped 1 bit of byte %d (entry %d) in a copy: verify %s, first bad entry %d: %s%n", pos,
        entry, tampered.valid() ? "VALID (not caught!)" : "INVALID", tampered.firstBadIndex(), tampered.reason());

    // Data licenses: training data from the manifests, evaluation data from the report.
    List<DatasetLicense> licenses = new ArrayList<>();
    for (ModelManifest m : manifests.values()) {
      for (Map.Entry<String, Checksum> d : m.trainingData().entrySet()) {
        licenses.add(license(d.getKey().contains("/") ? d.getKey() : datasetOf(m) + "/" + d.getKey(), d.getValue(),
            "training data of " + m.name()));
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(EVAL_DATASET_FILES).entrySet()) {
      licenses.add(license(e.getValue(), Checksum.parse(source.path("datasets").path(e.getKey()).path("file_sha256")
          .asText()), "evaluation data"));
    }
    Path dataLicenses = workDir.resolve("DATA_LICENSES.md");
    Files.writeString(dataLicenses, DataLicenses.render(dedupe(licenses)));
    out.printf("documents    %s, %s, %s%n", workDir.relativize(releases.get(0).card()),
        workDir.relativize(releases.get(1).card()), workDir.relativize(dataLicenses));
    return new Result(releases, evalDigest, datasetChecks, commit[0], commit[1], configDigest, audit, head, inclusion,
        types, tampered, pos, entry, dataLicenses);
  }

  private ModelRelease release(Governance g, ModelManifest m, Path bundleDir, Path evalJson, Policy releasePolicy,
      String codeCommit, Checksum configDigest) throws IOException {
    String name = m.name();
    ModelVersion v = m.version();
    out.printf("-- %s %s (%s)%n", name, v, m.task().id());
    VersionEntry reg = g.registry().registerBundle(bundleDir, SUBMITTER);
    out.printf("register     stage %s, bundle digest (manifest sha256) %s, training data %s%n", reg.stage(),
        reg.bundleDigest().hex(), short12(reg.datasetDigests()));
    GovernanceReport report = EvalReportAdapter.fromEvalJson(evalJson, name);
    JsonNode json = report.json();
    byte[] reportBytes = report.jsonBytes();
    Checksum digest = g.registry().attachEvalReport(name, v, reportBytes, SUBMITTER);
    tick();
    out.printf("eval report  governance report sha256 %s (from eval.json %s…)%n", digest.hex(),
        report.evalJsonSha256().hex().substring(0, 12));
    out.printf("metrics      %s%n", metricLine(json));
    g.registry().transition(name, v, Stage.CANDIDATE, SUBMITTER, "offline evaluation attached");
    g.registry().transition(name, v, Stage.CANARY, SUBMITTER, "canary with a small traffic share");
    tick();
    out.printf("lifecycle    EXPERIMENT -> CANDIDATE -> CANARY%n");

    // Policies.
    PolicyVerdict def = Policy.defaultPolicy().evaluate(json);
    out.printf("policy       default '%s': %s%s%n", def.policy(), def.action().jsonName(), failed(def));
    DeployVerdict defGate = g.gate().check(name, v, Policy.defaultPolicy(), reportBytes, "ci");
    out.printf("gate         default policy: %s%n", defGate.passed() ? "PASSED" : "BLOCKED: " + defGate.reasons());
    double acc = json.at("/metrics/banking77/accuracy/value").asDouble();
    double raised = Math.ceil((acc + 0.01) * 100) / 100;
    Policy raisedFloor = Policy.parse("{\"name\": \"raised-floor\", \"rules\": [{\"when\": "
        + "{\"metrics.banking77.accuracy\": {\">=\": " + raised + "}}, \"then\": \"allow\"}], \"default\": \"deny\"}",
        "raised-floor", MetricCatalogue.defaults());
    PolicyVerdict raisedVerdict = raisedFloor.evaluate(json);
    out.printf(Locale.ROOT, "policy       floor banking77.accuracy >= %.2f (measured %.4f): %s%n", raised, acc,
        raisedVerdict.action().jsonName());
    PolicyVerdict rel = releasePolicy.evaluate(json);
    out.printf("policy       '%s': %s, approver roles %s%n", rel.policy(), rel.reason(), rel.requiredRoles());

    // Approvals.
    g.approvals().request(name, v, SUBMITTER);
    tick();
    String refusal;
    try {
      g.approvals().decide(name, v, Decision.of(SUBMITTER, "ML_LEAD", true, "I trained it, it is fine"));
      throw new IllegalStateException("self-approval was accepted");
    } catch (PolicyViolationException e) {
      refusal = e.getMessage();
    }
    out.printf("approval     requested by %s; self-approval refused: %s%n", SUBMITTER, refusal);
    SopContext ctx = SopContext.of(name, v, json, rel, MetricCatalogue.defaults(), deploymentUrl(m));
    List<ApprovalRecord> approvals = new ArrayList<>();
    approvals.add(ReleaseSop.using(g.approvals()).automated(ctx, Map.of(ReleaseSop.ENV_DECISION, "y",
        ReleaseSop.ENV_APPROVER, ML_LEAD, ReleaseSop.ENV_ROLE, "ML_LEAD", ReleaseSop.ENV_RATIONALE,
        "floors met: " + metricLine(json))));
    tick();
    approvals.add(g.approvals().decide(name, v, new Decision(PRODUCT_OWNER, "PRODUCT_OWNER", true,
        "customer-facing behaviour reviewed against the risks listed in the report", DecisionMode.API, rel.checks(),
        ctx.evaluationSummary(), ctx.riskSummary(), ctx.deploymentUrl())));
    tick();
    DeployVerdict missing = null;
    if (rel.requiredRoles().contains(Role.COMPLIANCE_OFFICER)) {
      missing = g.gate().check(name, v, releasePolicy, reportBytes, "ci");
      out.printf("gate         after ML_LEAD + PRODUCT_OWNER: %s%n", missing.passed() ? "PASSED" : "BLOCKED: "
          + missing.reasons());
      approvals.add(g.approvals().decide(name, v, new Decision(COMPLIANCE, "COMPLIANCE_OFFICER", true,
          "fairness flags accepted: " + flagSummary(json) + "; inputs of that form are routed to clarification when "
              + "the top-1 margin is low, and the slice is re-measured at the next release", DecisionMode.API,
          rel.checks(), ctx.evaluationSummary(), ctx.riskSummary(), ctx.deploymentUrl())));
      tick();
    }
    for (ApprovalRecord a : approvals) {
      out.printf("approval     %s %s by %s (%s, %s)%n", a.approvalId(), a.approved() ? "APPROVED" : "REJECTED",
          a.approver(), a.role(), a.decisionMode());
    }
    DeployVerdict passed = g.gate().check(name, v, releasePolicy, reportBytes, "ci");
    out.printf("gate         '%s': %s%n", releasePolicy.name(), passed.passed() ? "PASSED" : "BLOCKED: " + passed.reasons());
    if (!passed.passed()) {
      throw new IllegalStateException("gate blocked: " + passed.reasons());
    }
    ReleaseRecord r = g.registry().promote(name, v, ReleaseRequest.builder().actor(RELEASE_MANAGER).codeCommit(codeCommit)
        .tag(name + "-" + v).configDigest(configDigest).deploymentUrl(deploymentUrl(m))
        .reason("reference release; gate passed with " + releasePolicy.name()).build());
    tick();
    Stage stage = g.registry().version(name, v).orElseThrow().stage();
    out.printf("promote      CANARY -> %s: release %s, approvals %s, eval report %s…, production alias -> %s%n", stage,
        r.releaseId(), r.approvalIds(), r.evalReportDigest().hex().substring(0, 12),
        g.registry().resolve(name, "production").orElseThrow());

    // Model card.
    Path card = workDir.resolve("MODEL_CARD-" + name + ".md");
    String text = ModelCardGenerator.builder().runbookUrl("../docs/runbook.md").build().generate(m, json);
    Files.writeString(card, text);
    return new ModelRelease(name, v, m.task(), reg, report, digest, def, defGate, raisedVerdict, raised, rel, refusal,
        missing, passed, approvals, r, stage, card);
  }

  private void tick() {
    if (clock instanceof ManualClock mc) {
      mc.advance(Duration.ofMinutes(1));
    }
  }

  static String metricLine(JsonNode json) {
    JsonNode x = json.path("metrics");
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "accuracy %.4f [%.4f, %.4f], macro_f1 %.4f, ece %.4f, oos.auroc %.4f, "
            + "wnut17.entity_f1 %.4f, bias_disparity %.4f, fairness_flags %d, risk_score %.4f",
        x.at("/accuracy/value").asDouble(), x.at("/accuracy/ci_lower").asDouble(), x.at("/accuracy/ci_upper").asDouble(),
        x.path("macro_f1").asDouble(), x.path("ece").asDouble(), x.at("/oos/auroc/value").asDouble(),
        x.at("/wnut17/entity_f1/value").asDouble(), x.path("bias_disparity").asDouble(), x.path("fairness_flags").asInt(),
        x.path("risk_score").asDouble()));
    return sb.toString();
  }

  static String flagSummary(JsonNode json) {
    List<String> parts = new ArrayList<>();
    for (JsonNode f : json.at("/fairness/flags")) {
      JsonNode s = json.path("slices").path(f.asText());
      parts.add(String.format(Locale.ROOT, "%s (%s, %d texts) accuracy %.4f vs %.4f overall", f.asText(),
          s.path("definition").asText(), s.path("examples").asInt(), s.at("/accuracy/value").asDouble(),
          json.at("/fairness/overall_accuracy").asDouble()));
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  private static String failed(PolicyVerdict v) {
    if (v.action() != PolicyAction.DENY) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (" + v.reason());
    for (ThresholdCheck c : v.checks()) {
      // The deciding rule's conditions (they held), or every failed condition when the default denied.
      if (v.matchedRule() >= 0 ? c.rule() == v.matchedRule() : !c.passed()) {
        sb.append("; ").append(c.metric()).append(' ').append(c.operator()).append(' ').append(c.expected())
            .append(": actual ").append(c.actual());
      }
    }
    return sb.append(")").toString();
  }

  private static String short12(Map<String, Checksum> digests) {
    Map<String, String> m = new TreeMap<>();
    digests.forEach((k, v) -> m.put(k, v.hex().substring(0, 12) + "…"));
    return m.toString();
  }

  private static String deploymentUrl(ModelManifest m) {
    return "classpath:/io/intentops/models/" + m.name() + "/ (io.intentops:intentops-models)";
  }

  private static String datasetOf(ModelManifest m) {
    return m.name().split("-")[0];
  }

  private static DatasetLicense license(String file, Checksum sha, String use) {
    String dir = file.split("/")[0];
    List<String> known = DatasetLicense.known(dir);
    if (known.isEmpty()) {
      return new DatasetLicense(dir, file + " (" + use + ")", sha, "unknown", "unknown");
    }
    return new DatasetLicense(known.get(0), file + " (" + use + ")", sha, known.get(1), known.get(2));
  }

  private static List<DatasetLicense> dedupe(List<DatasetLicense> in) {
    Map<String, DatasetLicense> m = new LinkedHashMap<>();
    in.forEach(d -> m.putIfAbsent(d.file(), d));
    return new ArrayList<>(m.values());
  }

  /**
   * The source commit: {@code git rev-parse HEAD} in the module directory; when git or a repository is not
   * available, the commit the eval report was produced at ({@code run.codeCommit}); else {@code unknown}.
   */
  private String[] codeCommit(JsonNode source) {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(moduleDir.toFile())
          .redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && s.matches("[0-9a-f]{40}")) {
        return new String[] {s, "git rev-parse HEAD"};
      }
    } catch (IOException e) {
      // no git: fall through to the eval report's commit
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String fromEval = source.path("code_commit").asText("");
    if (fromEval.matches("[0-9a-f]{40}")) {
      return new String[] {fromEval, "no git here: eval.json run.codeCommit"};
    }
    return new String[] {"unknown", "no git and no commit in eval.json"};
  }
}
