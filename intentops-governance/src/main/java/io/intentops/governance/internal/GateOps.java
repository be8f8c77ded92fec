package io.intentops.governance.internal;

import static io.intentops.governance.internal.Checks.checkModel;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.ApprovalPolicy;
import io.intentops.governance.ApprovalStatus;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.DeployVerdict;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.policy.PolicyVerdict;
import io.intentops.governance.policy.Role;
import io.intentops.governance.support.internal.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The deploy gate: policy, attached report, approvals and break glass into one audited verdict. Thread-safe. */
final class GateOps {
  private final GovernanceStore store;
  private final AuditOutbox outbox;
  private final Clock clock;
  private final ApprovalOps approvals;
  private final BreakGlassOps breakGlass;

  GateOps(GovernanceStore store, AuditOutbox outbox, Clock clock, ApprovalOps approvals, BreakGlassOps breakGlass) {
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
    this.approvals = approvals;
    this.breakGlass = breakGlass;
  }

  DeployVerdict check(String model, ModelVersion version, Policy policy, byte[] reportJson, String actor) {
    checkModel(model);
    ApprovalPolicy approvalPolicy = approvals.policy();
    JsonNode report = Json.tree(reportJson, "eval report");
    Checksum digest = Checksum.sha256(reportJson);
    PolicyVerdict pv = policy.evaluate(report, Checks.productionReport(store, model));
    List<String> reasons = new ArrayList<>();
    Optional<VersionEntry> e = store.version(model, version);
    ApprovalStatus st = null;
    if (e.isEmpty()) {
      reasons.add(model + "@" + version + " is not registered");
    } else {
      VersionEntry v = e.get();
      if (v.stage() == Stage.ARCHIVED) {
        reasons.add(v.subject() + " is ARCHIVED");
      }
      if (v.evalReportDigest() == null) {
        reasons.add("no eval report is attached to " + v.subject());
      } else if (!v.evalReportDigest().matches(digest)) {
        reasons.add("the report given (" + digest + ") is not the one attached to " + v.subject() + " ("
            + v.evalReportDigest() + ")");
      }
      Set<Role> required = EnumSet.noneOf(Role.class);
      required.addAll(approvalPolicy.requiredRoles());
      if (pv.action() == PolicyAction.REQUIRE_APPROVAL) {
        required.addAll(pv.requiredRoles());
      }
      st = approvals.status(model, version, required, approvalPolicy.reviewSteps());
      if (pv.action() == PolicyAction.REQUIRE_APPROVAL && !pv.reviewSteps().isEmpty()) {
        // The rule's steps are their own order: checked apart from the configured ones, not merged.
        List<String> policyMissing = ApprovalOps.missingSteps(store.approvals(model, version), pv.reviewSteps());
        List<String> steps = new ArrayList<>(st.reviewSteps());
        List<String> missing = new ArrayList<>(st.missingSteps());
        pv.reviewSteps().stream().filter(x -> !steps.contains(x)).forEach(steps::add);
        policyMissing.stream().filter(x -> !missing.contains(x)).forEach(missing::add);
        st = new ApprovalStatus(model, version, st.requested(), st.requiredRoles(), st.approvedRoles(),
            st.missingRoles(), st.rejectedBy(), st.approvalIds(), steps, missing);
      }
      if (!st.approved()) {
        reasons.add("not approved: " + ApprovalOps.describe(st));
      }
    }
    String overrideId = null;
    if (pv.action() == PolicyAction.DENY && e.isPresent()) {
      overrideId = breakGlass.activeOverride(e.get())
          .filter(o -> o.policy().equals(policy.name()) && o.reportDigest().matches(digest))
          .map(BreakGlassRequest::overrideId).orElse(null);
    }
    if (pv.action() == PolicyAction.DENY && overrideId == null) {
      String failed = pv.checks().stream().filter(c -> !c.passed())
          .map(c -> c.metric() + " " + c.operator() + " " + c.expected() + " (actual " + c.actual() + ")")
          .collect(Collectors.joining("; "));
      reasons.add("policy '" + pv.policy() + "' denies: " + pv.reason() + (failed.isEmpty() ? "" : "; failed: " + failed));
    }
    DeployVerdict g = new DeployVerdict(reasons.isEmpty(), model, version, e.map(VersionEntry::stage).orElse(null), digest, pv,
        st, reasons, clock.instant(), overrideId);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("passed", Boolean.toString(g.passed()));
    details.put("policy", policy.name());
    details.put("policy_action", pv.action().jsonName());
    details.put("report_digest", digest.hex());
    details.put("reasons", String.join(" | ", reasons));
    if (overrideId != null) {
      details.put("break_glass", overrideId);
    }
    outbox.appendNow(AuditEvent.of("gate.check", actor, model + "@" + version, details));
    return g;
  }
}
