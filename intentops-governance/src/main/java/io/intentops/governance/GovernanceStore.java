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
 * transaction exclusive across threads and processes and each write atomic (a reader sees the old or
 * the new record, never half of one). "Add" methods create immutable records and must refuse to
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

  /** Stores an eval report (content-addressed); returns its digest. Idempotent. */
  Checksum putEvalReport(byte[] json);

  /** An eval report's bytes by digest, if stored. */
  Optional<byte[]> evalReport(Checksum digest);

  /** Appends Markdown to the release log ({@code model_release_log.md} for the file store). */
  void appendReleaseLog(String markdown);

  @Override
  void close();
}
