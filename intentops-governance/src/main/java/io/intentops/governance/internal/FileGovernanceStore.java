package io.intentops.governance.internal;

import io.intentops.governance.support.internal.FileLocks;
import io.intentops.governance.support.internal.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.ApprovalRequest;
import io.intentops.governance.BreakGlassApproval;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Directory-backed {@link GovernanceStore}: pretty JSON files that {@code jq} reads. Layout:
 *
 * <pre>
 * store.json                                       format marker
 * .lock                                            FileChannel lock: one writer process at a time
 * journal.json                                     only while a commit is being applied (redo log)
 * models/&lt;model&gt;/versions/&lt;version&gt;.json           VersionEntry (replaced on change)
 * models/&lt;model&gt;/aliases.json                       alias -&gt; version
 * models/&lt;model&gt;/releases/&lt;000001&gt;.json           ReleaseRecord (write-once)
 * models/&lt;model&gt;/approvals/&lt;version&gt;/request.json   ApprovalRequest (write-once)
 * models/&lt;model&gt;/approvals/&lt;version&gt;/&lt;0001&gt;.json   ApprovalRecord (write-once)
 * models/&lt;model&gt;/breakglass/&lt;version&gt;/request-&lt;001&gt;.json          BreakGlassRequest (write-once)
 * models/&lt;model&gt;/breakglass/&lt;version&gt;/approval-&lt;001&gt;-&lt;01&gt;.json  BreakGlassApproval (write-once)
 * reports/&lt;sha256&gt;.json                            eval reports, content-addressed
 * outbox/&lt;txn&gt;.json                                audit events not yet in the audit log
 * model_release_log.md                             deploy/rollback log for people
 * </pre>
 *
 * <p>Why a journal: a promotion changes several files (two versions, aliases, a release record, the
 * release log). Writes of a transaction are buffered; the commit first writes them all to
 * {@code journal.json} atomically (temp, fsync, rename), then applies each file atomically, then
 * deletes the journal. A crash before the journal rename loses the whole transaction; after it, the
 * next transaction (or open) replays the journal. Either way no half-done promotion is visible
 * after recovery, and no file is ever half-written.
 */
public final class FileGovernanceStore implements GovernanceStore {
  /** Store format written to {@code store.json}. */
  public static final int FORMAT = 1;

  private final Path root;
  private final Path lockFile;
  private final Path journal;

  // Owned by the thread holding the lock.
  private volatile @Nullable Thread owner;
  private volatile @Nullable LinkedHashMap<Path, byte[]> pending;

  /** The journal document: relative path to base64 content, in write order. */
  record Journal(List<Write> writes) {}

  /** One journaled file write. */
  record Write(String path, String data) {}

  public FileGovernanceStore(Path dir) {
    this.root = dir.toAbsolutePath().normalize();
    this.lockFile = root.resolve(".lock");
    this.journal = root.resolve("journal.json");
    FileLocks.withLock(lockFile, () -> {
      try {
        Files.createDirectories(root.resolve("models"));
        removeStrayTempFiles();
        replayJournal();
        Path marker = root.resolve("store.json");
        if (!Files.exists(marker)) {
          ModelManifests.writeAtomically(marker, Json.prettyBytes(Map.of("format", FORMAT, "kind", "intentops-governance")));
        }
      } catch (IOException e) {
        throw new StoreException("Cannot open governance store " + root + ": " + e.getMessage(), e);
      }
    });
  }

  /** Temp files of writes interrupted by a crash are never records; delete them (under the lock). */
  private void removeStrayTempFiles() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Applies a journal left by a crashed commit. Idempotent. */
  private void replayJournal() {
    if (!Files.exists(journal)) {
      return;
    }
    Journal j = Json.read(journal, Journal.class);
    for (Write w : j.writes()) {
      ModelManifests.writeAtomically(root.resolve(w.path()), Base64.getDecoder().decode(w.data()));
    }
    deleteDurably(journal);
  }

  private void commit(Map<Path, byte[]> writes) {
    if (writes.isEmpty()) {
      return;
    }
    List<Write> ws = new ArrayList<>();
    writes.forEach((p, b) -> ws.add(new Write(root.relativize(p).toString(), Base64.getEncoder().encodeToString(b))));
    ModelManifests.writeAtomically(journal, Json.prettyBytes(new Journal(ws)));
    writes.forEach(ModelManifests::writeAtomically);
    deleteDurably(journal);
  }

