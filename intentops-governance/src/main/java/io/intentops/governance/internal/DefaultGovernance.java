package io.intentops.governance.internal;

import io.intentops.governance.support.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.InvalidInputException;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.governance.ApprovalPolicy;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.ApprovalRequest;
import io.intentops.governance.ApprovalStatus;
import io.intentops.governance.Approvals;
import io.intentops.governance.BreakGlass;
import io.intentops.governance.BreakGlassApproval;
import io.intentops.governance.BreakGlassPolicy;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.Decision;
import io.intentops.governance.DeployGate;
import io.intentops.governance.DeployVerdict;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Registry;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.policy.Role;
import io.intentops.governance.Stage;
import io.intentops.governance.StageTransition;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.auth.AccessDeniedException;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Permission;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.UnknownRoleException;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.PolicyAction;
import io.intentops.governance.policy.PolicyVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The registry, approvals and deploy gate over one store, audit log and clock. Thread-safe. */
public final class DefaultGovernance implements Registry, Approvals, DeployGate, BreakGlass {
  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private final GovernanceStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final ApprovalPolicy approvalPolicy;
  private final @Nullable Authorizer authorizer;
  private final BreakGlassPolicy breakGlassPolicy;

  /** Audit events of the transaction running on this thread (outbox, flushed after commit). */
  private final ThreadLocal<List<AuditEvent>> txEvents = new ThreadLocal<>();
  private final java.util.concurrent.atomic.AtomicLong txCounter = new java.util.concurrent.atomic.AtomicLong();

  public DefaultGovernance(GovernanceStore store, AuditLog audit, Clock clock, ApprovalPolicy approvalPolicy) {
    this(store, audit, clock, approvalPolicy, null, BreakGlassPolicy.defaults());
  }

  public DefaultGovernance(GovernanceStore store, AuditLog audit, Clock clock, ApprovalPolicy approvalPolicy,
      @Nullable Authorizer authorizer, BreakGlassPolicy breakGlassPolicy) {
    this.breakGlassPolicy = breakGlassPolicy;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.approvalPolicy = approvalPolicy;
    this.authorizer = authorizer;
    store.inTransaction(() -> {
      store.pendingAudit().keySet().forEach(id -> drain(id, true));
      return null;
    });
  }

  /**
   * Runs {@code work} as one store transaction whose audit events go to the outbox inside the same
   * transaction and are appended to the audit log right after the commit. Why: the store change and
   * its audit events then survive a crash together (a leftover outbox is drained on the next start).
   */
  private <T> T tx(java.util.function.Supplier<T> work) {
    if (txEvents.get() != null) {
      return work.get();
    }
    List<AuditEvent> events = new ArrayList<>();
    String[] id = new String[1];
    T result = store.inTransaction(() -> {
      txEvents.set(events);
      try {
        T r = work.get();
        if (!events.isEmpty()) {
          id[0] = txnId();
          store.addPendingAudit(id[0], tagged(events, id[0]));
        }
        return r;
      } finally {
        txEvents.remove();
      }
    });
    if (id[0] != null) {
      store.inTransaction(() -> {
        drain(id[0], false);
        return null;
      });
    }
    return result;
  }

  private void emit(AuditEvent e) {
    List<AuditEvent> events = txEvents.get();
    if (events == null) {
      throw new IllegalStateException("audit event outside a transaction: " + e.type());
    }
    events.add(e);
  }

