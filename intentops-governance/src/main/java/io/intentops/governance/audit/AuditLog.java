package io.intentops.governance.audit;

import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.governance.audit.internal.FileAuditLog;
import io.intentops.governance.pii.PiiScanner;
import io.intentops.governance.spi.audit.Merkle;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Append-only, tamper-evident audit log. Every entry is a JSON line whose RFC 6962 leaf hash
 * (SHA-256(0x00 || canonical entry)) is stored with it; the Merkle root over all entries is kept in a
 * head that is HMAC-SHA256 signed when a key is configured and can be published to anchor the log.
 * {@link #verify()} re-reads the file and names the first entry that does not check out.
 *
 * <p>On disk ({@link Builder#directory(Path)}): {@code audit.jsonl} (one fsync'd append per entry),
 * {@code head.json} (atomically replaced after each append) and {@code .lock}. Opening a log truncates
 * a torn last line (a crash mid-append) instead of accepting it. Appends are serialised across
 * threads and processes by a file lock.
 *
 * <p>Thread-safe. Close it to release nothing more than bookkeeping; it holds no open file between
 * calls.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Redacts, timestamps, hashes and durably appends {@code event}; returns the stored entry.
   *
   * @throws io.intentops.core.StoreException when the log cannot be written
   */
  AuditEntry append(AuditEvent event);

  /** Number of entries. */
  long size();

  /** Every entry, in order, as stored (re-read from disk). */
  List<AuditEntry> entries();

  /** The current head (size, root, signature). */
  SignedHead head();

  /** Re-reads the whole log and checks every entry, the Merkle root and the head signature. */
  AuditVerification verify();

  /** RFC 6962 inclusion proof for entry {@code index} against the current head. */
  InclusionProof inclusionProof(long index);

  /** Bytes of a torn last line that were truncated when this log was opened (0 if none). */
  long truncatedOnOpen();

  /**
   * Entries matching {@code query}, found through the log's index (the file log's {@code index.jsonl},
   * the PostgreSQL log's indexed columns) instead of reading every entry, each with an inclusion proof
   * against the current head.
   */
  default AuditQueryResult query(AuditQuery query) {
    // For logs without an index (implementations written before queries existed): a full scan, with
    // proofs against one head. The file and PostgreSQL logs override it with their indexes.
    SignedHead head = head();
    List<AuditEntry> all = entries();
    List<Checksum> leaves = new java.util.ArrayList<>();
    for (int i = 0; i < head.size() && i < all.size(); i++) {
      leaves.add(all.get(i).leafHash());
    }
    Checksum root = Merkle.root(leaves, leaves.size());
    List<AuditEntry> found = new java.util.ArrayList<>();
    List<InclusionProof> proofs = new java.util.ArrayList<>();
    boolean more = false;
    for (AuditEntry e : all.subList(0, leaves.size())) {
      if (query.matches(e.timestamp(), e.type(), e.actor(), e.subject())) {
        if (found.size() == query.limit()) {
          more = true;
          break;
        }
        found.add(e);
        proofs.add(new InclusionProof(e.index(), leaves.size(), e.leafHash(),
            Merkle.path(leaves, (int) e.index(), 0, leaves.size()), root));
      }
    }
    return new AuditQueryResult(found, proofs, leaves.size(), root, more);
  }

  /**
   * RFC 9162 consistency proof from the tree of the first {@code oldSize} entries to the current head.
   *
   * @throws io.intentops.core.InvalidInputException when {@code oldSize} exceeds the current size
   *     (which is itself evidence of truncation)
   */
  default ConsistencyProof consistencyProof(long oldSize) {
    // For logs written before consistency proofs existed: from the stored leaf hashes up to the head.
    SignedHead head = head();
    List<AuditEntry> all = entries();
    if (oldSize < 0 || oldSize > head.size() || head.size() > all.size()) {
      throw new io.intentops.core.InvalidInputException(io.intentops.core.InvalidInputException.Reason.INVALID_ARGUMENT,
          "No consistency proof from " + oldSize + " entries: the log's head covers " + head.size());
    }
    List<Checksum> leaves = all.subList(0, (int) head.size()).stream().map(AuditEntry::leafHash).toList();
    return new ConsistencyProof(oldSize, leaves.size(), Merkle.root(leaves, (int) oldSize),
        Merkle.root(leaves, leaves.size()), Merkle.consistencyPath(leaves, (int) oldSize, leaves.size()));
  }

  /**
   * Checks, with this log's current head, that the log only grew since {@code older} was published:
   * builds the consistency proof and verifies it against {@code older}'s root. A log truncated and
   * rebuilt fails, even if it is longer now and its own {@link #verify()} passes.
   */
  default ConsistencyCheck checkConsistency(SignedHead older) {
    SignedHead now = head();
    if (older.size() > now.size()) {
      return new ConsistencyCheck(false, older, now, null, "the log has " + now.size() + " entries but a head of "
          + older.size() + " was published: entries were removed");
    }
    ConsistencyProof p = consistencyProof(older.size());
    if (p.secondSize() != now.size()) {
      // Appended meanwhile: check against the tree the proof was made for (its root is the log's own).
      SignedHead later = head();
      now = later.size() == p.secondSize() ? later : new SignedHead(p.secondSize(), p.secondRoot(), later.timestamp(),
          null);
    }
    boolean ok = verifyConsistency(older, now, p);
    return new ConsistencyCheck(ok, older, now, p, ok ? "consistent: the log only grew from " + older.size() + " to "
        + now.size() + " entries" : "INCONSISTENT: the first " + older.size() + " entries are not the ones the older "
        + "head signed (root now " + p.firstRoot().hex() + ", published " + older.root().hex()
        + "): the log was rewritten or truncated and rebuilt");
  }

  /**
   * Verifies a consistency proof between two heads (needs no access to the log): sizes and roots must be
   * the heads' and the path must prove that {@code newer} extends {@code older}. Signatures are checked
   * by {@link #verify()} (they need the key).
   */
  static boolean verifyConsistency(SignedHead older, SignedHead newer, ConsistencyProof proof) {
    return proof.firstSize() == older.size() && proof.secondSize() == newer.size()
        && proof.secondRoot().matches(newer.root())
        && Merkle.verifyConsistency(older.size(), newer.size(), older.root(), newer.root(), proof.path());
  }

  @Override
  void close();

  /** Checks an inclusion proof (RFC 9162 section 2.1.3.2); needs no access to the log. */
  static boolean verifyInclusion(InclusionProof proof) {
    return Merkle.verifyInclusion(proof.leafHash(), proof.index(), proof.treeSize(), proof.path(), proof.root());
  }

  /** A builder for a file-backed log. */
  static Builder builder() {
    return new Builder();
  }

  /** Configures and opens a file-backed {@link AuditLog}. Not thread-safe; the log it opens is. */
  final class Builder {
    /** Minimum HMAC key length in bytes. */
    public static final int MIN_KEY_BYTES = 16;

    private @Nullable Path directory;
    private Clock clock = Clock.system();
    private Redactor redactor = Redactor.pii(PiiScanner.create());
    private byte @Nullable [] hmacKey;

    private Builder() {}

    /** Directory holding {@code audit.jsonl} and {@code head.json}; created if missing. Required. */
    public Builder directory(Path dir) {
      this.directory = Objects.requireNonNull(dir, "directory");
      return this;
    }

    /** Timestamp source; default {@link Clock#system()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Redaction applied to event details and subjects; default {@link Redactor#pii(PiiScanner)}. */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** HMAC-SHA256 key signing the head and every entry; at least {@value #MIN_KEY_BYTES} bytes. Default: unsigned. */
    public Builder hmacKey(byte[] key) {
      if (key.length < MIN_KEY_BYTES) {
        throw new ConfigurationException("Audit HMAC key must be at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
      }
      this.hmacKey = key.clone();
      return this;
    }

    /** Opens (and recovers, if needed) the log. */
    public AuditLog open() {
      if (directory == null) {
        throw new ConfigurationException("AuditLog.builder(): directory(...) is required");
      }
      return new FileAuditLog(directory, clock, redactor, hmacKey);
    }
  }
}
