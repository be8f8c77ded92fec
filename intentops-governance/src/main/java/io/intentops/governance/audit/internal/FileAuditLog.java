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
import io.intentops.governance.audit.AuditQuery;
import io.intentops.governance.audit.AuditQueryResult;
import io.intentops.governance.audit.ConsistencyProof;
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

/**
 * File-backed {@link AuditLog}: JSON Lines + RFC 6962 Merkle tree + optional HMAC, plus
 * {@code index.jsonl}, one row per entry (index, byte offset and length of its line, timestamp, type,
 * actor, subject, leaf hash). Why the index: queries filter rows and read only the matching lines at
 * their offsets, and opening loads leaf hashes from the index instead of parsing the whole log. The
 * index is derived data: rows are appended after the entry is durable, a missing tail is rebuilt from
 * the log, and an index that disagrees with the log or the signed head is thrown away and rebuilt, so
 * it can never change what the log says (proofs are over the leaves of the log's lines).
 */
public final class FileAuditLog implements AuditLog {
  static final String LOG = "audit.jsonl";
  static final String HEAD = "head.json";
  static final String LOCK = ".lock";
  static final String INDEX = "index.jsonl";

  /** One index row; short names keep the index small. */
  @com.fasterxml.jackson.annotation.JsonPropertyOrder({"i", "o", "n", "t", "y", "a", "s", "h"})
  record Row(long i, long o, int n, Instant t, String y, String a, String s, String h) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper ROWS =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final Path dir;
  private final Path logFile;
  private final Path headFile;
  private final Path lockFile;
  private final Path indexFile;
  private final Clock clock;
  private final Redactor redactor;
  private final byte @Nullable [] key;
  private final long truncated;

  // Guarded by the directory lock: what this instance knows of the file.
  private final List<Checksum> leaves = new ArrayList<>();
  private final List<Checksum> stack = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private long knownLength;
  private long indexedRows;
  private long indexLength;

