package io.intentops.governance.audit.internal;

import io.intentops.governance.support.internal.FileLocks;
import io.intentops.governance.support.internal.Json;
import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.ModelManifests;
import io.intentops.core.StoreException;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.governance.audit.InclusionProof;
import io.intentops.governance.audit.Redactor;
import io.intentops.governance.audit.SignedHead;
import io.intentops.governance.spi.audit.AuditLines.Body;
import io.intentops.governance.spi.audit.AuditLines.Line;
import io.intentops.governance.spi.audit.AuditLines;
import io.intentops.governance.spi.audit.Merkle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** File-backed {@link AuditLog}: JSON Lines + RFC 6962 Merkle tree + optional HMAC. */
public final class FileAuditLog implements AuditLog {
  static final String LOG = "audit.jsonl";
  static final String HEAD = "head.json";
  static final String LOCK = ".lock";

  private final Path dir;
  private final Path logFile;
  private final Path headFile;
  private final Path lockFile;
  private final Clock clock;
  private final Redactor redactor;
  private final byte @Nullable [] key;
  private final long truncated;

  // Guarded by the directory lock: what this instance knows of the file.
  private final List<Checksum> leaves = new ArrayList<>();
  private final List<Checksum> stack = new ArrayList<>();
  private long knownLength;

  public FileAuditLog(Path dir, Clock clock, Redactor redactor, byte @Nullable [] key) {
    this.dir = dir.toAbsolutePath().normalize();
    this.logFile = this.dir.resolve(LOG);
    this.headFile = this.dir.resolve(HEAD);
    this.lockFile = this.dir.resolve(LOCK);
    this.clock = clock;
    this.redactor = redactor;
    this.key = key == null ? null : key.clone();
    this.truncated = FileLocks.withLock(lockFile, this::recover);
  }

