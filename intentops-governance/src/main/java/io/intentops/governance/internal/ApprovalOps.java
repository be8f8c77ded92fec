package io.intentops.governance.internal;

import static io.intentops.governance.internal.Checks.requireText;
import static io.intentops.governance.internal.Checks.subject;

import io.intentops.core.Clock;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.ApprovalPolicy;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.ApprovalRequest;
import io.intentops.governance.ApprovalStatus;
import io.intentops.governance.Decision;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.auth.Permission;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.Role;
import io.intentops.governance.policy.UnknownRoleException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Approval requests, decisions (roles, ordered review steps) and approval status. Thread-safe. */
final class ApprovalOps {
  private final GovernanceStore store;
  private final AuditOutbox outbox;
  private final Clock clock;
  private final ApprovalPolicy approvalPolicy;
  private final AccessControl access;

  ApprovalOps(GovernanceStore store, AuditOutbox outbox, Clock clock, ApprovalPolicy approvalPolicy,
      AccessControl access) {
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
    this.approvalPolicy = approvalPolicy;
    this.access = access;
  }

  ApprovalPolicy policy() {
    return approvalPolicy;
  }

  ApprovalRequest request(String model, ModelVersion version, String submitter) {
    requireText(submitter, "submitter");
    return outbox.tx(() -> {
      VersionEntry e = Checks.require(store, model, version);
      if (e.stage() != Stage.CANDIDATE && e.stage() != Stage.CANARY) {
        throw new PolicyViolationException("Approval can be requested only for CANDIDATE or CANARY versions; "
            + e.subject() + " is " + e.stage());
      }
      if (e.evalReportDigest() == null) {
        throw new PolicyViolationException("Attach an eval report to " + e.subject()
            + " before requesting approval: approvers decide against evidence");
      }
      if (store.approvalRequest(model, version).isPresent()) {
        throw new PolicyViolationException("Approval of " + e.subject() + " was already requested");
      }
      ApprovalRequest r = new ApprovalRequest(e.subject(), model, version, submitter, clock.instant(),
          e.evalReportDigest());
      store.addApprovalRequest(r);
      outbox.emit(AuditEvent.of("approval.request", submitter, e.subject(),
          Map.of("report_digest", e.evalReportDigest().hex())));
      return r;
    });
  }

