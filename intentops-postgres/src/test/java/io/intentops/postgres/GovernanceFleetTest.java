package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.StoreException;
import io.intentops.governance.Decision;
import io.intentops.governance.Governance;
import io.intentops.governance.GovernanceStore;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.Stage;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.governance.audit.Redactor;
import io.intentops.governance.spi.audit.Merkle;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registry, approvals, releases and the audit log written concurrently by several instances (separate pools). */
class GovernanceFleetTest {
  static final String MODEL = "banking77-intent";
  static final int INSTANCES = 4;
  static final byte[] KEY = "fleet-audit-key-0123456789".getBytes(StandardCharsets.UTF_8);
  static final String REPORT = """
      {
        "model": {"name": "banking77-intent", "version": "1.0.0-1", "task": "intent"},
        "metrics": {
          "accuracy": {"value": 0.93, "ci_lower": 0.92, "ci_upper": 0.94},
          "bias_disparity": 0.05, "risk_score": 0.12, "fairness_flags": 0,
          "banking77": {"accuracy": {"value": 0.931, "ci_lower": 0.922, "ci_upper": 0.940}, "macro_f1": 0.93},
          "wnut17": {"entity_f1": 0.47},
          "oos": {"auroc": 0.91, "recall": 0.80},
          "ece": 0.021
        },
        "slices": {"short_texts": {"accuracy": 0.91}, "long_texts": {"accuracy": 0.95}},
        "risks": ["confuses card_arrival and card_delivery_estimate"]
      }
      """;

