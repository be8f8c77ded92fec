package io.intentops.governance.internal;

import static io.intentops.governance.internal.Checks.requireText;
import static io.intentops.governance.internal.Checks.subject;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.BreakGlassApproval;
import io.intentops.governance.BreakGlassPolicy;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.auth.Permission;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.policy.PolicyVerdict;
import io.intentops.governance.support.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Break-glass overrides of a denying policy: requests, multi-role approvals, the active one. Thread-safe. */
final class BreakGlassOps {
  private final GovernanceStore store;
  private final AuditOutbox outbox;
  private final Clock clock;
  private final BreakGlassPolicy breakGlassPolicy;
  private final AccessControl access;

  BreakGlassOps(GovernanceStore store, AuditOutbox outbox, Clock clock, BreakGlassPolicy breakGlassPolicy,
      AccessControl access) {
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
    this.breakGlassPolicy = breakGlassPolicy;
    this.access = access;
  }

  /** Call after the caller passed {@link Permission#REQUEST_OVERRIDE}. */
  BreakGlassRequest request(Principal who, String model, ModelVersion version, Policy policy, byte[] reportJson,
      String justification) {
    requireText(justification, "break-glass justification");
    JsonNode report = Json.tree(reportJson, "eval report");
    Checksum digest = Checksum.sha256(reportJson);
    return outbox.tx(() -> {
      VersionEntry e = Checks.require(store, model, version);
      if (e.stage() == Stage.ARCHIVED || e.stage() == Stage.PRODUCTION || e.stage() == Stage.DEPRECATED) {
        throw new PolicyViolationException("Break glass applies to a version on its way to production; " + e.subject()
            + " is " + e.stage());
      }
      if (e.evalReportDigest() == null || !e.evalReportDigest().matches(digest)) {
        throw new PolicyViolationException("Break glass needs the eval report attached to " + e.subject() + " ("
            + e.evalReportDigest() + "), got " + digest);
      }
      PolicyVerdict pv = policy.evaluate(report, Checks.productionReport(store, model));
      if (pv.action() != PolicyAction.DENY) {
        throw new PolicyViolationException("Policy '" + policy.name() + "' does not deny " + e.subject() + " ("
            + pv.reason() + "): there is nothing to override");
      }
      int n = store.breakGlassRequests(model, version).size() + 1;
      BreakGlassRequest r = new BreakGlassRequest(e.subject() + "!bg" + n, model, version, policy.name(), digest,
          pv.reason(), justification.strip(), who.id(), clock.instant(), breakGlassPolicy.approverRoles());
      store.addBreakGlassRequest(r);
      Map<String, String> d = new LinkedHashMap<>();
      d.put("override_id", r.overrideId());
      d.put("policy", r.policy());
      d.put("report_digest", digest.hex());
      d.put("deny_reason", r.denyReason());
      d.put("justification", r.justification());
      d.put("approver_roles", String.join(",", r.approverRoles()));
      outbox.emit(AuditEvent.of("breakglass.request", who.id(), e.subject(), d));
      return r;
    });
  }

  /** Call after the caller passed {@link Permission#APPROVE_OVERRIDE}. */
  BreakGlassApproval approve(Principal who, String model, ModelVersion version, String overrideId, String role,
      String rationale) {
    requireText(rationale, "rationale");
    String roleName = Principal.normalizeRole(role);
    if (!who.hasRole(roleName)) {
      access.deny(who, who.id(), Permission.APPROVE_OVERRIDE, subject(model, version), "access denied: " + who.id()
          + " approved break glass as " + roleName + " but holds only " + who.roles());
    }
    return outbox.tx(() -> {
      VersionEntry e = Checks.require(store, model, version);
      BreakGlassRequest req = store.breakGlassRequests(model, version).stream()
          .filter(r -> r.overrideId().equals(overrideId)).findFirst()
          .orElseThrow(() -> new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
              "No break-glass request " + overrideId + " for " + e.subject()));
      if (req.requestedBy().equals(who.id())) {
        throw new PolicyViolationException("Separation of duties: " + who.id() + " requested " + overrideId
            + " and cannot approve it");
      }
      if (!req.approverRoles().contains(roleName)) {
        throw new PolicyViolationException("Break glass " + overrideId + " is approved by " + req.approverRoles()
            + ", not " + roleName);
      }
      List<BreakGlassApproval> prior = store.breakGlassApprovals(model, version).stream()
          .filter(a -> a.overrideId().equals(overrideId)).toList();
      for (BreakGlassApproval a : prior) {
        if (a.approver().equals(who.id())) {
          throw new PolicyViolationException("Break glass needs different people: " + who.id() + " already approved "
              + overrideId + " as " + a.role());
        }
        if (a.role().equals(roleName)) {
          throw new PolicyViolationException("Role " + roleName + " already approved " + overrideId + " (" + a.approver()
              + ")");
        }
      }
      BreakGlassApproval a = new BreakGlassApproval(overrideId, model, version, prior.size() + 1, who.id(), roleName,
          rationale.strip(), clock.instant());
      store.addBreakGlassApproval(a);
      outbox.emit(AuditEvent.of("breakglass.approval", who.id(), e.subject(), Map.of("override_id", overrideId, "role",
          roleName, "rationale", a.rationale())));
      if (prior.size() + 1 == req.approverRoles().size()) {
        outbox.emit(AuditEvent.of("breakglass.active", who.id(), e.subject(), Map.of("override_id", overrideId,
            "policy", req.policy(), "report_digest", req.reportDigest().hex(), "justification", req.justification())));
      }
      return a;
    });
  }

  List<BreakGlassRequest> requests(String model, ModelVersion version) {
    Checks.require(store, model, version);
    return store.breakGlassRequests(model, version);
  }

  List<BreakGlassApproval> approvals(String model, ModelVersion version) {
    Checks.require(store, model, version);
    return store.breakGlassApprovals(model, version);
  }

  Optional<BreakGlassRequest> active(String model, ModelVersion version) {
    return activeOverride(Checks.require(store, model, version));
  }

  /** The latest override of {@code e}'s attached report whose every approver role has approved. */
  Optional<BreakGlassRequest> activeOverride(VersionEntry e) {
    List<BreakGlassApproval> approvals = store.breakGlassApprovals(e.model(), e.version());
    BreakGlassRequest found = null;
    for (BreakGlassRequest r : store.breakGlassRequests(e.model(), e.version())) {
      Set<String> roles = approvals.stream().filter(a -> a.overrideId().equals(r.overrideId()))
          .map(BreakGlassApproval::role).collect(Collectors.toSet());
      if (roles.containsAll(r.approverRoles()) && e.evalReportDigest() != null
          && e.evalReportDigest().matches(r.reportDigest())) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }
}
