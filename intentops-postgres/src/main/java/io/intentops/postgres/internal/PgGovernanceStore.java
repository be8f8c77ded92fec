package io.intentops.postgres.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.intentops.core.Checksum;
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
import io.intentops.governance.spi.store.RecordJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link GovernanceStore} in PostgreSQL. {@link #inTransaction} opens one database transaction on this
 * thread and first takes {@code pg_advisory_xact_lock}, so governance transactions are exclusive across
 * threads and processes, all-or-nothing (an exception rolls everything back), and released by commit,
 * rollback or the session's death. Calls made inside the transaction use its connection (and so read
 * their own writes); calls outside one run in their own short transaction. Records are stored as JSON
 * in the governance module's format. Thread-safe.
 */
public final class PgGovernanceStore implements GovernanceStore {
  /** First key of the advisory transaction lock: "IntentOps governance". */
  public static final int LOCK_CLASS = 0x1A7E_060B;

  private final DataSource dataSource;
  private final String store;
  private final ThreadLocal<@Nullable Connection> tx = new ThreadLocal<>();

  public PgGovernanceStore(DataSource dataSource, String store) {
    this.dataSource = dataSource;
    this.store = store;
  }

  @FunctionalInterface
  private interface Sql<T> {
    T run(Connection c) throws SQLException;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (tx.get() != null) {
      return work.get(); // nested: part of the enclosing transaction
    }
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
        ps.setInt(1, LOCK_CLASS);
        ps.setString(2, "governance:" + store);
        ps.execute();
      }
      tx.set(c);
      T result;
      try {
        result = work.get();
      } finally {
        tx.remove();
      }
      c.commit();
      return result;
    } catch (SQLException e) {
      Jdbc.rollbackQuietly(c);
      throw new StoreException("Governance transaction on " + describe() + " failed: " + Jdbc.why(e), e);
    } catch (RuntimeException | Error e) {
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

  private <T> T sql(String what, Sql<T> body) {
    Connection c = tx.get();
    try {
      if (c != null) {
        return body.run(c);
      }
      try (Connection own = dataSource.getConnection()) {
        return body.run(own);
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot " + what + " in " + describe() + ": " + Jdbc.why(e), e);
    }
  }

  /** Writes must be in a transaction: they are part of someone's all-or-nothing change. */
  private <T> T write(String what, Sql<T> body) {
    return inTransaction(() -> sql(what, body));
  }

  private String describe() {
    return "PostgreSQL governance store '" + store + "'";
  }

  private static String json(Object value) {
    return RecordJson.write(value);
  }

  private <T> T parse(String json, Class<T> type, String what) {
    try {
      return RecordJson.read(json, type);
    } catch (JacksonException e) {
      throw new StoreException("Corrupt " + what + " in " + describe() + ": " + e.getOriginalMessage(), e);
    }
  }

  private <T> List<T> list(String sql, Class<T> type, String what, String... args) {
    return sql("read " + what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, store);
        for (int i = 0; i < args.length; i++) {
          ps.setString(i + 2, args[i]);
        }
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(parse(rs.getString(1), type, what));
          }
        }
        return out;
      }
    });
  }

  private int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, store);
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 2, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  private boolean exists(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, store);
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 2, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  // ---------------------------------------------------------------- SPI

  @Override
  public List<String> models() {
    return sql("list models", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT DISTINCT model FROM intentops_gov_version WHERE store = ? ORDER BY model")) {
        ps.setString(1, store);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Optional<VersionEntry> version(String model, ModelVersion version) {
    return list("SELECT entry::text FROM intentops_gov_version WHERE store = ? AND model = ? AND version = ?",
        VersionEntry.class, "version " + model + "@" + version, model, version.toString()).stream().findFirst();
  }

  @Override
  public List<VersionEntry> versions(String model) {
    List<VersionEntry> all = new ArrayList<>(list("SELECT entry::text FROM intentops_gov_version WHERE store = ?"
        + " AND model = ?", VersionEntry.class, "versions of " + model, model));
    all.sort(java.util.Comparator.comparing(VersionEntry::version));
    return all;
  }

  @Override
  public void saveVersion(VersionEntry entry) {
    write("save version " + entry.subject(), c -> update(c, "INSERT INTO intentops_gov_version (store, model, version,"
        + " entry) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (store, model, version) DO UPDATE SET entry = EXCLUDED.entry",
        entry.model(), entry.version().toString(), json(entry)));
  }

  @Override
  public Map<String, ModelVersion> aliases(String model) {
    return sql("read aliases of " + model, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT aliases::text FROM intentops_gov_aliases WHERE store = ? AND model = ?")) {
        ps.setString(1, store);
        ps.setString(2, model);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Map.of();
          }
          try {
            return Collections.unmodifiableMap(
                RecordJson.read(rs.getString(1), new TypeReference<TreeMap<String, ModelVersion>>() {}));
          } catch (JacksonException e) {
            throw new StoreException("Corrupt aliases of " + model + " in " + describe() + ": " + e.getOriginalMessage(), e);
          }
        }
      }
    });
  }

  @Override
  public void saveAliases(String model, Map<String, ModelVersion> aliases) {
    write("save aliases of " + model, c -> update(c, "INSERT INTO intentops_gov_aliases (store, model, aliases)"
        + " VALUES (?, ?, ?::jsonb) ON CONFLICT (store, model) DO UPDATE SET aliases = EXCLUDED.aliases",
        model, json(new TreeMap<>(aliases))));
  }

  @Override
  public void addRelease(ReleaseRecord record) {
    write("add release " + record.releaseId(), c -> {
      if (exists(c, "SELECT 1 FROM intentops_gov_release WHERE store = ? AND (release_id = ? OR (model = ? AND sequence = ?))",
          record.releaseId(), record.model(), record.sequence())) {
        throw new StoreException("Refusing to overwrite release record " + record.releaseId() + " in " + describe()
            + ": records are immutable");
      }
      return update(c, "INSERT INTO intentops_gov_release (store, model, sequence, release_id, record)"
          + " VALUES (?, ?, ?, ?, ?::jsonb)", record.model(), record.sequence(), record.releaseId(), json(record));
    });
  }

  @Override
  public List<ReleaseRecord> releases(String model) {
    return list("SELECT record::text FROM intentops_gov_release WHERE store = ? AND model = ? ORDER BY sequence",
        ReleaseRecord.class, "releases of " + model, model);
  }

  @Override
  public void addApprovalRequest(ApprovalRequest request) {
    write("add approval request " + request.requestId(), c -> {
      if (exists(c, "SELECT 1 FROM intentops_gov_approval_request WHERE store = ? AND model = ? AND version = ?",
          request.model(), request.version().toString())) {
        throw new StoreException("Refusing to overwrite approval request " + request.requestId() + " in " + describe()
            + ": records are immutable");
      }
      return update(c, "INSERT INTO intentops_gov_approval_request (store, model, version, request)"
          + " VALUES (?, ?, ?, ?::jsonb)", request.model(), request.version().toString(), json(request));
    });
  }

  @Override
  public Optional<ApprovalRequest> approvalRequest(String model, ModelVersion version) {
    return list("SELECT request::text FROM intentops_gov_approval_request WHERE store = ? AND model = ? AND version = ?",
        ApprovalRequest.class, "approval request " + model + "@" + version, model, version.toString())
        .stream().findFirst();
  }

  @Override
  public void addApproval(ApprovalRecord record) {
    String id = record.approvalId();
    int hash = id.lastIndexOf('#');
    int ordinal;
    try {
      ordinal = Integer.parseInt(id.substring(hash + 1));
    } catch (RuntimeException e) {
      throw new StoreException("Approval id '" + id + "' does not end in #<number>");
    }
    write("add approval " + id, c -> {
      if (exists(c, "SELECT 1 FROM intentops_gov_approval WHERE store = ? AND (approval_id = ? OR (model = ? AND"
          + " version = ? AND ordinal = ?))", id, record.model(), record.version().toString(), ordinal)) {
        throw new StoreException("Refusing to overwrite approval " + id + " in " + describe() + ": records are immutable");
      }
      return update(c, "INSERT INTO intentops_gov_approval (store, model, version, ordinal, approval_id, record)"
          + " VALUES (?, ?, ?, ?, ?, ?::jsonb)", record.model(), record.version().toString(), ordinal, id, json(record));
    });
  }

  @Override
  public List<ApprovalRecord> approvals(String model, ModelVersion version) {
    return list("SELECT record::text FROM intentops_gov_approval WHERE store = ? AND model = ? AND version = ?"
        + " ORDER BY ordinal", ApprovalRecord.class, "approvals of " + model + "@" + version, model, version.toString());
  }

  private static int overrideNumber(String overrideId) {
    int at = overrideId.lastIndexOf("!bg");
    try {
      return Integer.parseInt(overrideId.substring(at + 3));
    } catch (RuntimeException e) {
      throw new StoreException("Break-glass id '" + overrideId + "' does not end in !bg<number>");
    }
  }

  private void addBreakGlass(String model, ModelVersion version, int overrideNo, int ordinal, String what, Object r) {
    write("add " + what, c -> {
      if (exists(c, "SELECT 1 FROM intentops_gov_break_glass WHERE store = ? AND model = ? AND version = ?"
          + " AND override_no = ? AND ordinal = ?", model, version.toString(), overrideNo, ordinal)) {
        throw new StoreException("Refusing to overwrite " + what + " in " + describe() + ": records are immutable");
      }
      return update(c, "INSERT INTO intentops_gov_break_glass (store, model, version, override_no, ordinal, record)"
          + " VALUES (?, ?, ?, ?, ?, ?::jsonb)", model, version.toString(), overrideNo, ordinal, json(r));
    });
  }

  @Override
  public void addBreakGlassRequest(BreakGlassRequest request) {
    addBreakGlass(request.model(), request.version(), overrideNumber(request.overrideId()), 0,
        "break-glass request " + request.overrideId(), request);
  }

  @Override
  public List<BreakGlassRequest> breakGlassRequests(String model, ModelVersion version) {
    return list("SELECT record::text FROM intentops_gov_break_glass WHERE store = ? AND model = ? AND version = ?"
        + " AND ordinal = 0 ORDER BY override_no", BreakGlassRequest.class, "break-glass requests of " + model + "@"
        + version, model, version.toString());
  }

  @Override
  public void addBreakGlassApproval(BreakGlassApproval a) {
    if (a.ordinal() < 1) {
      throw new StoreException("Break-glass approval ordinal must be >= 1, got " + a.ordinal());
    }
    addBreakGlass(a.model(), a.version(), overrideNumber(a.overrideId()), a.ordinal(),
        "break-glass approval " + a.overrideId() + "/" + a.ordinal(), a);
  }

  @Override
  public List<BreakGlassApproval> breakGlassApprovals(String model, ModelVersion version) {
    return list("SELECT record::text FROM intentops_gov_break_glass WHERE store = ? AND model = ? AND version = ?"
        + " AND ordinal > 0 ORDER BY override_no, ordinal", BreakGlassApproval.class, "break-glass approvals of " + model
        + "@" + version, model, version.toString());
  }

  @Override
  public Checksum putEvalReport(byte[] json) {
    Checksum d = Checksum.sha256(json);
    byte[] copy = json.clone();
    write("store eval report " + d.hex(), c -> update(c, "INSERT INTO intentops_gov_eval_report (store, digest, body)"
        + " VALUES (?, ?, ?) ON CONFLICT (store, digest) DO NOTHING", d.hex(), copy));
    return d;
  }

  @Override
  public Optional<byte[]> evalReport(Checksum digest) {
    return sql("read eval report " + digest.hex(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT body FROM intentops_gov_eval_report WHERE store = ? AND digest = ?")) {
        ps.setString(1, store);
        ps.setString(2, digest.hex());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
  }

  @Override
  public void addPendingAudit(String txnId, List<AuditEvent> events) {
    write("park audit events of " + txnId, c -> {
      if (exists(c, "SELECT 1 FROM intentops_gov_outbox WHERE store = ? AND txn_id = ?", txnId)) {
        throw new StoreException("Refusing to overwrite outbox " + txnId + " in " + describe());
      }
      return update(c, "INSERT INTO intentops_gov_outbox (store, txn_id, events) VALUES (?, ?, ?::jsonb)", txnId,
          json(events));
    });
  }

  @Override
  public Map<String, List<AuditEvent>> pendingAudit() {
    return sql("read the audit outbox", c -> {
      Map<String, List<AuditEvent>> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT txn_id, events::text FROM intentops_gov_outbox WHERE store = ? ORDER BY ordinal")) {
        ps.setString(1, store);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), List.of(parse(rs.getString(2), AuditEvent[].class, "outbox " + rs.getString(1))));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void removePendingAudit(String txnId) {
    write("remove outbox " + txnId, c -> update(c, "DELETE FROM intentops_gov_outbox WHERE store = ? AND txn_id = ?",
        txnId));
  }

  @Override
  public void appendReleaseLog(String markdown) {
    write("append to the release log", c -> update(c,
        "INSERT INTO intentops_gov_release_log (store, markdown) VALUES (?, ?)", markdown));
  }

  /** The release log as one Markdown document, oldest entry first. */
  public String releaseLog() {
    return sql("read the release log", c -> {
      StringBuilder sb = new StringBuilder("# Model release log\n\nAppended on every deploy and rollback by"
          + " intentops-governance.\n");
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT markdown FROM intentops_gov_release_log WHERE store = ? ORDER BY ordinal")) {
        ps.setString(1, store);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sb.append('\n').append(rs.getString(1));
          }
        }
      }
      return sb.toString();
    });
  }

  @Override
  public void close() {
    // Holds no connection between calls.
  }
}