  String url;
  final List<HikariDataSource> pools = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    url = Pg.freshDatabase("fleet_gov");
    for (int i = 0; i < INSTANCES; i++) {
      pools.add(Pg.pool(url, "gov-" + i, 3));
    }
  }

  @AfterEach
  void tearDown() {
    pools.forEach(HikariDataSource::close);
    if (url != null) {
      Pg.drop(url);
    }
  }

  Governance governance(int i, ManualClock clock) {
    return PostgresGovernance.builder().dataSource(pools.get(i)).clock(clock).hmacKey(KEY).build();
  }

  @Test
  void registryAndAuditLogWrittenConcurrentlyByFourInstancesVerify() throws Exception {
    // One clock per instance, 1 ms apart: the governance module names outbox transactions
    // <millis>-<pid>-<counter>, and these instances share a pid (see docs/fleet.md, known issues).
    Instant base = Instant.parse("2026-11-23T10:00:00Z");
    List<Governance> govs = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      govs.add(governance(i, ManualClock.startingAt(base.plusMillis(i))));
    }
    ManualClock clock = ManualClock.startingAt(base.plusMillis(INSTANCES));
    int perInstance = 3;
    ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        int idx = i;
        done.add(pool.submit(() -> {
          Governance g = govs.get(idx);
          for (int k = 0; k < perInstance; k++) {
            ModelVersion v = ModelVersion.of(1, idx, k, idx * 100L + k);
            g.registry().register(MODEL, v, Checksum.sha256("bundle " + v),
                Map.of("banking77/train.csv", Checksum.sha256("train")), "/bundles/" + v, "dev-" + idx);
            g.registry().attachEvalReport(MODEL, v, REPORT.getBytes(StandardCharsets.UTF_8), "dev-" + idx);
            g.registry().transition(MODEL, v, Stage.CANDIDATE, "dev-" + idx, "ready");
            g.registry().transition(MODEL, v, Stage.CANARY, "dev-" + idx, "canary");
            g.approvals().request(MODEL, v, "dev-" + idx);
            g.approvals().decide(MODEL, v, Decision.of("lead-" + idx, "ML_LEAD", true, "metrics above floors"));
            g.approvals().decide(MODEL, v, Decision.of("po-" + idx, "PRODUCT_OWNER", true, "behaviour reviewed"));
          }
          // Every instance promotes its last version: releases race for the model's sequence numbers.
          ModelVersion last = ModelVersion.of(1, idx, perInstance - 1, idx * 100L + perInstance - 1);
          g.registry().promote(MODEL, last, ReleaseRequest.builder().actor("ops-" + idx).codeCommit("0123abc")
              .tag("r-" + idx).reason("release from instance " + idx).build());
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // A fresh instance sees one shared registry.
    Governance reader = governance(0, clock);
    List<VersionEntry> versions = reader.registry().versions(MODEL);
    assertThat(versions).hasSize(INSTANCES * perInstance);
    List<ReleaseRecord> releases = reader.registry().releases(MODEL);
    assertThat(releases).extracting(ReleaseRecord::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(releases).extracting(ReleaseRecord::kind).containsOnly(ReleaseKind.PROMOTION);
    assertThat(versions.stream().filter(e -> e.stage() == Stage.PRODUCTION)).hasSize(1);
    ModelVersion production = reader.registry().resolve(MODEL, "production").orElseThrow();
    assertThat(production).isEqualTo(releases.get(3).version());
    assertThat(reader.store().pendingAudit()).as("audit outbox drained").isEmpty();
    for (VersionEntry e : versions) {
      assertThat(reader.approvals().decisions(MODEL, e.version())).hasSize(2);
    }

    // The audit log verifies, has no gaps, and holds every transaction's events exactly once.
    AuditLog audit = reader.auditLog();
    AuditVerification v = audit.verify();
    assertThat(v.valid()).as(v.reason()).isTrue();
    List<AuditEntry> entries = audit.entries();
    assertThat(v.entries()).isEqualTo(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      assertThat(entries.get(i).index()).isEqualTo(i);
    }
    // The default redactor sometimes takes a numeric txn tag for a card number (a governance-module
    // issue, see docs/fleet.md); only intact tags can be compared.
    List<String> txnTags = entries.stream().map(e -> e.details().get("txn"))
        .filter(t -> t != null && !t.startsWith("[REDACTED")).toList();
    Map<String, List<String>> byTag = entries.stream()
        .filter(e -> e.details().get("txn") != null && !e.details().get("txn").startsWith("[REDACTED"))
        .collect(Collectors.groupingBy(e -> e.details().get("txn"),
            Collectors.mapping(e -> e.index() + ":" + e.type() + ":" + e.subject(), Collectors.toList())));
    assertThat(byTag.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Object::toString).toList())
        .as("audit events appended twice").isEmpty();
    assertThat(new HashSet<>(txnTags)).hasSameSizeAs(txnTags);
    Map<String, Long> byType = entries.stream().collect(Collectors.groupingBy(AuditEntry::type, Collectors.counting()));
    assertThat(byType.get("registry.register")).isEqualTo(INSTANCES * perInstance);
    assertThat(byType.get("registry.eval_report")).isEqualTo(INSTANCES * perInstance);
    assertThat(byType.get("approval.decision")).isEqualTo(2L * INSTANCES * perInstance);
    Set<String> subjects = entries.stream().map(AuditEntry::subject).collect(Collectors.toSet());
    for (VersionEntry e : versions) {
      assertThat(subjects).contains(e.subject());
    }
    for (long i = 0; i < entries.size(); i += 5) {
      assertThat(AuditLog.verifyInclusion(audit.inclusionProof(i))).as("inclusion proof of %d", i).isTrue();
    }
    System.out.printf("governance: %d instances wrote %d versions, %d releases and %d audit entries; verify() ok%n",
        INSTANCES, versions.size(), releases.size(), entries.size());
  }

  @Test
  void concurrentAuditAppendsFormOneTreeAndTamperingIsFound() throws Exception {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-11-23T10:00:00Z"));
    List<AuditLog> logs = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      logs.add(PostgresGovernance.builder().dataSource(pools.get(i)).name("raw").clock(clock).hmacKey(KEY)
          .redactor(Redactor.none()).auditLog());
    }
    int perWriter = 40;
    ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        int idx = i;
        done.add(pool.submit(() -> {
          for (int k = 0; k < perWriter; k++) {
            logs.get(idx).append(AuditEvent.of("router.rollback", "instance-" + idx, "deployment-x",
                Map.of("n", Integer.toString(k))));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    AuditLog log = logs.get(0);
    assertThat(log.size()).isEqualTo(INSTANCES * perWriter);
    AuditVerification ok = log.verify();
    assertThat(ok.valid()).as(ok.reason()).isTrue();
    List<Checksum> leaves = log.entries().stream().map(AuditEntry::leafHash).toList();
    assertThat(log.head().root()).isEqualTo(Merkle.root(leaves, leaves.size()));
    for (int i = 0; i < INSTANCES; i++) {
      int idx = i;
      assertThat(log.entries().stream().filter(e -> e.actor().equals("instance-" + idx))).hasSize(perWriter);
    }
    // A different key does not verify.
    AuditLog wrongKey = PostgresGovernance.builder().dataSource(pools.get(1)).name("raw").migrate(false)
        .hmacKey("another-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)).auditLog();
    assertThat(wrongKey.verify().valid()).isFalse();

    try (Connection c = pools.get(0).getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE intentops_audit_entry SET line = replace(line, '\"instance-', '\"intruder-')"
          + " WHERE log_name = 'raw' AND idx = 17");
    }
    AuditVerification bad = log.verify();
    assertThat(bad.valid()).isFalse();
    assertThat(bad.firstBadIndex()).isEqualTo(17);
    assertThat(bad.reason()).contains("entry 17");

    try (Connection c = pools.get(0).getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM intentops_audit_entry WHERE log_name = 'raw' AND idx >= 17");
    }
    assertThat(log.verify().reason()).contains("entries were removed");
  }

  @Test
  void transactionsAreAllOrNothingAndRecordsImmutable() throws Exception {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-11-23T10:00:00Z"));
    GovernanceStore store = PostgresGovernance.builder().dataSource(pools.get(0)).clock(clock).store();
    ModelVersion v = ModelVersion.parse("2.0.0-9");
    Governance g = governance(1, clock);
    VersionEntry entry = g.registry().register(MODEL, v, Checksum.sha256("b"), Map.of(), "/b", "dev");
    VersionEntry moved = entry.withEvalReport(Checksum.sha256("r"));
    assertThatThrownBy(() -> store.inTransaction(() -> {
      store.saveVersion(moved);
      assertThat(store.version(MODEL, v)).contains(moved); // reads its own write
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(store.version(MODEL, v)).as("rolled back").contains(entry);

    ReleaseRecord r = new ReleaseRecord(MODEL + "-r1", 1, ReleaseKind.PROMOTION, MODEL, v, Checksum.sha256("b"),
        Map.of(), null, null, "abc", "t", null, "why", clock.instant(), "ops", List.of(), null, null);
    store.addRelease(r);
    assertThatThrownBy(() -> store.addRelease(r)).isInstanceOf(StoreException.class)
        .hasMessageContaining("Refusing to overwrite release record " + MODEL + "-r1");
    assertThat(store.releases(MODEL)).containsExactly(r);
    assertThat(store.putEvalReport(REPORT.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(store.putEvalReport(REPORT.getBytes(StandardCharsets.UTF_8)));
  }
}
