package io.intentops.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.intentops.core.Checksum;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.BreakGlassRequest;
import io.intentops.governance.Decision;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.ReleaseRequest;
import io.intentops.governance.Stage;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditQuery;
import io.intentops.governance.audit.AuditQueryResult;
import io.intentops.governance.audit.ConsistencyCheck;
import io.intentops.governance.audit.SignedHead;
import io.intentops.governance.auth.AccessDeniedException;
import io.intentops.governance.auth.Authorizer;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access control, break glass, audit queries and consistency proofs on the PostgreSQL store and log. */
class PgGovernanceAuditTest {
  static final String MODEL = "banking77-intent";
  static final ModelVersion V1 = ModelVersion.parse("1.0.0-1");
  static final byte[] KEY = "pg-audit-key-0123456789".getBytes(StandardCharsets.UTF_8);
  static final byte[] FAILING = GovernanceFleetTest.REPORT.replace("\"value\": 0.931", "\"value\": 0.901")
      .getBytes(StandardCharsets.UTF_8);

  String url;
  HikariDataSource pool;
  final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-11-23T10:00:00Z"));

  @BeforeEach
  void setUp() throws Exception {
    url = Pg.freshDatabase("gov_audit");
    pool = Pg.pool(url, "gov-audit", 3);
  }

  @AfterEach
  void tearDown() {
    if (pool != null) {
      pool.close();
    }
    if (url != null) {
      Pg.drop(url);
    }
  }

  Governance governance() {
    return PostgresGovernance.builder().dataSource(pool).clock(clock).hmacKey(KEY).authorizer(Authorizer.roleBased())
        .build();
  }

  @Test
  void principalsBreakGlassAndQueriesWorkOnPostgres() {
    Principal alice = Principal.of("alice", "EDITOR");
    Principal bob = Principal.of("bob", "ML_LEAD");
    Principal carol = Principal.of("carol", "PRODUCT_OWNER");
    Principal clara = Principal.of("clara", "COMPLIANCE_OFFICER");
    Principal dave = Principal.of("dave", "RELEASE_MANAGER");
    try (Governance g = governance()) {
      assertThatThrownBy(() -> g.registry().register(MODEL, V1, Checksum.sha256("b"), Map.of(), "/b", "alice"))
          .isInstanceOf(AccessDeniedException.class);
      g.registry().register(alice, MODEL, V1, Checksum.sha256("b"), Map.of(), "/b");
      g.registry().attachEvalReport(alice, MODEL, V1, FAILING);
      g.registry().transition(alice, MODEL, V1, Stage.CANDIDATE, "ready");
      g.registry().transition(alice, MODEL, V1, Stage.CANARY, "canary");
      g.approvals().request(alice, MODEL, V1);
      g.approvals().decide(bob, MODEL, V1, Decision.of("bob", "ML_LEAD", true, "gap accepted"));
      g.approvals().decide(carol, MODEL, V1, Decision.of("carol", "PRODUCT_OWNER", true, "launch"));
      Policy policy = Policy.defaultPolicy();
      assertThat(g.gate().check(dave, MODEL, V1, policy, FAILING).passed()).isFalse();
      BreakGlassRequest req = g.breakGlass().request(dave, MODEL, V1, policy, FAILING, "regulator deadline, RISK-17");
      g.breakGlass().approve(clara, MODEL, V1, req.overrideId(), "COMPLIANCE_OFFICER", "time-boxed");
      g.breakGlass().approve(bob, MODEL, V1, req.overrideId(), "ML_LEAD", "reviewed");
      assertThat(g.breakGlass().approvals(MODEL, V1)).hasSize(2);
      assertThat(g.gate().check(dave, MODEL, V1, policy, FAILING).overrideId()).isEqualTo(req.overrideId());
      ReleaseRecord r = g.registry().promote(dave, MODEL, V1, ReleaseRequest.builder().actor("dave").codeCommit("c")
          .tag("v1").build());
      assertThat(g.registry().releases(MODEL).get(0).breakGlassId()).isEqualTo(req.overrideId()).isEqualTo(
          r.breakGlassId());

      AuditLog log = g.auditLog();
      AuditQueryResult denied = log.query(AuditQuery.builder().type("auth.").build());
      assertThat(denied.entries()).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("alice"));
      AuditQueryResult bg = log.query(AuditQuery.builder().type("breakglass.").subject(MODEL + "@" + V1).build());
      assertThat(bg.entries()).extracting(AuditEntry::type)
          .containsExactly("breakglass.request", "breakglass.approval", "breakglass.approval", "breakglass.active");
      assertThat(bg.verify()).isTrue();
      AuditQueryResult byBob = log.query(AuditQuery.builder().actor("bob").build());
      assertThat(byBob.entries()).isEqualTo(log.entries().stream().filter(e -> e.actor().equals("bob")).toList());
      assertThat(byBob.verify()).isTrue();
    }
  }

  @Test
  void aTruncatedAndRebuiltLogFailsTheConsistencyCheck() throws Exception {
    AuditLog log = PostgresGovernance.builder().dataSource(pool).clock(clock).hmacKey(KEY).auditLog();
    for (int i = 0; i < 9; i++) {
      clock.advanceMillis(1000);
      log.append(AuditEvent.of("registry.transition", "u" + i, "m@1.0.0-" + i));
    }
    SignedHead published = log.head();
    for (int i = 0; i < 4; i++) {
      log.append(AuditEvent.of("registry.transition", "later", "m"));
    }
    ConsistencyCheck ok = log.checkConsistency(published);
    assertThat(ok.consistent()).as(ok.message()).isTrue();
    assertThat(log.query(AuditQuery.builder().from(published.timestamp().minusMillis(4500)).build()).entries())
        .hasSize(9); // 10:00:05 to 10:00:09 (5) and the 4 later ones
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("DELETE FROM intentops_audit_entry");
      st.execute("DELETE FROM intentops_audit_head");
    }
    AuditLog rebuilt = PostgresGovernance.builder().dataSource(pool).clock(clock).hmacKey(KEY).auditLog();
    for (int i = 0; i < 20; i++) {
      rebuilt.append(AuditEvent.of("registry.transition", "forger", "m@1.0.0-" + i));
    }
    assertThat(rebuilt.verify().valid()).isTrue();
    ConsistencyCheck bad = rebuilt.checkConsistency(published);
    assertThat(bad.consistent()).isFalse();
    assertThat(bad.message()).contains("INCONSISTENT");
    assertThat(List.of(bad.current().size())).containsExactly(20L);
  }
}
