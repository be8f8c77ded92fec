package io.intentops.governance.internal;

import static io.intentops.governance.Registry.PREVIOUS;
import static io.intentops.governance.Registry.PRODUCTION;
import static io.intentops.governance.internal.Checks.ALIAS;
import static io.intentops.governance.internal.Checks.checkModel;
import static io.intentops.governance.internal.Checks.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Stage;
import io.intentops.governance.StageTransition;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.support.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Registry writes: registration, eval reports, stage transitions and user aliases. Thread-safe. */
final class RegistryOps {
  private final GovernanceStore store;
  private final AuditOutbox outbox;
  private final Clock clock;

  RegistryOps(GovernanceStore store, AuditOutbox outbox, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.clock = clock;
  }

  VersionEntry register(String model, ModelVersion version, Checksum bundleDigest,
      Map<String, Checksum> datasetDigests, String location, String actor) {
    checkModel(model);
    requireText(actor, "actor");
    requireText(location, "location");
    return outbox.tx(() -> {
      if (store.version(model, version).isPresent()) {
        throw new PolicyViolationException(model + "@" + version + " is already registered; versions are immutable, "
            + "register a new build (" + version.nextBuild() + ")");
      }
      Instant now = clock.instant();
      VersionEntry e = new VersionEntry(model, version, Stage.EXPERIMENT, bundleDigest, datasetDigests, location, null,
          actor, now, List.of(new StageTransition(Stage.EXPERIMENT, Stage.EXPERIMENT, actor, "registered", now)));
      store.saveVersion(e);
      outbox.emit(AuditEvent.of("registry.register", actor, e.subject(), Map.of(
          "bundle_digest", bundleDigest.hex(), "location", location, "datasets", datasetDigests.toString())));
      return e;
    });
  }

  Checksum attach(String model, ModelVersion version, byte[] reportJson, String actor) {
    Json.tree(reportJson, "eval report for " + model + "@" + version); // must be JSON
    return outbox.tx(() -> {
      VersionEntry e = Checks.require(store, model, version);
      if (store.approvalRequest(model, version).isPresent()) {
        throw new PolicyViolationException("Cannot attach a new eval report to " + e.subject()
            + ": approval was already requested against report " + e.evalReportDigest()
            + "; register a new build instead");
      }
      if (e.stage() == Stage.ARCHIVED) {
        throw new PolicyViolationException("Cannot attach an eval report to archived " + e.subject());
      }
      Checksum d = store.putEvalReport(reportJson);
      store.saveVersion(e.withEvalReport(d));
      outbox.emit(AuditEvent.of("registry.eval_report", actor, e.subject(), Map.of("report_digest", d.hex())));
      return d;
    });
  }

  Optional<JsonNode> evalReport(String model, ModelVersion version) {
    VersionEntry e = Checks.require(store, model, version);
    if (e.evalReportDigest() == null) {
      return Optional.empty();
    }
    return store.evalReport(e.evalReportDigest()).map(b -> Json.tree(b, "eval report " + e.evalReportDigest()));
  }

  VersionEntry transition(String model, ModelVersion version, Stage to, String actor, String reason) {
    requireText(actor, "actor");
    requireText(reason, "reason");
    return outbox.tx(() -> {
      VersionEntry e = Checks.require(store, model, version);
      checkLegal(e, to);
      if (to == Stage.PRODUCTION) {
        throw new PolicyViolationException("Transition " + e.stage() + " -> " + to + " of " + e.subject()
            + " goes through promote() (approvals, release record) or rollback(), not transition()");
      }
      if (e.stage() == Stage.PRODUCTION) {
        throw new PolicyViolationException("Transition " + e.stage() + " -> " + to + " of " + e.subject()
            + " happens only when another version is promoted or on rollback()");
      }
      Map<String, ModelVersion> aliases = store.aliases(model);
      if (to == Stage.ARCHIVED) {
        for (Map.Entry<String, ModelVersion> a : aliases.entrySet()) {
          if (a.getValue().equals(version) && (a.getKey().equals(PREVIOUS) || a.getKey().equals(PRODUCTION))) {
            throw new PolicyViolationException("Transition " + e.stage() + " -> " + to + " of " + e.subject()
                + " refused: it is the '" + a.getKey() + "' version, kept for rollback");
          }
        }
      }
      return move(e, to, actor, reason);
    });
  }

  /** Moves {@code e} to {@code to} and audits it; call inside a transaction. */
  VersionEntry move(VersionEntry e, Stage to, String actor, String reason) {
    checkLegal(e, to);
    VersionEntry moved = e.moveTo(new StageTransition(e.stage(), to, actor, reason, clock.instant()));
    store.saveVersion(moved);
    outbox.emit(AuditEvent.of("registry.transition", actor, e.subject(),
        Map.of("from", e.stage().name(), "to", to.name(), "reason", reason)));
    return moved;
  }

  static void checkLegal(VersionEntry e, Stage to) {
    if (!e.stage().canMoveTo(to)) {
      throw new PolicyViolationException("Illegal transition " + e.stage() + " -> " + to + " for " + e.subject()
          + " (allowed from " + e.stage() + ": " + (e.stage().next().isEmpty() ? "none" : e.stage().next()) + ")");
    }
  }

  void setAlias(String model, String alias, ModelVersion version, String actor) {
    if (!ALIAS.matcher(alias).matches()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Alias '" + alias + "' must match " + ALIAS.pattern());
    }
    if (alias.equals(PRODUCTION) || alias.equals(PREVIOUS)) {
      throw new PolicyViolationException("Alias '" + alias + "' is managed by promote() and rollback()");
    }
    outbox.tx(() -> {
      Checks.require(store, model, version);
      Map<String, ModelVersion> a = new TreeMap<>(store.aliases(model));
      a.put(alias, version);
      store.saveAliases(model, a);
      outbox.emit(AuditEvent.of("registry.alias", actor, model, Map.of(alias, version.toString())));
      return null;
    });
  }
}