  private void deleteDurably(Path f) {
    try {
      Files.deleteIfExists(f);
      try (FileChannel d = FileChannel.open(f.getParent(), StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // Directory fsync is best effort (not supported everywhere).
      }
    } catch (IOException e) {
      throw new StoreException("Cannot delete " + f + ": " + e.getMessage(), e);
    }
  }

  /** The store directory. */
  public Path root() {
    return root;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return FileLocks.withLock(lockFile, () -> {
      if (owner == Thread.currentThread()) {
        return work.get(); // nested: part of the enclosing transaction
      }
      replayJournal();
      owner = Thread.currentThread();
      pending = new LinkedHashMap<>();
      try {
        T result = work.get();
        commit(pending);
        return result;
      } finally {
        pending = null;
        owner = null;
      }
    });
  }

  private boolean inMyTransaction() {
    return owner == Thread.currentThread() && pending != null;
  }

  // ---------------------------------------------------------------- file primitives (read-your-writes)

  private void write(Path f, byte[] bytes) {
    inTransaction(() -> {
      pending.put(f, bytes);
      return null;
    });
  }

  private boolean exists(Path f) {
    return (inMyTransaction() && pending.containsKey(f)) || Files.exists(f);
  }

  private byte @Nullable [] readBytes(Path f) {
    if (inMyTransaction() && pending.containsKey(f)) {
      return pending.get(f);
    }
    try {
      return Files.exists(f) ? Files.readAllBytes(f) : null;
    } catch (IOException e) {
      throw new StoreException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private <T> @Nullable T read(Path f, Class<T> type) {
    byte[] b = readBytes(f);
    if (b == null) {
      return null;
    }
    try {
      return Json.pretty().readValue(b, type);
    } catch (IOException e) {
      throw new StoreException("Corrupt record " + f + ": " + e.getMessage(), e);
    }
  }

  /** Names in {@code dir} (files or directories), including this transaction's pending files. */
  private List<String> list(Path dir, boolean directories) {
    TreeSet<String> names = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> !p.getFileName().toString().startsWith("."))
            .filter(p -> directories == Files.isDirectory(p))
            .forEach(p -> names.add(p.getFileName().toString()));
      } catch (IOException e) {
        throw new StoreException("Cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    if (inMyTransaction()) {
      for (Path p : pending.keySet()) {
        if (directories) {
          if (p.startsWith(dir) && p.getNameCount() > dir.getNameCount() + 1) {
            names.add(p.getName(dir.getNameCount()).toString());
          }
        } else if (dir.equals(p.getParent())) {
          names.add(p.getFileName().toString());
        }
      }
    }
    return new ArrayList<>(names);
  }

  private <T> List<T> readAll(Path dir, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (String n : list(dir, false)) {
      if (n.endsWith(".json")) {
        out.add(read(dir.resolve(n), type));
      }
    }
    return out;
  }

  private void createOnce(Path f, byte[] bytes, String what) {
    inTransaction(() -> {
      if (exists(f)) {
        throw new StoreException("Refusing to overwrite " + what + " at " + f + ": records are immutable");
      }
      write(f, bytes);
      return null;
    });
  }

  // ---------------------------------------------------------------- SPI

  private Path model(String model) {
    return root.resolve("models").resolve(model);
  }

  @Override
  public List<String> models() {
    return list(root.resolve("models"), true);
  }

  @Override
  public Optional<VersionEntry> version(String model, ModelVersion version) {
    return Optional.ofNullable(read(model(model).resolve("versions").resolve(version + ".json"), VersionEntry.class));
  }

  @Override
  public List<VersionEntry> versions(String model) {
    return readAll(model(model).resolve("versions"), VersionEntry.class).stream()
        .sorted(Comparator.comparing(VersionEntry::version)).toList();
  }

  @Override
  public void saveVersion(VersionEntry entry) {
    write(model(entry.model()).resolve("versions").resolve(entry.version() + ".json"), Json.prettyBytes(entry));
  }

  @Override
  public Map<String, ModelVersion> aliases(String model) {
    byte[] b = readBytes(model(model).resolve("aliases.json"));
    if (b == null) {
      return Map.of();
    }
    try {
      return java.util.Collections.unmodifiableMap(
          Json.pretty().readValue(b, new TypeReference<TreeMap<String, ModelVersion>>() {}));
    } catch (IOException e) {
      throw new StoreException("Corrupt aliases of " + model + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void saveAliases(String model, Map<String, ModelVersion> aliases) {
    write(model(model).resolve("aliases.json"), Json.prettyBytes(new TreeMap<>(aliases)));
  }

  @Override
  public void addRelease(ReleaseRecord record) {
    Path f = model(record.model()).resolve("releases").resolve(String.format("%06d.json", record.sequence()));
    createOnce(f, Json.prettyBytes(record), "release record " + record.releaseId());
  }

  @Override
  public List<ReleaseRecord> releases(String model) {
    return readAll(model(model).resolve("releases"), ReleaseRecord.class).stream()
        .sorted(Comparator.comparingLong(ReleaseRecord::sequence)).toList();
  }

  private Path approvalsDir(String model, ModelVersion version) {
    return model(model).resolve("approvals").resolve(version.toString());
  }

  @Override
  public void addApprovalRequest(ApprovalRequest request) {
    createOnce(approvalsDir(request.model(), request.version()).resolve("request.json"), Json.prettyBytes(request),
        "approval request " + request.requestId());
  }

  @Override
  public Optional<ApprovalRequest> approvalRequest(String model, ModelVersion version) {
    return Optional.ofNullable(read(approvalsDir(model, version).resolve("request.json"), ApprovalRequest.class));
  }

  @Override
  public void addApproval(ApprovalRecord record) {
    int n = Integer.parseInt(record.approvalId().substring(record.approvalId().lastIndexOf('#') + 1));
    createOnce(approvalsDir(record.model(), record.version()).resolve(String.format("%04d.json", n)),
        Json.prettyBytes(record), "approval " + record.approvalId());
  }

  @Override
  public List<ApprovalRecord> approvals(String model, ModelVersion version) {
    Path dir = approvalsDir(model, version);
    List<ApprovalRecord> out = new ArrayList<>();
    for (String n : list(dir, false)) {
      if (n.endsWith(".json") && !n.equals("request.json")) {
        out.add(read(dir.resolve(n), ApprovalRecord.class));
      }
    }
    return out;
  }

  private Path breakGlassDir(String model, ModelVersion version) {
    return model(model).resolve("breakglass").resolve(version.toString());
  }

  private static int overrideNumber(String overrideId) {
    return Integer.parseInt(overrideId.substring(overrideId.lastIndexOf("!bg") + 3));
  }

  @Override
  public void addBreakGlassRequest(BreakGlassRequest request) {
    createOnce(breakGlassDir(request.model(), request.version()).resolve(String.format("request-%03d.json",
        overrideNumber(request.overrideId()))), Json.prettyBytes(request), "break-glass request " + request.overrideId());
  }

  @Override
  public List<BreakGlassRequest> breakGlassRequests(String model, ModelVersion version) {
    Path dir = breakGlassDir(model, version);
    List<BreakGlassRequest> out = new ArrayList<>();
    for (String n : list(dir, false)) {
      if (n.startsWith("request-") && n.endsWith(".json")) {
        out.add(read(dir.resolve(n), BreakGlassRequest.class));
      }
    }
    return out;
  }

  @Override
  public void addBreakGlassApproval(BreakGlassApproval a) {
    createOnce(breakGlassDir(a.model(), a.version()).resolve(String.format("approval-%03d-%02d.json",
        overrideNumber(a.overrideId()), a.ordinal())), Json.prettyBytes(a),
        "break-glass approval " + a.overrideId() + "/" + a.ordinal());
  }

  @Override
  public List<BreakGlassApproval> breakGlassApprovals(String model, ModelVersion version) {
    Path dir = breakGlassDir(model, version);
    List<BreakGlassApproval> out = new ArrayList<>();
    for (String n : list(dir, false)) {
      if (n.startsWith("approval-") && n.endsWith(".json")) {
        out.add(read(dir.resolve(n), BreakGlassApproval.class));
      }
    }
    return out;
  }

  @Override
  public Checksum putEvalReport(byte[] json) {
    Checksum d = Checksum.sha256(json);
    Path f = root.resolve("reports").resolve(d.hex() + ".json");
    inTransaction(() -> {
      if (!exists(f)) {
        write(f, json.clone());
      }
      return null;
    });
    return d;
  }

  @Override
  public Optional<byte[]> evalReport(Checksum digest) {
    return Optional.ofNullable(readBytes(root.resolve("reports").resolve(digest.hex() + ".json")));
  }

  @Override
  public void addPendingAudit(String txnId, List<AuditEvent> events) {
    createOnce(root.resolve("outbox").resolve(txnId + ".json"), Json.prettyBytes(events), "outbox " + txnId);
  }

  @Override
  public Map<String, List<AuditEvent>> pendingAudit() {
    Map<String, List<AuditEvent>> out = new LinkedHashMap<>();
    Path dir = root.resolve("outbox");
    for (String n : list(dir, false)) {
      if (n.endsWith(".json")) {
        AuditEvent[] es = read(dir.resolve(n), AuditEvent[].class);
        out.put(n.substring(0, n.length() - ".json".length()), List.of(es));
      }
    }
    return out;
  }

  @Override
  public void removePendingAudit(String txnId) {
    inTransaction(() -> {
      Path f = root.resolve("outbox").resolve(txnId + ".json");
      pending.remove(f);
      deleteDurably(f);
      return null;
    });
  }

  @Override
  public void appendReleaseLog(String markdown) {
    Path f = root.resolve("model_release_log.md");
    inTransaction(() -> {
      byte[] old = readBytes(f);
      String text = old != null ? new String(old, StandardCharsets.UTF_8)
          : "# Model release log\n\nAppended on every deploy and rollback by intentops-governance.\n";
      write(f, (text + "\n" + markdown).getBytes(StandardCharsets.UTF_8));
      return null;
    });
  }

  @Override
  public void close() {
    // Nothing held open between calls.
  }
}
