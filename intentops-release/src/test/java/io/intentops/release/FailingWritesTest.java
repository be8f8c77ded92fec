package io.intentops.release;

import static io.intentops.release.Fixtures.MODEL;
import static io.intentops.release.Fixtures.V1;
import static io.intentops.release.Fixtures.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.ApprovalRequest;
import io.intentops.governance.Governance;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.governance.audit.InclusionProof;
import io.intentops.governance.audit.SignedHead;
import io.intentops.router.CandidateState;
import io.intentops.router.Router;
import io.intentops.router.RoutingStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Governance writes that fail are kept, reported in pending() and retried until they succeed, exactly once. */
class FailingWritesTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();
  FlakyStore store;
  FlakyAudit audit;
  Governance gov;
  ReleaseLoop loop;
  Router<String, String> router;
  Map<ModelVersion, TestPredictor> predictors;

  @BeforeEach
  void setUp() {
    store = new FlakyStore(GovernanceStore.directory(dir.resolve("gov")));
    audit = new FlakyAudit(AuditLog.builder().directory(dir.resolve("audit")).clock(clock).open());
    gov = Governance.builder().store(store).auditLog(audit).clock(clock).build();
    Fixtures.production(gov, V1);
    Fixtures.canary(gov, V2);
    predictors = Fixtures.predictors(clock, V1, V2);
    loop = ReleaseLoop.custom().governance(gov).model(MODEL).clock(clock).build();
    router = loop.buildRouter(Fixtures.router(clock, predictors, V1, RoutingStateStore.inMemory()));
    router.rollout().setWeight(V2, 5_000);
  }

  @AfterEach
  void tearDown() {
    gov.close();
    store.close();
    audit.close();
  }

  void rollBackV2() {
    predictors.get(V2).failing(true);
    for (int i = 0; i < 3 && router.state().candidate(V2).orElseThrow().phase().isActive(); i++) {
      Fixtures.window(router, clock, i);
    }
    assertThat(router.state().candidate(V2).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
  }

  @Test
  void aFailedReleaseRecordWriteIsPendingAndRetried() {
    store.failReleases = true;
    rollBackV2();
    assertThat(loop.pending()).singleElement().satisfies(p -> {
      assertThat(p.key()).startsWith("canary-rollback " + V2 + "@");
      assertThat(p.lastError()).contains("injected release-store outage");
    });
    assertThat(rollbacks()).isEmpty();
    assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.CANDIDATE); // its own transaction
    assertThat(loop.reconcile()).singleElement().satisfies(p -> assertThat(p.attempts()).isEqualTo(2));

    store.failReleases = false;
    assertThat(loop.reconcile()).isEmpty();
    assertThat(rollbacks()).hasSize(1);
    assertThat(auditOf("release.rollback")).hasSize(1);
  }

  @Test
  void aPromotionWhoseRegistryWriteFailedIsRetriedWithTheCallersRequest() {
    store.failReleases = true;
    assertThatThrownBy(() -> loop.promote(V2, Fixtures.release("v2")))
        .isInstanceOf(StoreException.class).hasMessageContaining("the registry write failed");
    assertThat(router.state().stable()).isEqualTo(V2); // traffic moved; the registry is owed a write
    assertThat(gov.registry().resolve(MODEL, io.intentops.governance.Registry.PRODUCTION)).contains(V1);
    assertThat(loop.pending()).singleElement().satisfies(p -> assertThat(p.key()).isEqualTo("stable " + V2));

    store.failReleases = false;
    assertThat(loop.reconcile()).isEmpty();
    ReleaseRecord rec = gov.registry().releases(MODEL).get(gov.registry().releases(MODEL).size() - 1);
    assertThat(rec.kind()).isEqualTo(ReleaseKind.PROMOTION);
    assertThat(rec.version()).isEqualTo(V2);
    assertThat(rec.codeCommit()).isEqualTo("0123abc");
    assertThat(rec.actor()).isEqualTo("dave");
    assertThat(loop.promote(V2, Fixtures.release("v2"))).isEqualTo(rec);
  }

  @Test
  void aScheduledReconcileRetriesWithoutAnyEvent() throws Exception {
    store.failReleases = true;
    rollBackV2();
    assertThat(loop.pending()).hasSize(1);
    store.failReleases = false;
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (AutoCloseable handle = loop.schedule(scheduler, Duration.ofMillis(20))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!loop.pending().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      scheduler.shutdownNow();
    }
    assertThat(loop.pending()).isEmpty();
    assertThat(rollbacks()).hasSize(1);
  }

  @Test
  void aFailedAuditAppendIsRetriedFromTheOutboxWithoutDuplicates() {
    audit.failType = "release.rollback";
    rollBackV2();
    assertThat(rollbacks()).hasSize(1); // the record committed; its audit event waits in the outbox
    assertThat(auditOf("release.rollback")).isEmpty();
    assertThat(store.pendingAudit()).hasSize(1);
    assertThat(loop.pending()).singleElement().satisfies(p -> assertThat(p.lastError()).contains("injected audit outage"));

    audit.failType = null;
    assertThat(loop.reconcile()).isEmpty();
    loop.reconcile();
    assertThat(auditOf("release.rollback")).singleElement()
        .satisfies(a -> assertThat(a.details().get("rule")).contains("errors<=")); // the judge's rule names
    assertThat(store.pendingAudit()).isEmpty();
    assertThat(rollbacks()).hasSize(1);
  }

  @Test
  void anAuditEventLeftInTheOutboxByACrashIsAppendedOnceAfterRestart() {
    audit.failType = "release.rollback";
    rollBackV2();
    assertThat(store.pendingAudit()).hasSize(1);
    // "Crash": the process goes away with the event still in the outbox; the next start drains it.
    audit.failType = null;
    Governance restarted = Governance.builder().store(store).auditLog(audit).clock(clock).build();
    assertThat(store.pendingAudit()).isEmpty();
    assertThat(auditOf("release.rollback")).hasSize(1);
    ReleaseLoop next = ReleaseLoop.custom().governance(restarted).model(MODEL).clock(clock).build();
    next.attach(router);
    loop.reconcile(); // the old instance's retry finds nothing left to append
    assertThat(next.pending()).isEmpty();
    assertThat(loop.pending()).isEmpty();
    assertThat(auditOf("release.rollback")).hasSize(1);
    assertThat(rollbacks()).hasSize(1);
  }

  List<ReleaseRecord> rollbacks() {
    return gov.registry().releases(MODEL).stream().filter(x -> x.kind() == ReleaseKind.ROLLBACK).toList();
  }

  List<AuditEntry> auditOf(String type) {
    return gov.auditLog().entries().stream().filter(a -> a.type().equals(type)).toList();
  }

  /** A real store whose release writes can be made to fail. */
  static final class FlakyStore implements GovernanceStore {
    final GovernanceStore d;
    volatile boolean failReleases;

    FlakyStore(GovernanceStore d) {
      this.d = d;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      return d.inTransaction(work);
    }

    @Override
    public List<String> models() {
      return d.models();
    }

    @Override
    public Optional<VersionEntry> version(String model, ModelVersion version) {
      return d.version(model, version);
    }

    @Override
    public List<VersionEntry> versions(String model) {
      return d.versions(model);
    }

    @Override
    public void saveVersion(VersionEntry entry) {
      d.saveVersion(entry);
    }

    @Override
    public Map<String, ModelVersion> aliases(String model) {
      return d.aliases(model);
    }

    @Override
    public void saveAliases(String model, Map<String, ModelVersion> aliases) {
      d.saveAliases(model, aliases);
    }

    @Override
    public void addRelease(ReleaseRecord record) {
      if (failReleases) {
        throw new StoreException("injected release-store outage");
      }
      d.addRelease(record);
    }

    @Override
    public List<ReleaseRecord> releases(String model) {
      return d.releases(model);
    }

    @Override
    public void addApprovalRequest(ApprovalRequest request) {
      d.addApprovalRequest(request);
    }

    @Override
    public Optional<ApprovalRequest> approvalRequest(String model, ModelVersion version) {
      return d.approvalRequest(model, version);
    }

    @Override
    public void addApproval(ApprovalRecord record) {
      d.addApproval(record);
    }

    @Override
    public List<ApprovalRecord> approvals(String model, ModelVersion version) {
      return d.approvals(model, version);
    }

    @Override
    public Checksum putEvalReport(byte[] json) {
      return d.putEvalReport(json);
    }

    @Override
    public Optional<byte[]> evalReport(Checksum digest) {
      return d.evalReport(digest);
    }

    @Override
    public void addPendingAudit(String txnId, List<AuditEvent> events) {
      d.addPendingAudit(txnId, events);
    }

    @Override
    public Map<String, List<AuditEvent>> pendingAudit() {
      return d.pendingAudit();
    }

    @Override
    public void removePendingAudit(String txnId) {
      d.removePendingAudit(txnId);
    }

    @Override
    public void appendReleaseLog(String markdown) {
      d.appendReleaseLog(markdown);
    }

    @Override
    public void close() {
      d.close();
    }
  }

  /** A real audit log whose appends of one event type can be made to fail. */
  static final class FlakyAudit implements AuditLog {
    final AuditLog d;
    volatile String failType;

    FlakyAudit(AuditLog d) {
      this.d = d;
    }

    @Override
    public AuditEntry append(AuditEvent event) {
      if (event.type().equals(failType)) {
        throw new StoreException("injected audit outage");
      }
      return d.append(event);
    }

    @Override
    public long size() {
      return d.size();
    }

    @Override
    public List<AuditEntry> entries() {
      return d.entries();
    }

    @Override
    public SignedHead head() {
      return d.head();
    }

    @Override
    public AuditVerification verify() {
      return d.verify();
    }

    @Override
    public InclusionProof inclusionProof(long index) {
      return d.inclusionProof(index);
    }

    @Override
    public long truncatedOnOpen() {
      return d.truncatedOnOpen();
    }

    @Override
    public void close() {
      d.close();
    }
  }
}