  private static List<AuditEvent> tagged(List<AuditEvent> events, String id) {
    List<AuditEvent> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      AuditEvent e = events.get(i);
      Map<String, String> d = new TreeMap<>(e.details());
      d.put("txn", id + "/" + i);
      out.add(new AuditEvent(e.type(), e.actor(), e.subject(), d));
    }
    return out;
  }

  /**
   * Appends the outbox events of {@code id} not yet in the audit log, then removes the outbox entry.
   * {@code mayBePartial}: left by a crash, so some events may already be in the log.
   */
  private void drain(String id, boolean mayBePartial) {
    List<AuditEvent> events = store.pendingAudit().get(id);
    if (events == null) {
      return;
    }
    java.util.Set<String> done = new java.util.HashSet<>();
    if (mayBePartial) {
      // Only a crash between an append and the outbox removal leaves some appended; other writers may
      // have appended since, so scan the whole log (this happens once, at start-up).
      for (io.intentops.governance.audit.AuditEntry en : audit.entries()) {
        String t = en.details().get("txn");
        if (t != null && t.startsWith(id + "/")) {
          done.add(t);
        }
      }
    }
    for (AuditEvent e : events) {
      if (!done.contains(e.details().get("txn"))) {
        audit.append(e);
      }
    }
    store.removePendingAudit(id);
  }

  private final String instanceId = Long.toHexString(new java.security.SecureRandom().nextLong() | Long.MIN_VALUE);

  private String txnId() {
    // Random per-instance part: pids repeat across hosts and containers (pid 1), so they cannot keep
    // ids of concurrent writers to a shared store apart.
    return clock.instant().toEpochMilli() + "-" + instanceId + "-" + txCounter.incrementAndGet();
  }

  // ---------------------------------------------------------------- access control

  /** Whether an {@link Authorizer} is configured (principal-less calls are then refused). */
  public boolean authorizing() {
    return authorizer != null;
  }

  /** A principal-less (unauthenticated, embedded/dev) call: refused when an authorizer is configured. */
  private void legacy(Permission p, String subject, @Nullable String actor) {
    if (authorizer != null) {
      deny(null, actor, p, subject, "unauthenticated " + p + " on " + subject + " (actor '" + actor
          + "' is not a principal): an Authorizer is configured, use the Principal form");
    }
  }

  /** Checks {@code who} against the authorizer (every principal call passes when none is configured). */
  public void guard(Principal who, Permission p, String subject) {
    java.util.Objects.requireNonNull(who, "principal");
    if (authorizer != null && !authorizer.permits(who, p, subject)) {
      deny(who, who.id(), p, subject, "access denied: " + who.id() + " (roles " + who.roles() + ") may not " + p
          + " on " + subject);
    }
  }

  /** Audits the refusal (outside any transaction: nothing else happens) and throws. */
  private void deny(@Nullable Principal who, @Nullable String actor, Permission p, String subject, String message) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("permission", p.name());
    d.put("reason", message);
    d.put("authenticated", Boolean.toString(who != null));
    if (who != null) {
      d.put("roles", String.join(",", who.roles()));
    }
    String a = actor == null || actor.isBlank() ? "anonymous" : actor;
    audit.append(AuditEvent.of("auth.denied", a, subject, d));
    throw new AccessDeniedException(who == null ? null : who.id(), p, subject, message);
  }

  private static String subject(String model, ModelVersion version) {
    return model + "@" + version;
  }

  // ---------------------------------------------------------------- registry

  @Override
  public VersionEntry register(String model, ModelVersion version, Checksum bundleDigest,
      Map<String, Checksum> datasetDigests, String location, String actor) {
    legacy(Permission.REGISTER, subject(model, version), actor);
    return doRegister(model, version, bundleDigest, datasetDigests, location, actor);
  }

  @Override
  public VersionEntry register(Principal who, String model, ModelVersion version, Checksum bundleDigest,
      Map<String, Checksum> datasetDigests, String location) {
    guard(who, Permission.REGISTER, subject(model, version));
    return doRegister(model, version, bundleDigest, datasetDigests, location, who.id());
  }

  @Override
  public VersionEntry registerBundle(Principal who, Path bundleDir) {
    Path manifestFile = bundleDir.resolve("manifest.json");
    ModelManifest m = ModelManifests.read(manifestFile);
    guard(who, Permission.REGISTER, subject(m.name(), m.version()));
    return doRegister(m.name(), m.version(), Checksum.sha256(manifestFile), m.trainingData(),
        bundleDir.toAbsolutePath().normalize().toString(), who.id());
  }

  private VersionEntry doRegister(String model, ModelVersion version, Checksum bundleDigest,
      Map<String, Checksum> datasetDigests, String location, String actor) {
    checkModel(model);
    requireText(actor, "actor");
    requireText(location, "location");
    return tx(() -> {
      if (store.version(model, version).isPresent()) {
        throw new PolicyViolationException(model + "@" + version + " is already registered; versions are immutable, "
            + "register a new build (" + version.nextBuild() + ")");
      }
      Instant now = clock.instant();
      VersionEntry e = new VersionEntry(model, version, Stage.EXPERIMENT, bundleDigest, datasetDigests, location, null,
          actor, now, List.of(new StageTransition(Stage.EXPERIMENT, Stage.EXPERIMENT, actor, "registered", now)));
      store.saveVersion(e);
      emit(AuditEvent.of("registry.register", actor, e.subject(), Map.of(
          "bundle_digest", bundleDigest.hex(), "location", location, "datasets", datasetDigests.toString())));
      return e;
    });
  }

  @Override
  public VersionEntry registerBundle(Path bundleDir, String actor) {
    Path manifestFile = bundleDir.resolve("manifest.json");
    ModelManifest m = ModelManifests.read(manifestFile);
    return register(m.name(), m.version(), Checksum.sha256(manifestFile), m.trainingData(),
        bundleDir.toAbsolutePath().normalize().toString(), actor);
  }

  @Override
  public Checksum attachEvalReport(String model, ModelVersion version, byte[] reportJson, String actor) {
    legacy(Permission.ATTACH_EVAL, subject(model, version), actor);
    return doAttach(model, version, reportJson, actor);
  }

  @Override
  public Checksum attachEvalReport(Principal who, String model, ModelVersion version, byte[] reportJson) {
    guard(who, Permission.ATTACH_EVAL, subject(model, version));
    return doAttach(model, version, reportJson, who.id());
  }

  private Checksum doAttach(String model, ModelVersion version, byte[] reportJson, String actor) {
    Json.tree(reportJson, "eval report for " + model + "@" + version); // must be JSON
    return tx(() -> {
      VersionEntry e = require(model, version);
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
      emit(AuditEvent.of("registry.eval_report", actor, e.subject(), Map.of("report_digest", d.hex())));
      return d;
    });
  }

  @Override
  public Optional<JsonNode> evalReport(String model, ModelVersion version) {
    VersionEntry e = require(model, version);
    if (e.evalReportDigest() == null) {
      return Optional.empty();
    }
    return store.evalReport(e.evalReportDigest()).map(b -> Json.tree(b, "eval report " + e.evalReportDigest()));
  }

  @Override
  public VersionEntry transition(String model, ModelVersion version, Stage to, String actor, String reason) {
    legacy(Permission.TRANSITION, subject(model, version), actor);
    return doTransition(model, version, to, actor, reason);
  }

  @Override
  public VersionEntry transition(Principal who, String model, ModelVersion version, Stage to, String reason) {
    guard(who, Permission.TRANSITION, subject(model, version));
    return doTransition(model, version, to, who.id(), reason);
  }

  private VersionEntry doTransition(String model, ModelVersion version, Stage to, String actor, String reason) {
    requireText(actor, "actor");
    requireText(reason, "reason");
    return tx(() -> {
      VersionEntry e = require(model, version);
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

  private VersionEntry move(VersionEntry e, Stage to, String actor, String reason) {
    checkLegal(e, to);
    VersionEntry moved = e.moveTo(new StageTransition(e.stage(), to, actor, reason, clock.instant()));
    store.saveVersion(moved);
    emit(AuditEvent.of("registry.transition", actor, e.subject(),
        Map.of("from", e.stage().name(), "to", to.name(), "reason", reason)));
    return moved;
  }

  private static void checkLegal(VersionEntry e, Stage to) {
    if (!e.stage().canMoveTo(to)) {
      throw new PolicyViolationException("Illegal transition " + e.stage() + " -> " + to + " for " + e.subject()
          + " (allowed from " + e.stage() + ": " + (e.stage().next().isEmpty() ? "none" : e.stage().next()) + ")");
    }
  }

  @Override
  public ReleaseRecord promote(String model, ModelVersion version, ReleaseRequest request) {
    legacy(Permission.PROMOTE, subject(model, version), request.actor());
    return doPromote(model, version, request);
  }

  @Override
  public ReleaseRecord promote(Principal who, String model, ModelVersion version, ReleaseRequest request) {
    guard(who, Permission.PROMOTE, subject(model, version));
    sameActor(who, request);
    return doPromote(model, version, request);
  }

  private static void sameActor(Principal who, ReleaseRequest request) {
    if (!request.actor().equals(who.id())) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "ReleaseRequest.actor '"
          + request.actor() + "' is not the calling principal '" + who.id() + "'");
    }
  }

  private ReleaseRecord doPromote(String model, ModelVersion version, ReleaseRequest request) {
    return tx(() -> {
      VersionEntry e = require(model, version);
      if (e.stage() != Stage.CANARY) {
        throw new PolicyViolationException("Illegal transition " + e.stage() + " -> " + Stage.PRODUCTION + " for "
            + e.subject() + ": only a CANARY version can be promoted");
      }
      ApprovalStatus st = status(model, version);
      if (!st.approved()) {
        throw new PolicyViolationException("Cannot promote " + e.subject() + ": " + describe(st));
      }
      Map<String, ModelVersion> aliases = new TreeMap<>(store.aliases(model));
      ModelVersion old = aliases.get(PRODUCTION);
      if (old != null) {
        VersionEntry oldEntry = require(model, old);
        move(oldEntry, Stage.DEPRECATED, request.actor(), "replaced by " + version);
        aliases.put(PREVIOUS, old);
      }
      move(e, Stage.PRODUCTION, request.actor(), request.reason());
      aliases.put(PRODUCTION, version);
      store.saveAliases(model, aliases);
      emit(AuditEvent.of("registry.alias", request.actor(), model,
          Map.of("production", version.toString(), "previous", String.valueOf(aliases.get(PREVIOUS)))));
      String breakGlassId = activeOverride(e).map(BreakGlassRequest::overrideId).orElse(null);
      ReleaseRecord r = newRecord(ReleaseKind.PROMOTION, e, request.actor(), request.codeCommit(), request.tag(),
          request.configDigest(), request.deploymentUrl(), request.reason(), st.approvalIds(), null, old, breakGlassId);
      store.addRelease(r);
      store.appendReleaseLog(ReleaseLogs.entry("DEPLOY", r, e.location()));
      emit(AuditEvent.of("release.promotion", request.actor(), e.subject(), releaseDetails(r)));
      return r;
    });
  }

  @Override
  public ReleaseRecord rollback(String model, String actor, String reason) {
    legacy(Permission.ROLLBACK, model, actor);
    return doRollback(model, actor, reason);
  }

  @Override
  public ReleaseRecord rollback(Principal who, String model, String reason) {
    guard(who, Permission.ROLLBACK, model);
    return doRollback(model, who.id(), reason);
  }

  private ReleaseRecord doRollback(String model, String actor, String reason) {
    requireText(actor, "actor");
    requireText(reason, "reason");
    return tx(() -> {
      Map<String, ModelVersion> aliases = new TreeMap<>(store.aliases(model));
      ModelVersion prod = aliases.get(PRODUCTION);
      ModelVersion prev = aliases.get(PREVIOUS);
      if (prod == null || prev == null) {
        throw new PolicyViolationException("Cannot roll back " + model + ": no " + (prod == null ? PRODUCTION : PREVIOUS)
            + " version");
      }
      VersionEntry target = require(model, prev);
      VersionEntry current = require(model, prod);
      checkLegal(target, Stage.PRODUCTION);
      move(current, Stage.DEPRECATED, actor, "rolled back: " + reason);
      VersionEntry restored = move(target, Stage.PRODUCTION, actor, "rollback from " + prod + ": " + reason);
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
      emit(AuditEvent.of("registry.alias", actor, model,
          Map.of("production", prev.toString(), "previous", String.valueOf(aliases.get(PREVIOUS)))));
      ReleaseRecord r = newRecord(ReleaseKind.ROLLBACK, restored, actor, "n/a", "rollback", null, null, reason,
          List.of(), null, prod, null);
      store.addRelease(r);
      store.appendReleaseLog(ReleaseLogs.entry("ROLLBACK", r, restored.location()));
      emit(AuditEvent.of("release.rollback", actor, restored.subject(), releaseDetails(r)));
      return r;
    });
  }

  @Override
  public ReleaseRecord correct(String model, String releaseId, ReleaseRequest request) {
    legacy(Permission.CORRECT, model, request.actor());
    return doCorrect(model, releaseId, request);
  }

  @Override
  public ReleaseRecord correct(Principal who, String model, String releaseId, ReleaseRequest request) {
    guard(who, Permission.CORRECT, model);
    sameActor(who, request);
    return doCorrect(model, releaseId, request);
  }

  private ReleaseRecord doCorrect(String model, String releaseId, ReleaseRequest request) {
    return tx(() -> {
      ReleaseRecord orig = store.releases(model).stream().filter(r -> r.releaseId().equals(releaseId)).findFirst()
          .orElseThrow(() -> new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
              "No release " + releaseId + " of model " + model));
      VersionEntry e = require(model, orig.version());
      ReleaseRecord r = newRecord(ReleaseKind.CORRECTION, e, request.actor(), request.codeCommit(), request.tag(),
          request.configDigest(), request.deploymentUrl(), request.reason(), orig.approvalIds(), releaseId,
          orig.previousVersion(), orig.breakGlassId());
      store.addRelease(r);
      emit(AuditEvent.of("release.correction", request.actor(), e.subject(), releaseDetails(r)));
      return r;
    });
  }

  private ReleaseRecord newRecord(ReleaseKind kind, VersionEntry e, String actor, String commit, String tag,
      @Nullable Checksum config, @Nullable String url, String reason, List<String> approvals, @Nullable String corrects,
      @Nullable ModelVersion previous, @Nullable String breakGlassId) {
    long seq = store.releases(e.model()).size() + 1L;
    return new ReleaseRecord(e.model() + "-r" + seq, seq, kind, e.model(), e.version(), e.bundleDigest(),
        e.datasetDigests(), config, e.evalReportDigest(), commit, tag, url, reason, clock.instant(), actor, approvals,
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

  @Override
  public Optional<VersionEntry> version(String model, ModelVersion version) {
    checkModel(model);
    return store.version(model, version);
  }

  @Override
  public List<VersionEntry> versions(String model) {
    checkModel(model);
    return store.versions(model);
  }

  @Override
  public Optional<ModelVersion> resolve(String model, String alias) {
    checkModel(model);
    return Optional.ofNullable(store.aliases(model).get(alias));
  }

  @Override
  public Map<String, ModelVersion> aliases(String model) {
    checkModel(model);
    return store.aliases(model);
  }

  @Override
  public void setAlias(String model, String alias, ModelVersion version, String actor) {
    legacy(Permission.SET_ALIAS, subject(model, version), actor);
    doSetAlias(model, alias, version, actor);
  }

  @Override
  public void setAlias(Principal who, String model, String alias, ModelVersion version) {
    guard(who, Permission.SET_ALIAS, subject(model, version));
    doSetAlias(model, alias, version, who.id());
  }

  private void doSetAlias(String model, String alias, ModelVersion version, String actor) {
    if (!ALIAS.matcher(alias).matches()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Alias '" + alias + "' must match " + ALIAS.pattern());
    }
    if (alias.equals(PRODUCTION) || alias.equals(PREVIOUS)) {
      throw new PolicyViolationException("Alias '" + alias + "' is managed by promote() and rollback()");
    }
    tx(() -> {
      require(model, version);
      Map<String, ModelVersion> a = new TreeMap<>(store.aliases(model));
      a.put(alias, version);
      store.saveAliases(model, a);
      emit(AuditEvent.of("registry.alias", actor, model, Map.of(alias, version.toString())));
      return null;
    });
  }

  @Override
  public List<ReleaseRecord> releases(String model) {
    checkModel(model);
    return store.releases(model);
  }

  // ---------------------------------------------------------------- approvals

  @Override
  public ApprovalRequest request(String model, ModelVersion version, String submitter) {
    legacy(Permission.REQUEST_APPROVAL, subject(model, version), submitter);
    return doRequest(model, version, submitter);
  }

  @Override
  public ApprovalRequest request(Principal who, String model, ModelVersion version) {
    guard(who, Permission.REQUEST_APPROVAL, subject(model, version));
    return doRequest(model, version, who.id());
  }

  private ApprovalRequest doRequest(String model, ModelVersion version, String submitter) {
    requireText(submitter, "submitter");
    return tx(() -> {
      VersionEntry e = require(model, version);
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
      emit(AuditEvent.of("approval.request", submitter, e.subject(),
          Map.of("report_digest", e.evalReportDigest().hex())));
      return r;
    });
  }

  @Override
  public ApprovalRecord decide(String model, ModelVersion version, Decision d) {
    legacy(Permission.DECIDE, subject(model, version), d.approver());
    return doDecide(model, version, d, null);
  }

  @Override
  public ApprovalRecord decide(Principal who, String model, ModelVersion version, Decision d) {
    guard(who, Permission.DECIDE, subject(model, version));
    if (!d.approver().equals(who.id())) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT, "Decision.approver '"
          + d.approver() + "' is not the calling principal '" + who.id() + "'");
    }
    return doDecide(model, version, d, who);
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
      deny(who, who.id(), Permission.DECIDE, subject(model, version), "access denied: " + who.id()
          + " decided as " + name + " but holds only " + who.roles());
    }
    return name;
  }

  private ApprovalRecord doDecide(String model, ModelVersion version, Decision d, @Nullable Principal who) {
    requireText(d.approver(), "approver");
    String roleName = decisionRole(model, version, d.role(), who);
    Role role = predefined(roleName);
    if (d.rationale() == null || d.rationale().isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK,
          "A decision on " + model + "@" + version + " needs a rationale");
    }
    return tx(() -> {
      VersionEntry e = require(model, version);
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
      emit(AuditEvent.of("approval.decision", d.approver(), e.subject(), details));
      return r;
    });
  }

  @Override
  public ApprovalStatus status(String model, ModelVersion version) {
    return status(model, version, approvalPolicy.requiredRoles());
  }

  @Override
  public ApprovalStatus status(String model, ModelVersion version, Collection<Role> requiredRoles) {
    return status(model, version, requiredRoles, approvalPolicy.reviewSteps());
  }

  /**
   * The steps of {@code steps} not approved in order: walking the approvals in decision order, each
   * step needs an approval in its role after the one that satisfied the step before it.
   */
  private static List<String> missingSteps(List<ApprovalRecord> records, List<String> steps) {
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

  private ApprovalStatus status(String model, ModelVersion version, Collection<Role> requiredRoles,
      List<String> steps) {
    require(model, version);
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

  @Override
  public List<ApprovalRecord> decisions(String model, ModelVersion version) {
    require(model, version);
    return store.approvals(model, version);
  }

  private static String describe(ApprovalStatus st) {
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

  // ---------------------------------------------------------------- gate

  @Override
  public DeployVerdict check(String model, ModelVersion version, Policy policy, byte[] reportJson, String actor) {
    legacy(Permission.GATE_CHECK, subject(model, version), actor);
    return doCheck(model, version, policy, reportJson, actor);
  }

  @Override
  public DeployVerdict check(Principal who, String model, ModelVersion version, Policy policy, byte[] reportJson) {
    guard(who, Permission.GATE_CHECK, subject(model, version));
    return doCheck(model, version, policy, reportJson, who.id());
  }

  /** The eval report of the version now in production, for margin conditions; null if none. */
  private @Nullable JsonNode productionReport(String model) {
    ModelVersion prod = store.aliases(model).get(PRODUCTION);
    if (prod == null) {
      return null;
    }
    return store.version(model, prod).map(VersionEntry::evalReportDigest).flatMap(store::evalReport)
        .map(b -> Json.tree(b, "production eval report of " + model + "@" + prod)).orElse(null);
  }

  private DeployVerdict doCheck(String model, ModelVersion version, Policy policy, byte[] reportJson, String actor) {
    checkModel(model);
    JsonNode report = Json.tree(reportJson, "eval report");
    Checksum digest = Checksum.sha256(reportJson);
    PolicyVerdict pv = policy.evaluate(report, productionReport(model));
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
      st = status(model, version, required, approvalPolicy.reviewSteps());
      if (pv.action() == PolicyAction.REQUIRE_APPROVAL && !pv.reviewSteps().isEmpty()) {
        // The rule's steps are their own order: checked apart from the configured ones, not merged.
        List<String> policyMissing = missingSteps(store.approvals(model, version), pv.reviewSteps());
        List<String> steps = new ArrayList<>(st.reviewSteps());
        List<String> missing = new ArrayList<>(st.missingSteps());
        pv.reviewSteps().stream().filter(x -> !steps.contains(x)).forEach(steps::add);
        policyMissing.stream().filter(x -> !missing.contains(x)).forEach(missing::add);
        st = new ApprovalStatus(model, version, st.requested(), st.requiredRoles(), st.approvedRoles(),
            st.missingRoles(), st.rejectedBy(), st.approvalIds(), steps, missing);
      }
      if (!st.approved()) {
        reasons.add("not approved: " + describe(st));
      }
    }
    String overrideId = null;
    if (pv.action() == PolicyAction.DENY && e.isPresent()) {
      overrideId = activeOverride(e.get()).filter(o -> o.policy().equals(policy.name()) && o.reportDigest().matches(digest))
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
    audit.append(AuditEvent.of("gate.check", actor, model + "@" + version, details));
    return g;
  }

  // ---------------------------------------------------------------- break glass

  @Override
  public BreakGlassRequest request(Principal who, String model, ModelVersion version, Policy policy, byte[] reportJson,
      String justification) {
    guard(who, Permission.REQUEST_OVERRIDE, subject(model, version));
    requireText(justification, "break-glass justification");
    JsonNode report = Json.tree(reportJson, "eval report");
    Checksum digest = Checksum.sha256(reportJson);
    return tx(() -> {
      VersionEntry e = require(model, version);
      if (e.stage() == Stage.ARCHIVED || e.stage() == Stage.PRODUCTION || e.stage() == Stage.DEPRECATED) {
        throw new PolicyViolationException("Break glass applies to a version on its way to production; " + e.subject()
            + " is " + e.stage());
      }
      if (e.evalReportDigest() == null || !e.evalReportDigest().matches(digest)) {
        throw new PolicyViolationException("Break glass needs the eval report attached to " + e.subject() + " ("
            + e.evalReportDigest() + "), got " + digest);
      }
      PolicyVerdict pv = policy.evaluate(report, productionReport(model));
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
      emit(AuditEvent.of("breakglass.request", who.id(), e.subject(), d));
      return r;
    });
  }

  @Override
  public BreakGlassApproval approve(Principal who, String model, ModelVersion version, String overrideId, String role,
      String rationale) {
    guard(who, Permission.APPROVE_OVERRIDE, subject(model, version));
    requireText(rationale, "rationale");
    String roleName = Principal.normalizeRole(role);
    if (!who.hasRole(roleName)) {
      deny(who, who.id(), Permission.APPROVE_OVERRIDE, subject(model, version), "access denied: " + who.id()
          + " approved break glass as " + roleName + " but holds only " + who.roles());
    }
    return tx(() -> {
      VersionEntry e = require(model, version);
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
      emit(AuditEvent.of("breakglass.approval", who.id(), e.subject(), Map.of("override_id", overrideId, "role",
          roleName, "rationale", a.rationale())));
      if (prior.size() + 1 == req.approverRoles().size()) {
        emit(AuditEvent.of("breakglass.active", who.id(), e.subject(), Map.of("override_id", overrideId, "policy",
            req.policy(), "report_digest", req.reportDigest().hex(), "justification", req.justification())));
      }
      return a;
    });
  }

  @Override
  public List<BreakGlassRequest> requests(String model, ModelVersion version) {
    require(model, version);
    return store.breakGlassRequests(model, version);
  }

  @Override
  public List<BreakGlassApproval> approvals(String model, ModelVersion version) {
    require(model, version);
    return store.breakGlassApprovals(model, version);
  }

  @Override
  public Optional<BreakGlassRequest> active(String model, ModelVersion version) {
    return activeOverride(require(model, version));
  }

  /** The latest override of {@code e}'s attached report whose every approver role has approved. */
  private Optional<BreakGlassRequest> activeOverride(VersionEntry e) {
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

  // ---------------------------------------------------------------- helpers

  private VersionEntry require(String model, ModelVersion version) {
    checkModel(model);
    return store.version(model, version).orElseThrow(() -> new InvalidInputException(
        InvalidInputException.Reason.INVALID_ARGUMENT, "Unknown model version " + model + "@" + version));
  }

  private static void checkModel(String model) {
    if (model == null || !MODEL_NAME.matcher(model).matches() || model.contains("..")) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "Model name '" + model + "' must match " + MODEL_NAME.pattern());
    }
  }

  private static void requireText(@Nullable String v, String field) {
    if (v == null || v.isBlank()) {
      throw new InvalidInputException(InvalidInputException.Reason.BLANK, field + " must not be blank");
    }
  }

  /** Whether {@code dir} holds a bundle manifest (used by callers that accept either form). */
  static boolean isBundle(Path dir) {
    return Files.isRegularFile(dir.resolve("manifest.json"));
  }
}
