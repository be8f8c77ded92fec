package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.governance.internal.FileGovernanceStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Persistence SPI for governance state, so that a database store can replace the file store. The
 * registry calls every mutating method inside {@link #inTransaction}; implementations must make a
 * transaction exclusive across threads and processes and all-or-nothing (after a crash, readers see
 * every write of a transaction or none; an exception thrown by the work discards its writes). "Add" methods create immutable records and must refuse to
 * overwrite. Implementations must be thread-safe.
 */
public interface GovernanceStore extends AutoCloseable {

  /** The embedded default: a directory of pretty JSON files (see {@code docs/governance.md}). */
  static GovernanceStore directory(Path dir) {
    return new FileGovernanceStore(dir);
  }

  /** Runs {@code work} exclusively (re-entrant); returns its result. */
  <T> T inTransaction(Supplier<T> work);

  /** Names of all registered models, sorted. */
  List<String> models();

  /** A version's entry, if registered. */
  Optional<VersionEntry> version(String model, ModelVersion version);

  /** All versions of a model, oldest version first. */
  List<VersionEntry> versions(String model);

  /** Creates or replaces a version entry. */
  void saveVersion(VersionEntry entry);

  /** The model's aliases ({@code production}, {@code previous}, custom). */
  Map<String, ModelVersion> aliases(String model);

  /** Replaces the model's aliases. */
  void saveAliases(String model, Map<String, ModelVersion> aliases);

  /** Adds an immutable release record; fails with a {@link io.intentops.core.StoreException} if its id exists. */
  void addRelease(ReleaseRecord record);

  /** The model's release records, by sequence. */
  List<ReleaseRecord> releases(String model);

  /** Adds the (single, immutable) approval request of a version. */
  void addApprovalRequest(ApprovalRequest request);

  /** A version's approval request, if any. */
  Optional<ApprovalRequest> approvalRequest(String model, ModelVersion version);

  /** Adds an immutable approval record. */
  void addApproval(ApprovalRecord record);

  /** A version's approval records, in decision order. */
  List<ApprovalRecord> approvals(String model, ModelVersion version);

  /**
   * Adds an immutable break-glass request; refuses an existing id. The default, for stores written
   * before break glass existed, refuses with a {@link io.intentops.core.StoreException}: such a store
   * cannot record an override, so none can be granted.
   */
  default void addBreakGlassRequest(BreakGlassRequest request) {
    throw new io.intentops.core.StoreException(getClass().getName() + " does not store break-glass requests; "
        + "implement GovernanceStore.addBreakGlassRequest/breakGlassRequests/addBreakGlassApproval/breakGlassApprovals");
  }

  /** A version's break-glass requests, oldest first. Default: none (see {@link #addBreakGlassRequest}). */
  default List<BreakGlassRequest> breakGlassRequests(String model, ModelVersion version) {
    return List.of();
  }

  /** Adds an immutable break-glass approval; refuses an existing (override id, ordinal). Default: refused. */
  default void addBreakGlassApproval(BreakGlassApproval approval) {
    throw new io.intentops.core.StoreException(getClass().getName() + " does not store break-glass approvals");
  }

  /** The approvals of a version's break-glass requests, by request then ordinal. Default: none. */
  default List<BreakGlassApproval> breakGlassApprovals(String model, ModelVersion version) {
    return List.of();
  }

  /** Stores an eval report (content-addressed); returns its digest. Idempotent. */
  Checksum putEvalReport(byte[] json);

  /** An eval report's bytes by digest, if stored. */
  Optional<byte[]> evalReport(Checksum digest);

  /**
   * Parks audit events of a committed change until they are in the audit log (an outbox), so that a
   * crash between the store commit and the audit append loses no event. Part of the transaction.
   */
  void addPendingAudit(String txnId, List<io.intentops.governance.audit.AuditEvent> events);

  /** Outbox contents: transaction id to its events, oldest first. */
  Map<String, List<io.intentops.governance.audit.AuditEvent>> pendingAudit();

  /** Removes a drained outbox entry. */
  void removePendingAudit(String txnId);

  /** Appends Markdown to the release log ({@code model_release_log.md} for the file store). */
  void appendReleaseLog(String markdown);

  @Override
  void close();
}
