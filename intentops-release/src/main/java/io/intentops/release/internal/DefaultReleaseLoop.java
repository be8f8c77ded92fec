package io.intentops.release.internal;

import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.core.StoreException;
import io.intentops.governance.Governance;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.Registry;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.policy.Policy;
import io.intentops.governance.policy.Role;
import io.intentops.release.PendingWrite;
import io.intentops.release.ReleaseLoop;
import io.intentops.release.ReleaseVerdict;
import io.intentops.router.CandidateState;
import io.intentops.router.RollbackRecord;
import io.intentops.router.Router;
import io.intentops.router.RouterEvent;
import io.intentops.router.RouterListener;
import io.intentops.router.RoutingState;
import io.intentops.router.TrafficGate;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.serving.RoutingSnapshot;
import io.intentops.router.RouterConfig;

/**
 * {@link ReleaseLoop} over one {@link Governance}. Every write is derived from durable state (the
 * router's routing state, the registry) rather than from the event that triggered it, so a lost,
 * repeated or concurrent delivery and a restart all converge on the same records. Reconciles are
 * serialised in-process by a lock and across processes by the governance store's transactions.
 */
public final class DefaultReleaseLoop implements ReleaseLoop {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultReleaseLoop.class);

  /** Tag prefix of the loop's canary ROLLBACK records; the rest is the router decision's identity. */
  static final String CANARY_ROLLBACK_TAG = "router-rollback:";
  /** Outbox transaction ids of the loop's audit events start with this. */
  private static final String TXN_PREFIX = "release-";

  private final Governance governance;
  private final String model;
  private final String actor;
  private final @Nullable Principal principal;
  private final @Nullable String routingSalt;
  // Revision of the last routing state recorded as a router.state snapshot by this instance.
  private final AtomicLong snapshotRevision = new AtomicLong(-1);
  private final Clock clock;
  private final Stage rolledBackStage;
  private final Function<ModelVersion, ReleaseRequest> releaseRequests;
  private final RegistryTrafficGate gate;

  private final ReentrantLock lock = new ReentrantLock();
  private volatile @Nullable Router<?, ?> router;
  private volatile boolean closed;
  // Guarded by lock.
  private final Map<String, PendingWrite> pending = new LinkedHashMap<>();
  // Canary rollbacks known to be recorded (durably, by this or another instance): skip re-reading.
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();
  // Outbox entries of this instance whose audit append failed; drained on the next reconcile.
  private final Set<String> undrained = ConcurrentHashMap.newKeySet();
  private final Map<ModelVersion, ReleaseRequest> promoteRequests = new ConcurrentHashMap<>();
  private final Map<ModelVersion, ReleaseVerdict> revertVerdicts = new ConcurrentHashMap<>();
  // Judge decisions of canary rollbacks, by canaryKey, heard in ROLLED_BACK events and not yet recorded.
  private final Map<String, ReleaseVerdict> decisionVerdicts = new ConcurrentHashMap<>();
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
  private final String instanceId = Long.toHexString(new SecureRandom().nextLong() | Long.MIN_VALUE);
  private final AtomicLong txnCounter = new AtomicLong();

  public DefaultReleaseLoop(Governance governance, String model, String actor, Clock clock, Stage rolledBackStage,
      Set<Role> productionRoles, @Nullable Policy policy, Function<ModelVersion, ReleaseRequest> releaseRequests) {
    this(governance, model, actor, null, RouterConfig.DEFAULT_SALT, clock, rolledBackStage, productionRoles, policy,
        releaseRequests);
  }

  /**
   * @param principal when non-null, the loop's registry writes use the principal forms (checked by the
   *     governance {@code Authorizer}) and its records carry the principal's id as actor
   * @param routingSalt the router's bucket salt for the {@code router.state} audit snapshots, or null to
   *     record none
   */
  public DefaultReleaseLoop(Governance governance, String model, String actor, @Nullable Principal principal,
      @Nullable String routingSalt, Clock clock, Stage rolledBackStage, Set<Role> productionRoles,
      @Nullable Policy policy, Function<ModelVersion, ReleaseRequest> releaseRequests) {
    this.governance = governance;
    this.model = model;
    this.actor = principal != null ? principal.id() : actor;
    this.principal = principal;
    this.routingSalt = routingSalt;
    this.clock = clock;
    this.rolledBackStage = rolledBackStage;
    this.releaseRequests = releaseRequests;
    this.gate = new RegistryTrafficGate(governance, model, productionRoles, policy);
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public TrafficGate trafficGate() {
    return gate;
  }

  @Override
  public <I, O> Router<I, O> buildRouter(Router.Builder<I, O> builder) {
    Router<I, O> r = builder.trafficGate(gate).build();
    attach(r);
    return r;
  }

  @Override
  public void attach(Router<?, ?> r) {
    Objects.requireNonNull(r, "router");
    lock.lock();
    try {
      if (router != null) {
        throw new ConfigurationException("ReleaseLoop for " + model + " already has a router attached");
      }
      router = r;
    } finally {
      lock.unlock();
    }
    r.addListener(new RouterListener() {
      @Override
      public void onEvent(RouterEvent event) {
        if (closed) {
          return;
        }
        // The judge's decision travels only in the event; the durable state keeps the RollbackRecord, which
        // the reconcile falls back to after a restart.
        var decision = event.decision();
        RollbackRecord rb = event.rollback();
        if (decision != null && event.kind() == RouterEvent.Kind.ROLLED_BACK && rb != null) {
          decisionVerdicts.putIfAbsent(canaryKey(event.version(), rb),
              Verdicts.fromDecision(event.version(), decision, rb));
        } else if (event.kind() == RouterEvent.Kind.REVERTED) {
          revertVerdicts.putIfAbsent(event.after().stable(), decision != null
              ? Verdicts.fromDecision(event.version(), decision, rb)
              : rb != null ? Verdicts.fromRollback(event.version(), rb)
              : ReleaseVerdict.manual(event.version(), "reverted by the router", event.at()));
        }
        snapshot(event.after());
        reconcile();
      }
    });
    snapshot(r.state());
    reconcile();
  }

  /**
   * Records the routing state as a {@code router.state} audit entry (what {@code ServingHistory} reads to
   * answer "which version served key K at time T"), once per state revision this instance sees. In a
   * fleet, the instance that committed a change hears its event, so each change is recorded once; a
   * failed append is logged and the next change records the then-current state.
   */
  private void snapshot(RoutingState s) {
    if (routingSalt == null) {
      return;
    }
    long seen = snapshotRevision.get();
    if (s.revision() <= seen || !snapshotRevision.compareAndSet(seen, s.revision())) {
      return;
    }
    Map<ModelVersion, Integer> candidates = new java.util.LinkedHashMap<>();
    for (CandidateState c : s.candidates()) {
      if (c.weightBps() > 0) {
        candidates.put(c.version(), c.weightBps());
      }
    }
    try {
      AuditEvent ev = new RoutingSnapshot(model, s.stable(), candidates, routingSalt, s.overrides()).toAuditEvent(actor);
      Map<String, String> d = new TreeMap<>(ev.details());
      d.put("revision", Long.toString(s.revision()));
      governance.auditLog().append(AuditEvent.of(ev.type(), ev.actor(), ev.subject(), d));
    } catch (RuntimeException e) {
      LOG.warn("Could not record routing state revision {} of {} in the audit log: {}", s.revision(), model,
          e.getMessage());
    }
  }

  private Router<?, ?> requireRouter() {
    Router<?, ?> r = router;
    if (r == null) {
      throw new ConfigurationException("ReleaseLoop for " + model + ": attach(router) or buildRouter(...) first");
    }
    return r;
  }

  // ---------------------------------------------------------------- operations

  @Override
  public ReleaseRecord promote(ModelVersion candidate, ReleaseRequest request) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(request, "request");
    Router<?, ?> r = requireRouter();
    // Kept until the registry write succeeds, so that a retry records this request, not the default.
    promoteRequests.put(candidate, request);
    if (!r.state().stable().equals(candidate)) {
      try {
        r.rollout().promote(candidate);
      } catch (RuntimeException e) {
        promoteRequests.remove(candidate);
        throw e;
      }
    }
    reconcile();
    PendingWrite owed = pendingFor(stableKey(candidate));
    if (owed != null) {
      throw new StoreException("The router promoted " + model + "@" + candidate + " but the registry write failed ("
          + owed.lastError() + "); it is retried on every reconcile");
    }
    promoteRequests.remove(candidate);
    return lastRecord(ReleaseKind.PROMOTION, rec -> rec.version().equals(candidate)).orElseThrow(() ->
        new PolicyViolationException("The router serves " + model + "@" + candidate
            + " but the registry has no PROMOTION record for it"));
  }

  @Override
  public ReleaseRecord revertToPrevious(ReleaseVerdict verdict) {
    Objects.requireNonNull(verdict, "verdict");
    Router<?, ?> r = requireRouter();
    ModelVersion bad = verdict.version();
    Registry registry = governance.registry();
    RoutingState s = r.state();
    if (s.stable().equals(bad)) {
      Optional<ModelVersion> production = registry.resolve(model, Registry.PRODUCTION);
      ModelVersion target;
      if (production.isPresent() && !production.get().equals(bad)) {
        target = production.get(); // the registry already reverted; the router catches up
      } else {
        target = registry.resolve(model, Registry.PREVIOUS).orElseThrow(() -> new PolicyViolationException(
            "Cannot revert " + model + "@" + bad + ": the registry has no previous version"));
      }
      revertVerdicts.put(target, verdict);
      try {
        Optional<CandidateState> c = s.candidate(target);
        if (c.isEmpty()) {
          r.rollout().setWeight(target, 0); // a 0 bps candidate first: promote() takes candidates only
        }
        r.rollout().promote(target);
      } catch (RuntimeException e) {
        revertVerdicts.remove(target);
        throw e;
      }
    } else if (!registry.resolve(model, Registry.PRODUCTION).map(bad::equals).orElse(false)) {
      // Neither serving nor in production: already reverted (a repeated call or a redelivered event).
      return lastRecord(ReleaseKind.ROLLBACK, rec -> bad.equals(rec.previousVersion())).orElseThrow(() ->
          new PolicyViolationException("Cannot revert " + model + "@" + bad + ": it is neither the router's stable "
              + "version (" + s.stable() + ") nor the registry's production version"));
    } else {
      revertVerdicts.put(s.stable(), verdict); // the router already serves N-1 (e.g. its judge reverted)
    }
    reconcile();
    PendingWrite owed = pendingFor(stableKey(r.state().stable()));
    if (owed != null) {
      throw new StoreException("The router reverted " + model + " to " + r.state().stable()
          + " but the registry write failed (" + owed.lastError() + "); it is retried on every reconcile");
    }
    return lastRecord(ReleaseKind.ROLLBACK, rec -> bad.equals(rec.previousVersion())).orElseThrow(() ->
        new PolicyViolationException("Revert of " + model + "@" + bad + " left no ROLLBACK record"));
  }

  // ---------------------------------------------------------------- reconcile

  @Override
  public List<PendingWrite> reconcile() {
    Router<?, ?> r = router;
    if (r == null || closed) {
      return pending();
    }
    lock.lock();
    try {
      RoutingState s = r.state();
      attempt("audit outbox", this::drainUndrained);
      for (CandidateState c : s.candidates()) {
        RollbackRecord rb = c.rollback();
        if (c.phase() == CandidateState.Phase.ROLLED_BACK && rb != null) {
          String key = canaryKey(c.version(), rb);
          if (!recorded.contains(key)) {
            attempt(key, () -> recordCanaryRollback(c.version(), rb, s.stable(), key));
          }
        }
      }
      attempt(stableKey(s.stable()), () -> reconcileStable(s));
      return List.copyOf(pending.values());
    } finally {
      lock.unlock();
    }
  }

  private static String canaryKey(ModelVersion v, RollbackRecord rb) {
    return "canary-rollback " + v + "@" + rb.at().toEpochMilli();
  }

  private static String stableKey(ModelVersion v) {
    return "stable " + v;
  }

  /** Runs one owed write; a failure is kept in {@link #pending} with its attempt count and logged. */
  private void attempt(String key, Runnable write) {
    try {
      write.run();
      PendingWrite was = pending.remove(key);
      if (was != null) {
        LOG.info("Release loop for {}: '{}' written after {} failed attempt(s)", model, key, was.attempts());
      }
    } catch (RuntimeException e) {
      String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
      PendingWrite was = pending.get(key);
      PendingWrite now = was == null ? new PendingWrite(key, 1, msg, clock.instant())
          : new PendingWrite(key, was.attempts() + 1, msg, was.since());
      pending.put(key, now);
      if (was == null) {
        LOG.error("Release loop for {}: cannot write '{}' to governance; retrying on every reconcile", model, key, e);
      } else {
        LOG.warn("Release loop for {}: '{}' still failing after {} attempts: {}", model, key, now.attempts(), msg);
      }
    }
  }

  @Override
  public List<PendingWrite> pending() {
    lock.lock();
    try {
      return List.copyOf(pending.values());
    } finally {
      lock.unlock();
    }
  }

  private @Nullable PendingWrite pendingFor(String key) {
    lock.lock();
    try {
      return pending.get(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records a canary rollback: the stage move (its own registry transaction), then the ROLLBACK record,
   * release-log entry and audit event in one store transaction that first checks no record with this
   * decision's tag exists, so that exactly one is written across redeliveries, restarts and instances.
   */
  private void recordCanaryRollback(ModelVersion candidate, RollbackRecord rb, ModelVersion stable, String key) {
    ReleaseVerdict heard = decisionVerdicts.get(key);
    ReleaseVerdict verdict = heard != null ? heard : Verdicts.fromRollback(candidate, rb);
    Registry registry = governance.registry();
    Optional<VersionEntry> entry = registry.version(model, candidate);
    if (entry.isPresent() && entry.get().stage() == Stage.CANARY) {
      try {
        String why = "rolled back by the router: " + verdict.summary();
        if (principal != null) {
          registry.transition(principal, model, candidate, rolledBackStage, why);
        } else {
          registry.transition(model, candidate, rolledBackStage, actor, why);
        }
      } catch (PolicyViolationException e) {
        // Another instance may have moved it between our read and our write.
        if (registry.version(model, candidate).map(v -> v.stage() == Stage.CANARY).orElse(false)) {
          throw e;
        }
      }
    }
    String tag = CANARY_ROLLBACK_TAG + candidate + "@" + rb.at().toEpochMilli();
    GovernanceStore store = governance.store();
    String txn = TXN_PREFIX + clock.millis() + "-" + instanceId + "-" + txnCounter.incrementAndGet();
    AuditEvent written = store.inTransaction(() -> {
      List<ReleaseRecord> records = store.releases(model);
      for (ReleaseRecord rec : records) {
        if (rec.kind() == ReleaseKind.ROLLBACK && tag.equals(rec.tag())) {
          return null;
        }
      }
      VersionEntry serving = store.version(model, stable).orElseThrow(() -> new PolicyViolationException(
          "Cannot record the rollback of " + model + "@" + candidate + ": the stable version " + stable
              + " is not registered"));
      long seq = records.size() + 1L;
      String reason = "canary " + candidate + " rolled back by the router: " + verdict.summary();
      ReleaseRecord rec = new ReleaseRecord(model + "-r" + seq, seq, ReleaseKind.ROLLBACK, model, stable,
          serving.bundleDigest(), serving.datasetDigests(), null, serving.evalReportDigest(), "n/a", tag, null, reason,
          clock.instant(), actor, List.of(), null, candidate);
      store.addRelease(rec);
      store.appendReleaseLog(logEntry(rec, serving.location()));
      Map<String, String> details = new TreeMap<>(verdict.auditDetails());
      details.put("release_id", rec.releaseId());
      details.put("kind", ReleaseKind.ROLLBACK.name());
      details.put("scope", "canary");
      details.put("rolled_back", candidate.toString());
      details.put("serving", stable.toString());
      details.put("tag", tag);
      details.put("txn", txn + "/0"); // the governance outbox convention: drained once after a crash
      AuditEvent ev = AuditEvent.of("release.rollback", actor, model + "@" + candidate, details);
      store.addPendingAudit(txn, List.of(ev));
      return ev;
    });
    if (written != null) {
      undrained.add(txn);
      drainUndrained();
    }
    recorded.add(key);
    decisionVerdicts.remove(key);
  }

  private static String logEntry(ReleaseRecord r, String location) {
    return "## " + r.timestamp() + " ROLLBACK " + r.model() + " " + r.previousVersion() + " (canary)\n\n"
        + "- release record: `" + r.releaseId() + "` (" + r.kind() + ", tag `" + r.tag() + "`)\n"
        + "- serving: " + r.version() + " (`" + location + "`)\n"
        + "- checksum (manifest sha256): `" + r.bundleDigest().hex() + "`\n"
        + "- reason: " + r.reason().replace('\n', ' ') + "\n"
        + "- actor: " + r.actor() + "\n";
  }

  /** Appends this instance's outbox events that are not yet in the audit log and clears them. */
  private void drainUndrained() {
    if (undrained.isEmpty()) {
      return;
    }
    GovernanceStore store = governance.store();
    Map<String, List<AuditEvent>> outbox = store.pendingAudit();
    Set<String> inLog = null;
    for (String txn : List.copyOf(undrained)) {
      List<AuditEvent> events = outbox.get(txn);
      if (events != null) {
        if (inLog == null) {
          inLog = new HashSet<>();
          if (outbox.size() > 0) {
            // A previous append may have succeeded before its outbox removal failed: never append twice.
            for (AuditEntry a : governance.auditLog().entries()) {
              String t = a.details().get("txn");
              if (t != null && t.startsWith(TXN_PREFIX)) {
                inLog.add(t);
              }
            }
          }
        }
        for (AuditEvent e : events) {
          if (!inLog.contains(e.details().get("txn"))) {
            governance.auditLog().append(e);
          }
        }
        store.inTransaction(() -> {
          store.removePendingAudit(txn);
          return null;
        });
      }
      undrained.remove(txn);
    }
  }

  /** Makes the registry's production version the router's stable version, if a promotion or revert explains it. */
  private void reconcileStable(RoutingState s) {
    ModelVersion stable = s.stable();
    Registry registry = governance.registry();
    Optional<ModelVersion> production = registry.resolve(model, Registry.PRODUCTION);
    if (production.isPresent() && production.get().equals(stable)) {
      revertVerdicts.remove(stable); // recorded (here or by another instance): a later revert gets its own verdict
      return;
    }
    VersionEntry e = registry.version(model, stable).orElseThrow(() -> new PolicyViolationException(
        "The router serves " + model + "@" + stable + ", which is not registered"));
    if (e.stage() == Stage.CANARY) {
      ReleaseRequest req = promoteRequests.getOrDefault(stable, releaseRequests.apply(stable));
      try {
        if (principal != null) {
          registry.promote(principal, model, stable, req);
        } else {
          registry.promote(model, stable, req);
        }
      } catch (PolicyViolationException ex) {
        if (!registry.resolve(model, Registry.PRODUCTION).map(stable::equals).orElse(false)) {
          throw ex;
        }
      }
      promoteRequests.remove(stable);
      return;
    }
    Optional<ModelVersion> previous = registry.resolve(model, Registry.PREVIOUS);
    if (e.stage() == Stage.DEPRECATED && previous.isPresent() && previous.get().equals(stable)) {
      ReleaseVerdict v = revertVerdicts.get(stable);
      if (v == null && production.isPresent()) {
        // No event heard (restart, another instance committed it): the router's stored reason of the revert.
        v = s.candidate(production.get()).filter(c -> c.phase() == CandidateState.Phase.REVERTED)
            .map(CandidateState::rollback).map(rb -> Verdicts.fromRollback(production.get(), rb)).orElse(null);
      }
      String from = production.map(ModelVersion::toString).orElse("?");
      String reason = v != null ? "revert from " + from + " to N-1 " + stable + ": " + v.summary()
          : "the router made N-1 " + stable + " stable again (revert from " + from + ")";
      try {
        if (principal != null) {
          registry.rollback(principal, model, reason);
        } else {
          registry.rollback(model, actor, reason);
        }
      } catch (PolicyViolationException ex) {
        if (!registry.resolve(model, Registry.PRODUCTION).map(stable::equals).orElse(false)) {
          throw ex;
        }
      }
      revertVerdicts.remove(stable);
      return;
    }
    throw new PolicyViolationException("The router serves " + e.subject() + " (" + e.stage() + ") but the registry's "
        + "production version is " + production.map(ModelVersion::toString).orElse("none")
        + "; neither a promotion nor a revert explains it");
  }

  private Optional<ReleaseRecord> lastRecord(ReleaseKind kind, java.util.function.Predicate<ReleaseRecord> match) {
    List<ReleaseRecord> all = governance.registry().releases(model);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).kind() == kind && match.test(all.get(i))) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public AutoCloseable schedule(ScheduledExecutorService scheduler, Duration period) {
    Objects.requireNonNull(scheduler, "scheduler");
    if (period.isNegative() || period.isZero()) {
      throw new ConfigurationException("Reconcile period must be positive, got " + period);
    }
    ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(() -> {
      try {
        reconcile();
      } catch (RuntimeException e) {
        LOG.error("Release loop for {}: reconcile failed; the schedule continues", model, e);
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    synchronized (schedules) {
      schedules.add(f);
    }
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    closed = true;
    synchronized (schedules) {
      schedules.forEach(f -> f.cancel(false));
      schedules.clear();
    }
  }

  /** For {@code toString} in logs. */
  @Override
  public String toString() {
    return "ReleaseLoop[" + model + ", pending=" + pending().size() + ", at " + Instant.ofEpochMilli(clock.millis()) + "]";
  }
}