  public FileAuditLog(Path dir, Clock clock, Redactor redactor, byte @Nullable [] key) {
    this.dir = dir.toAbsolutePath().normalize();
    this.logFile = this.dir.resolve(LOG);
    this.headFile = this.dir.resolve(HEAD);
    this.lockFile = this.dir.resolve(LOCK);
    this.indexFile = this.dir.resolve(INDEX);
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
      rows.clear();
      SignedHead head = readHead();
      boolean indexedFromFile = loadIndex(head);
      if (!indexedFromFile) {
        // No usable index: start it again from the log (derived data, so nothing is lost).
        forgetIndex();
      }
      syncFromFile();
      if (head != null && head.size() <= leaves.size() && leaves.size() > 0 && rows.size() > 0
          && !Merkle.root(leaves, (int) head.size()).matches(head.root()) && indexedFromFile) {
        // The index disagreed with the log after all: parse the log itself.
        forgetIndex();
        syncFromFile();
      }
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

  /** Drops the in-memory leaves and rows and empties the index file, so the next sync reads the whole log. */
  private void forgetIndex() throws IOException {
    knownLength = 0;
    leaves.clear();
    stack.clear();
    rows.clear();
    Files.write(indexFile, new byte[0]);
    indexedRows = 0;
    indexLength = 0;
  }

  /**
   * Loads rows and leaf hashes from the index, keeping at most the rows the signed head covers (rows
   * after it are re-read from the log). Accepts the index only if its rows are contiguous, lie inside
   * the log and reproduce the head's root when they cover it; returns false otherwise. {@link #recover}
   * checks the root again once the tail has been read.
   */
  private boolean loadIndex(@Nullable SignedHead head) throws IOException {
    if (!Files.exists(indexFile) || head == null) {
      return false;
    }
    byte[] all = Files.readAllBytes(indexFile);
    long logLen = Files.size(logFile);
    List<Row> read = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    long expectOffset = 0;
    int start = 0;
    for (int i = 0; i < all.length && read.size() < head.size(); i++) {
      if (all[i] != '\n') {
        continue;
      }
      Row r;
      try {
        r = ROWS.readValue(all, start, i - start, Row.class);
        Checksum.parse(r.h());
      } catch (IOException | RuntimeException e) {
        return false;
      }
      if (r.i() != read.size() || r.o() != expectOffset || r.n() < 0 || r.o() + r.n() + 1 > logLen) {
        return false;
      }
      read.add(r);
      expectOffset = r.o() + r.n() + 1;
      start = i + 1;
      ends.add(start);
    }
    if (!read.isEmpty() && !lastRowMatchesLog(read.get(read.size() - 1))) {
      return false; // an earlier line changed length (or the log was replaced): offsets no longer hold
    }
    for (Row r : read) {
      Checksum leaf = Checksum.parse(r.h());
      Merkle.push(stack, leaf, leaves.size());
      leaves.add(leaf);
      rows.add(r);
    }
    if (head.size() <= leaves.size() && !Merkle.root(leaves, (int) head.size()).matches(head.root())) {
      return false;
    }
    knownLength = expectOffset;
    indexedRows = rows.size();
    indexLength = rows.isEmpty() ? 0 : ends.get(ends.size() - 1);
    truncateIndex(indexLength);
    return true;
  }

  /** Whether the log holds, at the row's offset, a whole line whose leaf is the row's. */
  private boolean lastRowMatchesLog(Row r) throws IOException {
    byte[] b = new byte[r.n() + 1];
    try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(b);
      while (buf.hasRemaining() && ch.read(buf, r.o() + buf.position()) > 0) {
        // keep reading
      }
      if (buf.hasRemaining() || b[r.n()] != '\n' || (r.o() > 0 && !newlineAt(ch, r.o() - 1))) {
        return false;
      }
    }
    try {
      Line l = AuditLines.parse(new String(b, 0, r.n(), StandardCharsets.UTF_8));
      return l.index() == r.i() && Merkle.leaf(AuditLines.canonical(l.body())).hex().equals(r.h());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean newlineAt(FileChannel ch, long pos) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return ch.read(one, pos) == 1 && one.get(0) == '\n';
  }

  private void truncateIndex(long length) throws IOException {
    if (Files.size(indexFile) > length) {
      try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.WRITE)) {
        ch.truncate(length);
      }
    }
  }

  /** Appends the rows this instance knows of that the index file lacks (other writers may have added some). */
  private void syncIndex() throws IOException {
    long len = Files.exists(indexFile) ? Files.size(indexFile) : 0;
    if (len < indexLength) {
      // Another process rebuilt the index: count its rows again.
      indexLength = 0;
      indexedRows = 0;
    }
    if (len > indexLength) {
      byte[] tail = new byte[(int) (len - indexLength)];
      try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.wrap(tail);
        while (b.hasRemaining() && ch.read(b, indexLength + b.position()) > 0) {
          // keep reading
        }
      }
      for (int i = 0; i < tail.length; i++) {
        if (tail[i] == '\n') {
          indexedRows++;
        }
      }
      indexLength = len;
    }
    if (indexedRows >= rows.size()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (long k = indexedRows; k < rows.size(); k++) {
      sb.append(ROWS.writeValueAsString(rows.get((int) k))).append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(indexFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
    indexLength += bytes.length;
    indexedRows = rows.size();
  }

  /** Reads lines appended (by any process) since {@link #knownLength}. */
  private void syncFromFile() throws IOException {
    long len = Files.size(logFile);
    if (len == knownLength) {
      if (indexedRows < rows.size()) {
        syncIndex();
      }
      return;
    }
    if (len < knownLength) {
      knownLength = 0;
      leaves.clear();
      stack.clear();
      rows.clear();
      Files.write(indexFile, new byte[0]);
      indexedRows = 0;
      indexLength = 0;
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
        Row row;
        long offset = knownLength + start;
        try {
          Line l = AuditLines.parse(line);
          leaf = Merkle.leaf(AuditLines.canonical(l.body()));
          row = new Row(leaves.size(), offset, i - start, l.timestamp(), l.type(), l.actor(), l.subject(), leaf.hex());
        } catch (RuntimeException e) {
          // A damaged line still occupies a leaf; verify() reports it. Its row matches no query field.
          leaf = Merkle.leaf(line.getBytes(StandardCharsets.UTF_8));
          row = new Row(leaves.size(), offset, i - start, Instant.EPOCH, "", "", "", leaf.hex());
        }
        rows.add(row);
        Merkle.push(stack, leaf, leaves.size());
        leaves.add(leaf);
        start = i + 1;
      }
    }
    knownLength += start;
    syncIndex();
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
        rows.add(new Row(body.index(), knownLength, bytes.length - 1, body.timestamp(), body.type(), body.actor(),
            body.subject(), leaf.hex()));
        knownLength += bytes.length;
        Merkle.push(stack, leaf, leaves.size());
        leaves.add(leaf);
        writeHead();
        syncIndex();
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
  public AuditQueryResult query(AuditQuery q) {
    return FileLocks.withLock(lockFile, () -> {
      try {
        syncFromFile();
        List<Checksum> snapshot = List.copyOf(leaves);
        Checksum root = Merkle.fold(stack);
        List<AuditEntry> found = new ArrayList<>();
        List<InclusionProof> proofs = new ArrayList<>();
        boolean more = false;
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ)) {
          for (Row r : rows) {
            if (!q.matches(r.t(), r.y(), r.a(), r.s())) {
              continue;
            }
            if (found.size() == q.limit()) {
              more = true;
              break;
            }
            byte[] b = new byte[r.n()];
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining() && ch.read(buf, r.o() + buf.position()) > 0) {
              // keep reading
            }
            Line l = AuditLines.parse(new String(b, StandardCharsets.UTF_8));
            Checksum leaf = Merkle.leaf(AuditLines.canonical(l.body()));
            if (l.index() != r.i() || !leaf.matches(snapshot.get((int) r.i()))) {
              throw new StoreException("Audit entry " + r.i() + " of " + logFile + " changed since it was read; run "
                  + "verify()");
            }
            found.add(new AuditEntry(l.index(), l.timestamp(), l.type(), l.actor(), l.subject(), l.details(), leaf));
            proofs.add(new InclusionProof(r.i(), snapshot.size(), leaf, Merkle.path(snapshot, (int) r.i(), 0,
                snapshot.size()), root));
          }
        }
        return new AuditQueryResult(found, proofs, snapshot.size(), root, more);
      } catch (IOException e) {
        throw new StoreException("Cannot query audit log " + logFile + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public ConsistencyProof consistencyProof(long oldSize) {
    return FileLocks.withLock(lockFile, () -> {
      try {
        syncFromFile();
      } catch (IOException e) {
        throw new StoreException("Cannot read audit log " + logFile + ": " + e.getMessage(), e);
      }
      if (oldSize < 0 || oldSize > leaves.size()) {
        throw new io.intentops.core.InvalidInputException(io.intentops.core.InvalidInputException.Reason.INVALID_ARGUMENT,
            "No consistency proof from " + oldSize + " entries: the log has " + leaves.size());
      }
      List<Checksum> snapshot = List.copyOf(leaves);
      return new ConsistencyProof(oldSize, snapshot.size(), Merkle.root(snapshot, (int) oldSize), Merkle.fold(stack),
          Merkle.consistencyPath(snapshot, (int) oldSize, snapshot.size()));
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
    return Map.of(LOG, logFile, HEAD, headFile, INDEX, indexFile);
  }
}
