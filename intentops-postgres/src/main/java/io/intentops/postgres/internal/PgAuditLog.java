package io.intentops.postgres.internal;

import io.intentops.core.Checksum;
import io.intentops.core.Clock;
import io.intentops.core.InvalidInputException;
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
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditLog} in PostgreSQL with the same entry format, RFC 6962 leaf hashing and HMAC as the
 * file log (an entry's {@code line} is byte for byte what the file log would write). An append is one
 * transaction that locks the log's head row ({@code SELECT ... FOR UPDATE}), so concurrent writers in
 * any number of processes get consecutive indexes, and the entry, the Merkle frontier, the root and the
 * signed head always advance together. Thread-safe.
 */
public final class PgAuditLog implements AuditLog {

  private final DataSource dataSource;
  private final String logName;
  private final Clock clock;
  private final Redactor redactor;
  private final byte @Nullable [] key;

  public PgAuditLog(DataSource dataSource, String logName, Clock clock, Redactor redactor, byte @Nullable [] key) {
    this.dataSource = dataSource;
    this.logName = logName;
    this.clock = clock;
    this.redactor = redactor;
    this.key = key == null ? null : key.clone();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO intentops_audit_head (log_name, size, root, frontier,"
            + " signed_at, signature) VALUES (?, 0, ?, '{}', ?, ?) ON CONFLICT (log_name) DO NOTHING")) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      Checksum empty = Merkle.emptyRoot();
      ps.setString(1, logName);
      ps.setString(2, empty.hex());
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setString(4, key == null ? null : AuditLines.hmac(key, new SignedHead(0, empty, now, null).signedContent()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("Cannot open " + describe() + ": " + Jdbc.why(e), e);
    }
  }

  private String describe() {
    return "PostgreSQL audit log '" + logName + "'";
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    TreeMap<String, String> details = new TreeMap<>();
    event.details().forEach((k, v) -> details.put(k, redactor.redact(k, v)));
    String subject = redactor.redact("subject", event.subject());
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      long size;
      List<Checksum> frontier = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT size, frontier FROM intentops_audit_head WHERE log_name = ? FOR UPDATE")) {
        ps.setString(1, logName);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new StoreException(describe() + " has no head row");
          }
          size = rs.getLong(1);
          for (String h : (String[]) rs.getArray(2).getArray()) {
            frontier.add(Checksum.parse(h));
          }
        }
      }
      Body body = new Body(size, clock.instant(), event.type(), event.actor(), subject, details);
      Checksum leaf = Merkle.leaf(AuditLines.canonical(body));
      String mac = key == null ? null : AuditLines.hmac(key, leaf.hex());
      Line line = new Line(size, body.timestamp(), body.type(), body.actor(), body.subject(), details, leaf.hex(), mac);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO intentops_audit_entry (log_name, idx, line, leaf_hash, ts, type, actor, subject)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, logName);
        ps.setLong(2, size);
        ps.setString(3, AuditLines.format(line));
        ps.setString(4, leaf.hex());
        ps.setTimestamp(5, Timestamp.from(body.timestamp()));
        ps.setString(6, body.type());
        ps.setString(7, body.actor());
        ps.setString(8, body.subject());
        ps.executeUpdate();
      }
      Merkle.push(frontier, leaf, size);
      Checksum root = Merkle.fold(frontier);
      Instant signedAt = clock.instant().truncatedTo(ChronoUnit.MICROS); // timestamptz precision
      SignedHead unsigned = new SignedHead(size + 1, root, signedAt, null);
      String[] hex = frontier.stream().map(Checksum::hex).toArray(String[]::new);
      Array arr = c.createArrayOf("text", hex);
      try (PreparedStatement ps = c.prepareStatement("UPDATE intentops_audit_head SET size = ?, root = ?, frontier = ?,"
          + " signed_at = ?, signature = ? WHERE log_name = ?")) {
        ps.setLong(1, size + 1);
        ps.setString(2, root.hex());
        ps.setArray(3, arr);
        ps.setTimestamp(4, Timestamp.from(signedAt));
        ps.setString(5, key == null ? null : AuditLines.hmac(key, unsigned.signedContent()));
        ps.setString(6, logName);
        ps.executeUpdate();
      }
      c.commit();
      return new AuditEntry(size, body.timestamp(), body.type(), body.actor(), body.subject(), details, leaf);
    } catch (SQLException e) {
      Jdbc.rollbackQuietly(c);
      throw new StoreException("Cannot append to " + describe() + ": " + Jdbc.why(e), e);
    } catch (RuntimeException e) {
      Jdbc.rollbackQuietly(c);
      throw e;
    } finally {
      if (c != null) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // broken; the pool evicts it
        }
        Jdbc.closeQuietly(c);
      }
    }
  }

  @Override
  public long size() {
    return head().size();
  }

  @Override
  public List<AuditEntry> entries() {
    List<AuditEntry> out = new ArrayList<>();
    for (String s : lines(Long.MAX_VALUE)) {
      Line l = AuditLines.parse(s);
      out.add(new AuditEntry(l.index(), l.timestamp(), l.type(), l.actor(), l.subject(), l.details(),
          Checksum.parse(l.leafHash())));
    }
    return out;
  }

  /** Lines with index below {@code limit}, in index order. */
  private List<String> lines(long limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT line FROM intentops_audit_entry WHERE log_name = ? AND idx < ? ORDER BY idx")) {
      ps.setString(1, logName);
      ps.setLong(2, limit);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("Cannot read " + describe() + ": " + Jdbc.why(e), e);
    }
  }

  @Override
  public SignedHead head() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT size, root, signed_at, signature FROM intentops_audit_head WHERE log_name = ?")) {
      ps.setString(1, logName);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException(describe() + " has no head row");
        }
        return new SignedHead(rs.getLong(1), Checksum.parse(rs.getString(2)), rs.getTimestamp(3).toInstant(),
            rs.getString(4));
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read the head of " + describe() + ": " + Jdbc.why(e), e);
    }
  }

  @Override
  public AuditVerification verify() {
    // Read the head first: entries appended after it are then visible too and reported as unsigned.
    SignedHead head = head();
    List<String> lines = lines(Long.MAX_VALUE);
    List<Checksum> computed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String s = lines.get(i);
      Line l;
      try {
        l = AuditLines.parse(s);
      } catch (RuntimeException e) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " is not a valid entry: " + e.getMessage(), null);
      }
      if (!AuditLines.format(l).equals(s)) {
        return AuditVerification.bad(lines.size(), i, "entry " + i
            + " is not byte-identical to its canonical form: altered", null);
      }
      if (l.index() != i) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " claims index " + l.index()
            + ": entries missing or reordered", null);
      }
      Checksum leaf = Merkle.leaf(AuditLines.canonical(l.body()));
      if (!leaf.hex().equals(l.leafHash())) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " leaf hash mismatch: content altered", null);
      }
      if (key != null && (l.mac() == null || !AuditLines.constantTimeEquals(AuditLines.hmac(key, leaf.hex()), l.mac()))) {
        return AuditVerification.bad(lines.size(), i, "entry " + i + " HMAC mismatch: entry forged or key differs", null);
      }
      computed.add(leaf);
    }
    long n = computed.size();
    Checksum root = Merkle.root(computed, computed.size());
    AuditLines.HeadProblem headProblem = AuditLines.checkHead(computed, head.size(), head.root(), head.signature(),
        head.signedContent(), key);
    if (headProblem != null) {
      return AuditVerification.bad(n, headProblem.firstBadIndex(), headProblem.reason(), root);
    }
    if (head.size() < n) {
      // Appended after we read the head: re-check against the newer head.
      SignedHead now = head();
      if (now.size() == n && Merkle.root(computed, (int) n).matches(now.root())) {
        return AuditVerification.ok(n, root);
      }
      return AuditVerification.bad(n, head.size(), (n - head.size()) + " entries after the signed head (from index "
          + head.size() + "): not covered by a signature", root);
    }
    return AuditVerification.ok(n, n == 0 ? null : root);
  }

  /** Leaf hashes of the first {@code size} entries (the leaf column only, not the lines). */
  private List<Checksum> leaves(long size) {
    List<Checksum> leaves = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT leaf_hash FROM intentops_audit_entry WHERE log_name = ? AND idx < ? ORDER BY idx")) {
      ps.setString(1, logName);
      ps.setLong(2, size);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          leaves.add(Checksum.parse(rs.getString(1)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read " + describe() + ": " + Jdbc.why(e), e);
    }
    return leaves;
  }

  @Override
  public AuditQueryResult query(AuditQuery q) {
    SignedHead head = head();
    StringBuilder sql = new StringBuilder("SELECT idx, line FROM intentops_audit_entry WHERE log_name = ? AND idx < ?");
    List<Object> args = new ArrayList<>();
    args.add(logName);
    args.add(head.size());
    if (q.subject() != null) {
      sql.append(" AND (subject = ? OR subject LIKE ? ESCAPE '\\')");
      args.add(q.subject());
      args.add(like(q.subject() + "@"));
    }
    if (q.actor() != null) {
      sql.append(" AND actor = ?");
      args.add(q.actor());
    }
    if (q.type() != null) {
      if (q.typePrefix() != null) {
        sql.append(" AND type LIKE ? ESCAPE '\\'");
        args.add(like(q.typePrefix()));
      } else {
        sql.append(" AND type = ?");
        args.add(q.type());
      }
    }
    if (q.from() != null) {
      sql.append(" AND ts >= ?");
      args.add(Timestamp.from(q.from()));
    }
    if (q.to() != null) {
      sql.append(" AND ts < ?");
      args.add(Timestamp.from(q.to()));
    }
    sql.append(" ORDER BY idx LIMIT ?");
    args.add(q.limit() + 1);
    List<AuditEntry> found = new ArrayList<>();
    boolean more = false;
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (found.size() == q.limit()) {
            more = true;
            break;
          }
          Line l = AuditLines.parse(rs.getString(2));
          found.add(new AuditEntry(l.index(), l.timestamp(), l.type(), l.actor(), l.subject(), l.details(),
              Merkle.leaf(AuditLines.canonical(l.body()))));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot query " + describe() + ": " + Jdbc.why(e), e);
    }
    List<Checksum> leaves = leaves(head.size());
    Checksum root = Merkle.root(leaves, leaves.size());
    List<InclusionProof> proofs = new ArrayList<>();
    for (AuditEntry e : found) {
      // The proof is over the stored leaves; an entry whose line no longer hashes to its leaf fails it.
      proofs.add(new InclusionProof(e.index(), leaves.size(), e.leafHash(),
          Merkle.path(leaves, (int) e.index(), 0, leaves.size()), root));
    }
    return new AuditQueryResult(found, proofs, leaves.size(), root, more);
  }

  /** A LIKE pattern matching strings that start with {@code prefix} (its wildcards escaped: types contain '_'). */
  private static String like(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  @Override
  public ConsistencyProof consistencyProof(long oldSize) {
    SignedHead head = head();
    if (oldSize < 0 || oldSize > head.size()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "No consistency proof from " + oldSize + " entries: " + describe() + " has " + head.size());
    }
    List<Checksum> leaves = leaves(head.size());
    return new ConsistencyProof(oldSize, leaves.size(), Merkle.root(leaves, (int) oldSize),
        Merkle.root(leaves, leaves.size()), Merkle.consistencyPath(leaves, (int) oldSize, leaves.size()));
  }

  @Override
  public InclusionProof inclusionProof(long index) {
    SignedHead head = head();
    if (index < 0 || index >= head.size()) {
      throw new InvalidInputException(InvalidInputException.Reason.INVALID_ARGUMENT,
          "No audit entry " + index + " in " + describe() + " of " + head.size());
    }
    List<Checksum> leaves = leaves(head.size());
    return new InclusionProof(index, leaves.size(), leaves.get((int) index),
        Merkle.path(leaves, (int) index, 0, leaves.size()), Merkle.root(leaves, leaves.size()));
  }

  @Override
  public long truncatedOnOpen() {
    return 0; // an append is a transaction: there is no torn entry to cut
  }

  @Override
  public void close() {
    // Holds no connection between calls.
  }

}
