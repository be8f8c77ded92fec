package io.intentops.release.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.ModelVersion;
import io.intentops.governance.ApprovalStatus;
import io.intentops.governance.Governance;
import io.intentops.governance.Registry;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditQuery;
import io.intentops.governance.audit.AuditQueryResult;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.policy.PolicyVerdict;
import io.intentops.governance.policy.Role;
import io.intentops.release.ReleaseRefusedException;
import io.intentops.release.ReleaseRefusedException.Requirement;
import io.intentops.router.RoutingState;
import io.intentops.router.TrafficChange;
import io.intentops.router.TrafficGate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The registry-backed gate (stage table in {@code docs/release-loop.md}). Reads the registry, the
 * approvals and the audit log on every call; runs on operator and evaluation threads only.
 */
final class RegistryTrafficGate implements TrafficGate {
  /** Audit event type of a deploy-gate check ({@code DeployGate.check}). */
  static final String GATE_CHECK = "gate.check";

  private final Governance governance;
  private final String model;
  private final Set<Role> productionRoles;
  private final @Nullable Policy policy;

  RegistryTrafficGate(Governance governance, String model, Set<Role> productionRoles, @Nullable Policy policy) {
    this.governance = governance;
    this.model = model;
    this.policy = policy;
    this.productionRoles = productionRoles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(productionRoles);
  }

  @Override
  public void check(TrafficChange change) {
    ModelVersion v = change.version();
    Registry registry = governance.registry();
    Optional<VersionEntry> found = registry.version(model, v);
    if (found.isEmpty()) {
      throw new ReleaseRefusedException(change, Requirement.REGISTRATION,
          "registration: " + model + "@" + v + " is not in the registry", null);
    }
    VersionEntry e = found.get();
    // Full traffic: the stable role (start, promotion) or every bucket.
    boolean full = change.toStable() || change.toBps() >= RoutingState.TOTAL_BPS;
    switch (e.stage()) {
      case PRODUCTION -> {
        return;
      }
      case CANARY -> {
        requirePassedGate(change, e);
        if (full) {
          requireApprovals(change, e);
        }
      }
      case DEPRECATED -> {
        Optional<ModelVersion> previous = registry.resolve(model, Registry.PREVIOUS);
        // A revert to N-1: the only way a deprecated version is served again; recorded as a rollback.
        if (change.toStable() && previous.isPresent() && previous.get().equals(v)) {
          return;
        }
        throw new ReleaseRefusedException(change, Requirement.STAGE, "a servable stage: " + e.subject()
            + " is DEPRECATED and deprecated versions never receive traffic"
            + previous.map(p -> " (only the previous version " + p + " can become stable again, as a revert)").orElse(""),
            e.stage());
      }
      case ARCHIVED -> throw new ReleaseRefusedException(change, Requirement.STAGE,
          "a servable stage: " + e.subject() + " is ARCHIVED and archived versions never receive traffic", e.stage());
      default -> throw new ReleaseRefusedException(change, Requirement.STAGE, "stage CANARY: " + e.subject() + " is "
          + e.stage() + " (move it to CANARY after a passed deploy gate check)", e.stage());
    }
  }

  /** The latest deploy-gate check of the version must have passed, for the report attached now. */
  private void requirePassedGate(TrafficChange change, VersionEntry e) {
    String subject = e.subject();
    // The audit index finds this version's gate checks without reading the whole log; a (theoretical)
    // truncated answer falls back to the full scan.
    AuditQueryResult found = governance.auditLog().query(AuditQuery.builder().subject(subject).type(GATE_CHECK).build());
    List<AuditEntry> entries = found.truncated() ? governance.auditLog().entries() : found.entries();
    for (int i = entries.size() - 1; i >= 0; i--) {
      AuditEntry a = entries.get(i);
      if (!GATE_CHECK.equals(a.type()) || !subject.equals(a.subject())) {
        continue;
      }
      boolean passed = "true".equals(a.details().get("passed"));
      String digest = a.details().get("report_digest");
      if (!passed) {
        throw new ReleaseRefusedException(change, Requirement.DEPLOY_GATE, "a passed deploy gate check: the last check"
            + " of " + subject + " (audit entry " + a.index() + ") failed: " + a.details().getOrDefault("reasons", "?"),
            e.stage());
      }
      if (e.evalReportDigest() == null || !e.evalReportDigest().hex().equals(digest)) {
        throw new ReleaseRefusedException(change, Requirement.DEPLOY_GATE, "a passed deploy gate check of the attached"
            + " eval report: the last passed check of " + subject + " (audit entry " + a.index() + ") was for report "
            + digest + ", the attached one is " + e.evalReportDigest(), e.stage());
      }
      return;
    }
    throw new ReleaseRefusedException(change, Requirement.DEPLOY_GATE,
        "a passed deploy gate check: " + subject + " was never checked", e.stage());
  }

  private void requireApprovals(TrafficChange change, VersionEntry e) {
    ApprovalStatus st = governance.approvals().status(model, e.version());
    Set<Role> extra = EnumSet.noneOf(Role.class);
    extra.addAll(productionRoles);
    if (policy != null) {
      JsonNode report = governance.registry().evalReport(model, e.version()).orElseThrow(() ->
          new ReleaseRefusedException(change, Requirement.POLICY, "an attached eval report for policy '" + policy.name()
              + "': " + e.subject() + " has none", e.stage()));
      PolicyVerdict pv = policy.evaluate(report);
      if (pv.action() == PolicyAction.DENY) {
        throw new ReleaseRefusedException(change, Requirement.POLICY, "a release policy that allows it: policy '"
            + pv.policy() + "' denies " + e.subject() + ": " + pv.reason(), e.stage());
      }
      if (pv.action() == PolicyAction.REQUIRE_APPROVAL) {
        extra.addAll(pv.requiredRoles());
      }
    }
    if (!extra.isEmpty()) {
      Set<Role> required = EnumSet.copyOf(extra);
      required.addAll(st.requiredRoles());
      st = governance.approvals().status(model, e.version(), required);
    }
    if (st.approved()) {
      return;
    }
    String missing;
    if (!st.requested()) {
      missing = "an approval request: approval of " + e.subject() + " was never requested (required roles "
          + st.requiredRoles() + ")";
    } else if (!st.rejectedBy().isEmpty()) {
      missing = "no rejection: " + e.subject() + " was rejected by " + st.rejectedBy();
    } else {
      missing = "approval by role(s) " + st.missingRoles() + " for " + e.subject();
    }
    throw new ReleaseRefusedException(change, Requirement.APPROVAL, missing, e.stage());
  }
}