  /** A principal's decision: the decision's approver must be the caller. */
  ApprovalRecord decideAs(Principal who, String model, ModelVersion version, Decision d) {
    if (!d.approver().equals(who.id())) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "Decision.approver '"
          + d.approver() + "' is not the calling principal '" + who.id() + "'");
    }
    return decide(model, version, d, who);
  }

  /** The predefined role with this name, or null for a domain role. */
  private static @Nullable Role predefined(String roleName) {
    for (Role r : Role.values()) {
      if (r.name().equals(roleName)) {
        return r;
      }
    }
    return null;
  }

  /**
   * Resolves a decision's role. Unauthenticated: a predefined {@link Role} or a configured review step
   * (anything else is an {@link UnknownRoleException}, as before roles were data). With a principal:
   * any role it holds, and only those (claiming another role is an audited denial).
   */
  private String decisionRole(String model, ModelVersion version, String given, @Nullable Principal who) {
    String name;
    try {
      name = Principal.normalizeRole(given);
    } catch (InvalidInputException e) {
      throw new UnknownRoleException(given);
    }
    if (who == null) {
      if (predefined(name) == null && !approvalPolicy.isReviewStep(name)) {
        throw new UnknownRoleException(given);
      }
      return name;
    }
    if (!who.hasRole(name)) {
      access.deny(who, who.id(), Permission.DECIDE, subject(model, version), "access denied: " + who.id()
          + " decided as " + name + " but holds only " + who.roles());
    }
    return name;
  }

  ApprovalRecord decide(String model, ModelVersion version, Decision d, @Nullable Principal who) {
    requireText(d.approver(), "approver");
    String roleName = decisionRole(model, version, d.role(), who);
    Role role = predefined(roleName);
    if (d.rationale() == null || d.rationale().isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK,
          "A decision on " + model + "@" + version + " needs a rationale");
    }
    return outbox.tx(() -> {
      VersionEntry e = Checks.require(store, model, version);
      ApprovalRequest req = store.approvalRequest(model, version).orElseThrow(() -> new PolicyViolationException(
          "No approval request for " + e.subject() + "; request approval first"));
      if (req.submitter().equals(d.approver())) {
        throw new PolicyViolationException("Separation of duties: " + d.approver() + " submitted " + e.subject()
            + " and cannot decide on it");
      }
      List<ApprovalRecord> prior = store.approvals(model, version);
      for (ApprovalRecord p : prior) {
        if (p.approver().equals(d.approver())) {
          throw new PolicyViolationException("Decisions are final: " + d.approver() + " already "
              + (p.approved() ? "approved" : "rejected") + " " + e.subject() + " (" + p.approvalId() + ")");
        }
        if (!p.approved()) {
          throw new PolicyViolationException(e.subject() + " was rejected by " + p.approver() + " (" + p.approvalId()
              + "); the decision is final, register a new build");
        }
      }
      int step = approvalPolicy.reviewSteps().indexOf(roleName);
      if (d.approved() && step > 0) {
        List<String> missing = missingSteps(prior, approvalPolicy.reviewSteps().subList(0, step));
        if (!missing.isEmpty()) {
          throw new PolicyViolationException("Review steps are ordered " + approvalPolicy.reviewSteps() + ": "
              + roleName + " can approve " + e.subject() + " only after " + missing + " approved");
        }
      }
      String id = e.subject() + "#" + (prior.size() + 1);
      ApprovalRecord r = new ApprovalRecord(id, clock.instant(), d.mode(), d.approved(), d.approver(), role,
          d.rationale(), d.thresholdChecks(), d.evaluationSummary(), d.riskSummary(), d.deploymentUrl(), model, version,
          req.requestId(), roleName);
      store.addApproval(r);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("approval_id", id);
      details.put("approved", Boolean.toString(d.approved()));
      details.put("role", roleName);
      details.put("mode", d.mode().name());
      details.put("rationale", d.rationale());
      outbox.emit(AuditEvent.of("approval.decision", d.approver(), e.subject(), details));
      return r;
    });
  }

  ApprovalStatus status(String model, ModelVersion version) {
    return status(model, version, approvalPolicy.requiredRoles());
  }

  ApprovalStatus status(String model, ModelVersion version, Collection<Role> requiredRoles) {
    return status(model, version, requiredRoles, approvalPolicy.reviewSteps());
  }

  /**
   * The steps of {@code steps} not approved in order: walking the approvals in decision order, each
   * step needs an approval in its role after the one that satisfied the step before it.
   */
  static List<String> missingSteps(List<ApprovalRecord> records, List<String> steps) {
    int pos = -1;
    for (int k = 0; k < steps.size(); k++) {
      int found = -1;
      for (int j = pos + 1; j < records.size(); j++) {
        if (records.get(j).approved() && records.get(j).roleName().equals(steps.get(k))) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        return List.copyOf(steps.subList(k, steps.size()));
      }
      pos = found;
    }
    return List.of();
  }

  ApprovalStatus status(String model, ModelVersion version, Collection<Role> requiredRoles,
      List<String> steps) {
    Checks.require(store, model, version);
    boolean requested = store.approvalRequest(model, version).isPresent();
    Set<Role> approved = EnumSet.noneOf(Role.class);
    List<String> rejectedBy = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<ApprovalRecord> records = store.approvals(model, version);
    for (ApprovalRecord r : records) {
      if (r.approved()) {
        if (r.role() != null) {
          approved.add(r.role());
        }
        ids.add(r.approvalId());
      } else {
        rejectedBy.add(r.approver());
      }
    }
    Set<Role> required = EnumSet.noneOf(Role.class);
    required.addAll(requiredRoles);
    Set<Role> missing = EnumSet.copyOf(required.isEmpty() ? EnumSet.noneOf(Role.class) : required);
    missing.removeAll(approved);
    return new ApprovalStatus(model, version, requested, required, approved, missing, rejectedBy, ids, steps,
        missingSteps(records, steps));
  }

  List<ApprovalRecord> decisions(String model, ModelVersion version) {
    Checks.require(store, model, version);
    return store.approvals(model, version);
  }

  static String describe(ApprovalStatus st) {
    if (!st.requested()) {
      return "approval was never requested";
    }
    if (!st.rejectedBy().isEmpty()) {
      return "rejected by " + st.rejectedBy();
    }
    if (!st.missingRoles().isEmpty()) {
      return "missing approval from role(s) " + st.missingRoles()
          + (st.missingSteps().isEmpty() ? "" : " and review step(s) " + st.missingSteps() + " (in order)");
    }
    return "missing review step(s) " + st.missingSteps() + " (in order " + st.reviewSteps() + ")";
  }
}
