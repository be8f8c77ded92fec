package io.intentops.governance.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.governance.ApprovalRecord;
import io.intentops.governance.ApprovalRequest;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.VersionEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Directory-backed {@link GovernanceStore}. Every record is a pretty JSON file written atomically
 * (temp file, fsync, rename via {@link ModelManifests#writeAtomically}); transactions hold an
 * exclusive lock on {@code .lock}. Layout:
 *
 * <pre>
 * store.json                                     format marker
 * models/&lt;model&gt;/versions/&lt;version&gt;.json         VersionEntry (replaced on change)
 * models/&lt;model&gt;/aliases.json                     alias -&gt; version
 * models/&lt;model&gt;/releases/&lt;000001&gt;.json         ReleaseRecord (write-once)
 * models/&lt;model&gt;/approvals/&lt;version&gt;/request.json ApprovalRequest (write-once)
 * models/&lt;model&gt;/approvals/&lt;version&gt;/&lt;0001&gt;.json ApprovalRecord (write-once)
 * reports/&lt;sha256&gt;.json                          eval reports, content-addressed
 * model_release_log.md                           human-readable deploy/rollback log
 * </pre>
 */
public final class FileGovernanceStore implements GovernanceStore {
  /** Store format written to {@code store.json}. */
  public static final int FORMAT = 1;

  private final Path root;
  private final Path lockFile;

  public FileGovernanceStore(Path dir) {
    this.root = dir.toAbsolutePath().normalize();
    this.lockFile = root.resolve(".lock");
    inTransaction(() -> {
      try {
        Files.createDirectories(root.resolve("models"));
        Path marker = root.resolve("store.json");
        if (!Files.exists(marker)) {
          ModelManifests.writeAtomically(marker, Json.prettyBytes(Map.of("format", FORMAT, "kind", "intentops-governance")));
        }
        removeStrayTempFiles();
      } catch (IOException e) {
        throw new StoreException("Cannot open governance store " + root + ": " + e.getMessage(), e);
      }
      return null;
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

  /** The store directory. */
  public Path root() {
    return root;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return FileLocks.withLock(lockFile, work);
  }

  private Path model(String model) {
    return root.resolve("models").resolve(model);
  }

  @Override
  public List<String> models() {
    return listNames(root.resolve("models"), true).stream().sorted().toList();
  }

  @Override
  public Optional<VersionEntry> version(String model, ModelVersion version) {
    Path f = model(model).resolve("versions").resolve(version + ".json");
    return Files.exists(f) ? Optional.of(Json.read(f, VersionEntry.class)) : Optional.empty();
  }

  @Override
  public List<VersionEntry> versions(String model) {
    return readAll(model(model).resolve("versions"), VersionEntry.class).stream()
        .sorted(Comparator.comparing(VersionEntry::version)).toList();
  }

  @Override
  public void saveVersion(VersionEntry entry) {
    ModelManifests.writeAtomically(model(entry.model()).resolve("versions").resolve(entry.version() + ".json"),
        Json.prettyBytes(entry));
  }

  @Override
  public Map<String, ModelVersion> aliases(String model) {
    Path f = model(model).resolve("aliases.json");
    if (!Files.exists(f)) {
      return Map.of();
    }
    try {
      Map<String, ModelVersion> m = Json.pretty().readValue(Files.readAllBytes(f), new TypeReference<TreeMap<String, ModelVersion>>() {});
      return java.util.Collections.unmodifiableMap(m);
    } catch (IOException e) {
      throw new StoreException("Corrupt aliases " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void saveAliases(String model, Map<String, ModelVersion> aliases) {
    ModelManifests.writeAtomically(model(model).resolve("aliases.json"), Json.prettyBytes(new TreeMap<>(aliases)));
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
    Path f = approvalsDir(model, version).resolve("request.json");
    return Files.exists(f) ? Optional.of(Json.read(f, ApprovalRequest.class)) : Optional.empty();
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
    for (String n : listNames(dir, false)) {
      if (n.endsWith(".json") && !n.equals("request.json")) {
        out.add(Json.read(dir.resolve(n), ApprovalRecord.class));
      }
    }
    return out;
  }

  @Override
  public Checksum putEvalReport(byte[] json) {
    Checksum d = Checksum.sha256(json);
    Path f = root.resolve("reports").resolve(d.hex() + ".json");
    inTransaction(() -> {
      if (!Files.exists(f)) {
        ModelManifests.writeAtomically(f, json);
      }
      return null;
    });
    return d;
  }

  @Override
  public Optional<byte[]> evalReport(Checksum digest) {
    Path f = root.resolve("reports").resolve(digest.hex() + ".json");
    try {
      return Files.exists(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
    } catch (IOException e) {
      throw new StoreException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void appendReleaseLog(String markdown) {
    Path f = root.resolve("model_release_log.md");
    inTransaction(() -> {
      try {
        // Rewritten whole and atomically so a crash never leaves half an entry.
        String old = Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8)
            : "# Model release log\n\nAppended on every deploy and rollback by intentops-governance.\n";
        ModelManifests.writeAtomically(f, (old + "\n" + markdown).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new StoreException("Cannot append to " + f + ": " + e.getMessage(), e);
      }
      return null;
    });
  }

  @Override
  public void close() {
    // Nothing held open between calls.
  }

  private void createOnce(Path f, byte[] bytes, String what) {
    inTransaction(() -> {
      if (Files.exists(f)) {
        throw new StoreException("Refusing to overwrite " + what + " at " + f + ": records are immutable");
      }
      ModelManifests.writeAtomically(f, bytes);
      return null;
    });
  }

  private static List<String> listNames(Path dir, boolean directories) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> directories == Files.isDirectory(p))
          .map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new StoreException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static <T> List<T> readAll(Path dir, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (String n : listNames(dir, false)) {
      if (n.endsWith(".json")) {
        out.add(Json.read(dir.resolve(n), type));
      }
    }
    return out;
  }
}