  /** Truncates a torn tail, loads leaf hashes, and re-signs a head left one entry behind by a crash. */
  private long recover() {
    try {
      Files.createDirectories(dir);
      if (!Files.exists(logFile)) {
        Files.createFile(logFile);
      }
      long cut = 0;
      try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long size = ch.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
          one.clear();
          ch.read(one, end - 1);
          if (one.get(0) == '\n') {
            break;
          }
          end--;
        }
        if (end < size) {
          ch.truncate(end);
          ch.force(true);
          cut = size - end;
        }
      }
      // Why: a process killed while replacing head.json leaves its temp file behind (found by
      // intentops-reliability's CrashConsistencyTest); heads are only written under the lock we hold.
      try (java.nio.file.DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "." + HEAD + ".*.tmp")) {
        for (Path t : tmp) {
          Files.deleteIfExists(t);
        }
      }
      knownLength = 0;
      leaves.clear();
      stack.clear();
      syncFromFile();
      SignedHead head = readHead();
      long n = leaves.size();
      boolean headBehindByOne = head != null && head.size() == n - 1
          && Merkle.root(leaves, (int) head.size()).matches(head.root());
      if ((head == null && n <= 1) || headBehindByOne) {
        writeHead();
      }
      return cut;
    } catch (IOException e) {
      throw new StoreException("Cannot open audit log " + logFile + ": " + e.getMessage(), e);
    }
  }

  /** Reads lines appended (by any process) since {@link #knownLength}. */
  private void syncFromFile() throws IOException {
    long len = Files.size(logFile);
    if (len == knownLength) {
      return;
    }
    if (len < knownLength) {
      knownLength = 0;
      leaves.clear();
      stack.clear();
    }
    byte[] tail;
    try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
      tail = new byte[(int) (len - knownLength)];
      ByteBuffer b = ByteBuffer.wrap(tail);
      while (b.hasRemaining() && ch.read(b, knownLength + b.position()) > 0) {
        // keep reading
      }
    }
    int start = 0;
    for (int i = 0; i < tail.length; i++) {
      if (tail[i] == '\n') {
        String line = new String(tail, start, i - start, StandardCharsets.UTF_8);
        Checksum leaf;
        try {
          leaf = Merkle.leaf(AuditLines.canonical(AuditLines.parse(line).body()));
        } catch (RuntimeException e) {
          // A damaged line still occupies a leaf; verify() reports it.
          leaf = Merkle.leaf(line.getBytes(StandardCharsets.UTF_8));
        }
        Merkle.push(stack, leaf, leaves.size());
        leaves.add(leaf);
        start = i + 1;
      }
    }
    knownLength += start;
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    return FileLocks.withLock(lockFile, () -> {
      try {
        syncFromFile();
        TreeMap<String, String> details = new TreeMap<>();
        event.details().forEach((k, v) -> details.put(k, redactor.redact(k, v)));
        String subject = redactor.redact("subject", event.subject());
        Body body = new Body(leaves.size(), clock.instant(), event.type(), event.actor(), subject, details);
        Checksum leaf = Merkle.leaf(AuditLines.canonical(body));
        String mac = key == null ? null : AuditLines.hmac(key, leaf.hex());
        Line line = new Line(body.index(), body.timestamp(), body.type(), body.actor(), body.subject(), details,
            leaf.hex(), mac);
        byte[] bytes = (AuditLines.format(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          while (b.hasRemaining()) {
            ch.write(b);
          }
          ch.force(true);
        }
        knownLength += bytes.length;
        Merkle.push(stack, leaf, leaves.size());
        leaves.add(leaf);
        writeHead();
        return new AuditEntry(body.index(), body.timestamp(), body.type(), body.actor(), body.subject(), details, leaf);
      } catch (IOException e) {
        throw new StoreException("Cannot append to audit log " + logFile + ": " + e.getMessage(), e);
      }
    });
  }

  private void writeHead() {
    Checksum root = Merkle.fold(stack);
    SignedHead unsigned = new SignedHead(leaves.size(), root, clock.instant(), null);
    SignedHead head = key == null ? unsigned
        : new SignedHead(unsigned.size(), root, unsigned.timestamp(), AuditLines.hmac(key, unsigned.signedContent()));
    ModelManifests.writeAtomically(headFile, Json.prettyBytes(head));
  }

  private @Nullable SignedHead readHead() {
    return Files.exists(headFile) ? Json.read(headFile, SignedHead.class) : null;
  }

  @Override
  public long size() {
    return FileLocks.withLock(lockFile, () -> {
      try {
        syncFromFile();
      } catch (IOException e) {
        throw new StoreException("Cannot read audit log " + logFile + ": " + e.getMessage(), e);
      }
      return (long) leaves.size();
    });
  }

  @Override
  public List<AuditEntry> entries() {
    List<AuditEntry> out = new ArrayList<>();
    for (String s : lines(readAll())) {
      Line l = AuditLines.parse(s);
      out.add(new AuditEntry(l.index(), l.timestamp(), l.type(), l.actor(), l.subject(), l.details(),
          Checksum.parse(l.leafHash())));
    }
    return out;
  }

  @Override
  public SignedHead head() {
    SignedHead h = FileLocks.withLock(lockFile, this::readHead);
    return h != null ? h : new SignedHead(0, Merkle.emptyRoot(), clock.instant(), null);
  }

  @Override
  public AuditVerification verify() {
    return FileLocks.withLock(lockFile, this::verifyLocked);
  }

  private AuditVerification verifyLocked() {
    byte[] all = readAll();
    List<String> lines = lines(all);
    List<Checksum> computed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String s = lines.get(i);
      Line l;
      try {
        l = AuditLines.parse(s);
      } catch (RuntimeException e) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " (line " + (i + 1) + ") is not a valid entry: "
            + firstLine(e.getMessage()), null);
      }
      if (!AuditLines.format(l).equals(s)) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " (line " + (i + 1)
            + ") is not byte-identical to its canonical form: altered", null);
      }
      if (l.index() != i) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " claims index " + l.index(), null);
      }
      Checksum leaf = Merkle.leaf(AuditLines.canonical(l.body()));
      Checksum stored;
      try {
        stored = Checksum.parse(l.leafHash());
      } catch (RuntimeException e) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " has a malformed leaf hash", null);
      }
      if (!leaf.matches(stored)) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " leaf hash mismatch: content altered", null);
      }
      if (key != null && (l.mac() == null || !AuditLines.constantTimeEquals(AuditLines.hmac(key, leaf.hex()), l.mac()))) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " HMAC mismatch: entry forged or key differs", null);
      }
      computed.add(leaf);
    }
    long n = computed.size();
    Checksum root = Merkle.root(computed, computed.size());
    if (all.length > 0 && all[all.length - 1] != '\n') {
      return AuditVerification.bad(n, n, "torn last line after entry " + (n - 1) + ": incomplete entry", root);
    }
    SignedHead head = readHead();
    if (head == null) {
      return n == 0 ? AuditVerification.ok(0, null)
          : AuditVerification.bad(n, -1, "head.json is missing for a log of " + n + " entries", root);
    }
    AuditLines.HeadProblem headProblem = AuditLines.checkHead(computed, head.size(), head.root(), head.signature(),
        head.signedContent(), key);
    if (headProblem != null) {
      return AuditVerification.bad(n, headProblem.firstBadIndex(), headProblem.reason(), root);
    }
    if (head.size() < n) {
      return AuditVerification.bad(n, head.size(), (n - head.size()) + " entries after the signed head (from index "
          + head.size() + "): not covered by a signature", root);
    }
    return AuditVerification.ok(n, n == 0 ? null : root);
  }

  @Override
  public InclusionProof inclusionProof(long index) {
    return FileLocks.withLock(lockFile, () -> {
      try {
        syncFromFile();
      } catch (IOException e) {
        throw new StoreException("Cannot read audit log " + logFile + ": " + e.getMessage(), e);
      }
      if (index < 0 || index >= leaves.size()) {
        throw new io.intentops.core.InvalidInputException(io.intentops.core.InvalidInputException.Reason.INVALID_ARGUMENT,
            "No audit entry " + index + " in a log of " + leaves.size());
      }
      List<Checksum> snapshot = List.copyOf(leaves);
      return new InclusionProof(index, snapshot.size(), snapshot.get((int) index),
          Merkle.path(snapshot, (int) index, 0, snapshot.size()), Merkle.fold(stack));
    });
  }

  @Override
  public long truncatedOnOpen() {
    return truncated;
  }

  @Override
  public void close() {
    // Nothing held open between calls.
  }

  private byte[] readAll() {
    try {
      return Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
    } catch (IOException e) {
      throw new StoreException("Cannot read audit log " + logFile + ": " + e.getMessage(), e);
    }
  }

  /** Complete ({@code \n}-terminated) lines; a tail without newline is not a line. */
  private static List<String> lines(byte[] all) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        out.add(new String(all, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return out;
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unparseable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** For tests and tools: the files this log uses. */
  public Map<String, Path> files() {
    return Map.of(LOG, logFile, HEAD, headFile);
  }
}
