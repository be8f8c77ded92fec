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
import io.intentops.governance.audit.AuditQuery;
import io.intentops.governance.audit.AuditQueryResult;
import io.intentops.governance.audit.ConsistencyCheck;
import io.intentops.governance.auth.AccessDeniedException;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.docs.AnnexIvPack;
import io.intentops.governance.docs.ReleaseBinding;
import io.intentops.governance.docs.SopApproval;
import io.intentops.governance.lineage.LineageGraph;
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
  static final String QA_TESTER = "tess";
  /** The committed HTML report of the eval harness, relative to the module directory. */
  static final String HTML_REPORT = "eval/report.html";

  // Who holds which roles (the host's authentication would say so; here they are data).
  static final Principal P_SUBMITTER = Principal.of(SUBMITTER, "EDITOR", "ML_LEAD");
  static final Principal P_ML_LEAD = Principal.of(ML_LEAD, "ML_LEAD");
  static final Principal P_PRODUCT_OWNER = Principal.of(PRODUCT_OWNER, "PRODUCT_OWNER");
  static final Principal P_COMPLIANCE = Principal.of(COMPLIANCE, "COMPLIANCE_OFFICER");
  static final Principal P_RELEASE_MANAGER = Principal.of(RELEASE_MANAGER, "RELEASE_MANAGER");
  static final Principal P_QA = Principal.of(QA_TESTER, "QA_TESTER");
  static final Principal P_CI = Principal.of("ci", "EDITOR");

  /** What happened to one bundle. */
  record ModelRelease(String model, ModelVersion version, Task task, VersionEntry registered, GovernanceReport report,
      Checksum reportDigest, PolicyVerdict defaultVerdict, DeployVerdict defaultGate, PolicyVerdict raisedFloorVerdict,
      double raisedFloor, PolicyVerdict releaseVerdict, String selfApprovalRefusal, @Nullable DeployVerdict gateMissingRole,
      DeployVerdict gatePassed, List<ApprovalRecord> approvals, ReleaseRecord release, Stage finalStage, Path card,
      String accessDenied, @Nullable DeployVerdict gateMissingReview, Path annexIv, Path lineageSvg, Path lineageDot,
      Path lineageJson, List<Path> sopApprovals) {}

  /** The whole run. */
  record Result(List<ModelRelease> releases, Checksum evalJsonDigest, Map<String, String> datasetChecks,
      String codeCommit, String codeCommitSource, Checksum configDigest, AuditVerification audit, SignedHead head,
      boolean lastEntryInclusionProved, List<String> auditTypes, AuditVerification tampered, long flippedByte,
      long flippedEntry, Path dataLicenses, SignedHead firstReleaseHead, ConsistencyCheck consistency,
      ConsistencyCheck rebuiltConsistency, long deniedEntries) {}

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
    SignedHead firstHead = null;
    ConsistencyCheck consistency;
    long denied;
    try (Governance g = Governance.builder().directory(store).clock(clock).auditHmacKey(hmacKey)
        .authorizer(Authorizer.roleBased()).build()) {
      for (Map.Entry<String, ModelManifest> e : manifests.entrySet()) {
        releases.add(release(g, e.getValue(), bundleDirs.get(e.getKey()), evalJson, releasePolicy, commit[0],
            configDigest));
        if (firstHead == null) {
          firstHead = g.auditLog().head(); // as if published after the first release
        }
      }
      audit = g.auditLog().verify();
      head = g.auditLog().head();
      inclusion = AuditLog.verifyInclusion(g.auditLog().inclusionProof(g.auditLog().size() - 1));
      types = g.auditLog().entries().stream().map(x -> x.type()).toList();
      consistency = g.auditLog().checkConsistency(firstHead);
      AuditQueryResult deniedQ = g.auditLog().query(AuditQuery.builder().type("auth.denied").build());
      denied = deniedQ.entries().size();
      out.printf("audit query  type auth.denied: %d entries (%s), inclusion proofs %s%n", denied,
          deniedQ.entries().stream().map(x -> x.actor() + " " + x.details().get("permission")).toList(),
          deniedQ.verify() ? "verified" : "FAILED");
    }
    out.printf("audit        %d entries, verify: %s, root %s, HMAC-signed head: %s, inclusion proof of entry %d: %s%n",
        audit.entries(), audit.valid() ? "VALID" : "INVALID " + audit.reason(), head.root().hex(),
        head.signature() != null, head.size() - 1, inclusion ? "ok" : "FAILED");
    out.printf("consistency  head published after the first release (%d entries) -> current head (%d): %s%n",
        firstHead.size(), head.size(), consistency.consistent() ? "CONSISTENT (append-only)" : consistency.message());

    // Truncate a copy of the log to half the published head and rebuild it longer with the key: it verifies on
    // its own, but not against the published head.
    Path rebuilt = workDir.resolve("rebuilt-audit");
    Files.createDirectories(rebuilt);
    List<String> auditLines = Files.readAllLines(store.resolve(Governance.DEFAULT_AUDIT_DIR).resolve("audit.jsonl"));
    Files.write(rebuilt.resolve("audit.jsonl"), auditLines.subList(0, (int) firstHead.size() / 2));
    ConsistencyCheck rebuiltCheck;
    AuditVerification rebuiltVerify;
    try (AuditLog t = AuditLog.builder().directory(rebuilt).clock(clock).hmacKey(hmacKey).open()) {
      while (t.size() <= head.size()) {
        t.append(io.intentops.governance.audit.AuditEvent.of("registry.transition", "mallory", "rewritten"));
      }
      rebuiltVerify = t.verify();
      rebuiltCheck = t.checkConsistency(firstHead);
    }
    out.printf("rebuilt log  truncated to %d entries and rebuilt to %d: own verify %s; against the published head: %s%n",
        firstHead.size() / 2, rebuiltCheck.current().size(), rebuiltVerify.valid() ? "VALID" : "INVALID",
        rebuiltCheck.consistent() ? "CONSISTENT (not caught!)" : "INCONSISTENT");

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
    // Dataset manifests with consent and retention statements, one per dataset directory (PII findings are
    // left null: the datasets are scanned by governance's DatasetPiiScanTest, not here).
    Map<String, Map<String, Checksum>> byDir = new TreeMap<>();
    for (DatasetLicense d : dedupe(licenses)) {
      String file = d.file().substring(0, d.file().indexOf(" ("));
      byDir.computeIfAbsent(file.split("/")[0], k -> new TreeMap<>()).put(file, d.sha256());
    }
    Path datasetDir = workDir.resolve("datasets");
    Files.createDirectories(datasetDir);
    for (Map.Entry<String, Map<String, Checksum>> e : byDir.entrySet()) {
      Files.writeString(datasetDir.resolve(e.getKey() + ".json"),
          io.intentops.governance.docs.DatasetManifest.known(e.getKey(), e.getValue(), null).toJson());
    }
    out.printf("datasets     manifests with consent and retention for %s%n", byDir.keySet());
    out.printf("documents    %s, %s, %s, %s, %s, lineage-*.svg/.dot/.json, approvals/*.json%n",
        workDir.relativize(releases.get(0).card()), workDir.relativize(releases.get(1).card()),
        workDir.relativize(releases.get(0).annexIv()), workDir.relativize(releases.get(1).annexIv()),
        workDir.relativize(dataLicenses));
    return new Result(releases, evalDigest, datasetChecks, commit[0], commit[1], configDigest, audit, head, inclusion,
        types, tampered, pos, entry, dataLicenses, firstHead, consistency, rebuiltCheck, denied);
  }

  private ModelRelease release(Governance g, ModelManifest m, Path bundleDir, Path evalJson, Policy releasePolicy,
      String codeCommit, Checksum configDigest) throws IOException {
    String name = m.name();
    ModelVersion v = m.version();
    out.printf("-- %s %s (%s)%n", name, v, m.task().id());
    String accessDenied;
    try {
      g.registry().registerBundle(bundleDir, SUBMITTER); // principal-less: refused once an authorizer is configured
      throw new IllegalStateException("an unauthenticated call was accepted");
    } catch (AccessDeniedException e) {
      accessDenied = e.getMessage();
    }
    out.printf("access       principal-less register refused: %s%n", accessDenied);
    VersionEntry reg = g.registry().registerBundle(P_SUBMITTER, bundleDir);
    out.printf("register     stage %s, bundle digest (manifest sha256) %s, training data %s%n", reg.stage(),
        reg.bundleDigest().hex(), short12(reg.datasetDigests()));
    GovernanceReport report = EvalReportAdapter.fromEvalJson(evalJson, name);
    JsonNode json = report.json();
    byte[] reportBytes = report.jsonBytes();
    Checksum digest = g.registry().attachEvalReport(P_SUBMITTER, name, v, reportBytes);
    tick();
    out.printf("eval report  governance report sha256 %s (from eval.json %s…)%n", digest.hex(),
        report.evalJsonSha256().hex().substring(0, 12));
    out.printf("metrics      %s%n", metricLine(json));
    g.registry().transition(P_SUBMITTER, name, v, Stage.CANDIDATE, "offline evaluation attached");
    g.registry().transition(P_SUBMITTER, name, v, Stage.CANARY, "canary with a small traffic share");
    tick();
    out.printf("lifecycle    EXPERIMENT -> CANDIDATE -> CANARY%n");

    // Policies.
    PolicyVerdict def = Policy.defaultPolicy().evaluate(json);
    out.printf("policy       default '%s': %s%s%n", def.policy(), def.action().jsonName(), failed(def));
    DeployVerdict defGate = g.gate().check(P_CI, name, v, Policy.defaultPolicy(), reportBytes);
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
    out.printf("policy       '%s': %s, approver roles %s, review steps in order %s%n", rel.policy(), rel.reason(),
        rel.requiredRoles(), rel.reviewSteps());

    // Approvals.
    g.approvals().request(P_SUBMITTER, name, v);
    tick();
    String refusal;
    try {
      g.approvals().decide(P_SUBMITTER, name, v, Decision.of(SUBMITTER, "ML_LEAD", true, "I trained it, it is fine"));
      throw new IllegalStateException("self-approval was accepted");
    } catch (PolicyViolationException e) {
      refusal = e.getMessage();
    }
    out.printf("approval     requested by %s; self-approval refused: %s%n", SUBMITTER, refusal);
    SopContext ctx = SopContext.of(name, v, json, rel, MetricCatalogue.defaults(), deploymentUrl(m));
    List<ApprovalRecord> approvals = new ArrayList<>();
    approvals.add(ReleaseSop.using(g.approvals(), P_ML_LEAD).automated(ctx, Map.of(ReleaseSop.ENV_DECISION, "y",
        ReleaseSop.ENV_APPROVER, ML_LEAD, ReleaseSop.ENV_ROLE, "ML_LEAD", ReleaseSop.ENV_RATIONALE,
        "floors met: " + metricLine(json))));
    tick();
    approvals.add(g.approvals().decide(P_PRODUCT_OWNER, name, v, new Decision(PRODUCT_OWNER, "PRODUCT_OWNER", true,
        "customer-facing behaviour reviewed against the risks listed in the report", DecisionMode.API, rel.checks(),
        ctx.evaluationSummary(), ctx.riskSummary(), ctx.deploymentUrl())));
    tick();
    DeployVerdict missingReview = null;
    if (rel.reviewSteps().contains("QA_TESTER")) {
      missingReview = g.gate().check(P_CI, name, v, releasePolicy, reportBytes);
      out.printf("gate         after ML_LEAD + PRODUCT_OWNER, before the QA review: %s%n", missingReview.passed()
          ? "PASSED" : "BLOCKED: "
          + missingReview.reasons());
      approvals.add(g.approvals().decide(P_QA, name, v, new Decision(QA_TESTER, "QA_TESTER", true,
          "reference bundle loads from the classpath, files match the manifest digests, predictions reproduce the "
              + "committed eval.json", DecisionMode.API, rel.checks(), ctx.evaluationSummary(), ctx.riskSummary(),
          ctx.deploymentUrl())));
      tick();
    }
    DeployVerdict missing = null;
    if (rel.requiredRoles().contains(Role.COMPLIANCE_OFFICER)) {
      missing = g.gate().check(P_CI, name, v, releasePolicy, reportBytes);
      out.printf("gate         after the QA review: %s%n", missing.passed() ? "PASSED" : "BLOCKED: "
          + missing.reasons());
      approvals.add(g.approvals().decide(P_COMPLIANCE, name, v, new Decision(COMPLIANCE, "COMPLIANCE_OFFICER", true,
          "fairness flags accepted: " + flagSummary(json) + "; inputs of that form are routed to clarification when "
              + "the top-1 margin is low, and the slice is re-measured at the next release", DecisionMode.API,
          rel.checks(), ctx.evaluationSummary(), ctx.riskSummary(), ctx.deploymentUrl())));
      tick();
    }
    for (ApprovalRecord a : approvals) {
      out.printf("approval     %s %s by %s (%s, %s)%n", a.approvalId(), a.approved() ? "APPROVED" : "REJECTED",
          a.approver(), a.roleName(), a.decisionMode());
    }
    DeployVerdict passed = g.gate().check(P_CI, name, v, releasePolicy, reportBytes);
    out.printf("gate         '%s': %s%n", releasePolicy.name(), passed.passed() ? "PASSED" : "BLOCKED: " + passed.reasons());
    if (!passed.passed()) {
      throw new IllegalStateException("gate blocked: " + passed.reasons());
    }
    try {
      g.registry().promote(P_CI, name, v, ReleaseRequest.builder().actor("ci").codeCommit(codeCommit).tag("x").build());
      throw new IllegalStateException("ci (EDITOR) was allowed to promote");
    } catch (AccessDeniedException e) {
      out.printf("access       %s%n", e.getMessage());
    }
    ReleaseRecord r = g.registry().promote(P_RELEASE_MANAGER, name, v, ReleaseRequest.builder().actor(RELEASE_MANAGER)
        .codeCommit(codeCommit)
        .tag(name + "-" + v).configDigest(configDigest).deploymentUrl(deploymentUrl(m))
        .reason("reference release; gate passed with " + releasePolicy.name()).build());
    tick();
    Stage stage = g.registry().version(name, v).orElseThrow().stage();
    out.printf("promote      CANARY -> %s: release %s, approvals %s, eval report %s…, production alias -> %s%n", stage,
        r.releaseId(), r.approvalIds(), r.evalReportDigest().hex().substring(0, 12),
        g.registry().resolve(name, "production").orElseThrow());

    // Documents bound to the release: model card, Annex IV pack, SOP approval JSON, lineage.
    ReleaseBinding binding = new ReleaseBinding(r, EVAL_JSON, Checksum.sha256(evalJson), HTML_REPORT,
        Checksum.sha256(moduleDir.resolve(HTML_REPORT)), null, List.of());
    Path card = workDir.resolve("MODEL_CARD-" + name + ".md");
    String text = ModelCardGenerator.builder().runbookUrl("../docs/runbook.md").build().generate(m, json, binding);
    Files.writeString(card, text);
    AuditQueryResult events = g.auditLog().query(AuditQuery.builder().subject(name + "@" + v).build());
    Path annex = workDir.resolve("ANNEX_IV-" + name + ".md");
    Files.writeString(annex, AnnexIvPack.render(new AnnexIvPack.Inputs(m, g.registry().version(name, v).orElseThrow(),
        json, rel, g.approvals().decisions(name, v), binding, events, g.auditLog().verify().valid())));
    List<Path> sop = new ArrayList<>();
    for (ApprovalRecord a : g.approvals().decisions(name, v)) {
      Path f = workDir.resolve("approvals").resolve(a.approvalId().replace('@', '_').replace('#', '_') + ".json");
      Files.createDirectories(f.getParent());
      Files.writeString(f, SopApproval.of(a, json).toJson());
      sop.add(f);
    }
    LineageGraph lineage = LineageGraph.of(g.registry(), name, v);
    Path svg = workDir.resolve("lineage-" + name + ".svg");
    Path dot = workDir.resolve("lineage-" + name + ".dot");
    Path lj = workDir.resolve("lineage-" + name + ".json");
    Files.writeString(svg, lineage.toSvg());
    Files.writeString(dot, lineage.toDot());
    Files.writeString(lj, lineage.toJson());
    out.printf("events       %d audit entries about %s@%s, inclusion proofs %s%n", events.entries().size(), name, v,
        events.verify() ? "verified" : "FAILED");
    out.printf("lineage      %d nodes, %d edges: %s%n", lineage.nodes().size(), lineage.edges().size(),
        lineage.nodes().stream().map(n -> n.kind().name().toLowerCase(Locale.ROOT)).distinct().toList());
    return new ModelRelease(name, v, m.task(), reg, report, digest, def, defGate, raisedVerdict, raised, rel, refusal,
        missing, passed, approvals, r, stage, card, accessDenied, missingReview, annex, svg, dot, lj, sop);
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
