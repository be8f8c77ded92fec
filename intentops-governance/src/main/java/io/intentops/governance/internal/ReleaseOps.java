package io.intentops.governance.internal;

import static io.intentops.governance.Registry.PREVIOUS;
import static io.intentops.governance.Registry.PRODUCTION;
import static io.intentops.governance.internal.Checks.requireText;

import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.ApprovalStatus;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.auth.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Releases: promotion, rollback and corrections, each with its release record and release log. Thread-safe. */
final class ReleaseOps {
  private final GovernanceStore store;
  private final AuditOutbox outbox;
  private final Clock clock;
  private final RegistryOps registry;
  private final ApprovalOps approvals;
  private final BreakGlassOps breakGlass;

  ReleaseOps(GovernanceStore store, AuditOutbox outbox, Clock clock, RegistryOps registry, ApprovalOps approvals,
      BreakGlassOps breakGlass) {
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
    this.registry = registry;
    this.approvals = approvals;
    this.breakGlass = breakGlass;
  }

  static void sameActor(Principal who, ReleaseRequest request) {
    if (!request.actor().equals(who.id())) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "ReleaseRequest.actor '"
          + request.actor() + "' is not the calling principal '" + who.id() + "'");
    }
  }

  ReleaseRecord promote(String model, ModelVersion version, ReleaseRequest request) {
    return outbox.tx(() -> {
      VersionEntry e = Checks.require(store, model, version);
      if (e.stage() != Stage.CANARY) {
        throw new PolicyViolationException("Illegal transition " + e.stage() + " -> " + Stage.PRODUCTION + " for "
            + e.subject() + ": only a CANARY version can be promoted");
      }
      ApprovalStatus st = approvals.status(model, version);
      if (!st.approved()) {
        throw new PolicyViolationException("Cannot promote " + e.subject() + ": " + ApprovalOps.describe(st));
      }
      Map<String, ModelVersion> aliases = new TreeMap<>(store.aliases(model));
      ModelVersion old = aliases.get(PRODUCTION);
      if (old != null) {
        VersionEntry oldEntry = Checks.require(store, model, old);
        registry.move(oldEntry, Stage.DEPRECATED, request.actor(), "replaced by " + version);
        aliases.put(PREVIOUS, old);
      }
      registry.move(e, Stage.PRODUCTION, request.actor(), request.reason());
      aliases.put(PRODUCTION, version);
      store.saveAliases(model, aliases);
      outbox.emit(AuditEvent.of("registry.alias", request.actor(), model,
          Map.of("production", version.toString(), "previous", String.valueOf(aliases.get(PREVIOUS)))));
      String breakGlassId = breakGlass.activeOverride(e).map(BreakGlassRequest::overrideId).orElse(null);
      ReleaseRecord r = newRecord(ReleaseKind.PROMOTION, e, request.actor(), request.codeCommit(), request.tag(),
          request.configDigest(), request.deploymentUrl(), request.reason(), st.approvalIds(), null, old, breakGlassId);
      store.addRelease(r);
      store.appendReleaseLog(ReleaseLogs.entry("DEPLOY", r, e.location()));
      outbox.emit(AuditEvent.of("release.promotion", request.actor(), e.subject(), releaseDetails(r)));
      return r;
    });
  }

  ReleaseRecord rollback(String model, String actor, String reason) {
    requireText(actor, "actor");
    requireText(reason, "reason");
    return outbox.tx(() -> {
      Map<String, ModelVersion> aliases = new TreeMap<>(store.aliases(model));
      ModelVersion prod = aliases.get(PRODUCTION);
      ModelVersion prev = aliases.get(PREVIOUS);
      if (prod == null || prev == null) {
        throw new PolicyViolationException("Cannot roll back " + model + ": no " + (prod == null ? PRODUCTION : PREVIOUS)
            + " version");
      }
      VersionEntry target = Checks.require(store, model, prev);
      VersionEntry current = Checks.require(store, model, prod);
      RegistryOps.checkLegal(target, Stage.PRODUCTION);
      registry.move(current, Stage.DEPRECATED, actor, "rolled back: " + reason);
      VersionEntry restored = registry.move(target, Stage.PRODUCTION, actor, "rollback from " + prod + ": " + reason);
      aliases.put(PRODUCTION, prev);
      // The new N-1 is whatever was in production before the restored version, if still deployable.
      ModelVersion older = null;
      for (ReleaseRecord r : store.releases(model)) {
        if (r.version().equals(prev) && r.kind() != ReleaseKind.CORRECTION) {
          older = r.previousVersion();
        }
      }
      if (older != null && !older.equals(prod)
          && store.version(model, older).map(v -> v.stage() == Stage.DEPRECATED).orElse(false)) {
        aliases.put(PREVIOUS, older);
      } else {
        aliases.remove(PREVIOUS);
      }
      store.saveAliases(model, aliases);
      outbox.emit(AuditEvent.of("registry.alias", actor, model,
          Map.of("production", prev.toString(), "previous", String.valueOf(aliases.get(PREVIOUS)))));
      ReleaseRecord r = newRecord(ReleaseKind.ROLLBACK, restored, actor, "n/a", "rollback", null, null, reason,
          List.of(), null, prod, null);
      store.addRelease(r);
      store.appendReleaseLog(ReleaseLogs.entry("ROLLBACK", r, restored.location()));
      outbox.emit(AuditEvent.of("release.rollback", actor, restored.subject(), releaseDetails(r)));
      return r;
    });
  }

  ReleaseRecord correct(String model, String releaseId, ReleaseRequest request) {
    return outbox.tx(() -> {
      ReleaseRecord orig = store.releases(model).stream().filter(r -> r.releaseId().equals(releaseId)).findFirst()
          .orElseThrow(() -> new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
              "No release " + releaseId + " of model " + model));
      VersionEntry e = Checks.require(store, model, orig.version());
      ReleaseRecord r = newRecord(ReleaseKind.CORRECTION, e, request.actor(), request.codeCommit(), request.tag(),
          request.configDigest(), request.deploymentUrl(), request.reason(), orig.approvalIds(), releaseId,
          orig.previousVersion(), orig.breakGlassId());
      store.addRelease(r);
      outbox.emit(AuditEvent.of("release.correction", request.actor(), e.subject(), releaseDetails(r)));
      return r;
    });
  }

  private ReleaseRecord newRecord(ReleaseKind kind, VersionEntry e, String actor, String commit, String tag,
      @Nullable Checksum config, @Nullable String url, String reason, List<String> approvalIds,
      @Nullable String corrects, @Nullable ModelVersion previous, @Nullable String breakGlassId) {
    long seq = store.releases(e.model()).size() + 1L;
    return new ReleaseRecord(e.model() + "-r" + seq, seq, kind, e.model(), e.version(), e.bundleDigest(),
        e.datasetDigests(), config, e.evalReportDigest(), commit, tag, url, reason, clock.instant(), actor, approvalIds,
        corrects, previous, breakGlassId);
  }

  private static Map<String, String> releaseDetails(ReleaseRecord r) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("release_id", r.releaseId());
    d.put("kind", r.kind().name());
    d.put("bundle_digest", r.bundleDigest().hex());
    d.put("eval_report_digest", String.valueOf(r.evalReportDigest()));
    d.put("code_commit", r.codeCommit());
    d.put("tag", r.tag());
    d.put("reason", r.reason());
    d.put("approvals", String.join(",", r.approvalIds()));
    if (r.corrects() != null) {
      d.put("corrects", r.corrects());
    }
    if (r.breakGlassId() != null) {
      d.put("break_glass", r.breakGlassId());
    }
    return d;
  }
}
