package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static io.intentops.governance.Fixtures.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.serving.RoutingSnapshot;
import io.intentops.governance.serving.ServingHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingHistoryTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();

  @Test
  void bucketsAreTheRoutersDocumentedOnes() {
    // Known answers computed with intentops-router's Bucketing.bucket(key, salt) (jshell over
    // intentops-router/target/classes and commons-codec 1.18.0), so both sides of the rule agree.
    assertThat(RoutingSnapshot.bucket("user-1", "intentops")).isEqualTo(263);
    assertThat(RoutingSnapshot.bucket("user-42", "intentops")).isEqualTo(1463);
    assertThat(RoutingSnapshot.bucket("alice", "intentops")).isEqualTo(1020);
    assertThat(RoutingSnapshot.bucket("bob", "intentops")).isEqualTo(9237);
    assertThat(RoutingSnapshot.bucket("ünïcode", "intentops")).isEqualTo(2104);
    assertThat(RoutingSnapshot.bucket("user-1", "salt2")).isEqualTo(4440);
  }

  @Test
  void whichVersionServedAKeyAtATime() {
    try (Governance g = Fixtures.governance(dir, clock)) {
      AuditLog audit = g.auditLog();
      ServingHistory h = ServingHistory.of(audit, g.registry());
      Instant beforeAll = clock.instant();
      clock.advance(Duration.ofMinutes(1));
      assertThat(h.servedBy(MODEL, "alice", beforeAll).version()).isEmpty();

      Fixtures.approvedCanary(g, V1);
      ReleaseRecord r1 = g.registry().promote(MODEL, V1, Fixtures.release("v1"));
      clock.advance(Duration.ofMinutes(1));
      Instant afterRelease = clock.instant();
      ServingHistory.Answer a0 = h.servedBy(MODEL, "alice", afterRelease);
      assertThat(a0.version()).contains(V1);
      assertThat(a0.release()).isEqualTo(r1);
      assertThat(a0.basis()).contains("no routing snapshot");

      clock.advance(Duration.ofMinutes(1));
      Map<io.intentops.core.ModelVersion, Integer> canary = new LinkedHashMap<>();
      canary.put(V2, 1500);
      audit.append(new RoutingSnapshot(MODEL, V1, canary, RoutingSnapshot.DEFAULT_SALT, Map.of())
          .toAuditEvent("intentops-router"));
      clock.advance(Duration.ofMinutes(1));
      Instant t1 = clock.instant();
      clock.advance(Duration.ofMinutes(1));
      canary.put(V2, 500);
      audit.append(new RoutingSnapshot(MODEL, V1, canary, RoutingSnapshot.DEFAULT_SALT, Map.of("bob", V2))
          .toAuditEvent("intentops-router"));
      clock.advance(Duration.ofMinutes(1));
      Instant t2 = clock.instant();

      // 15 % canary: buckets 0..1499 go to V2.
      ServingHistory.Answer alice1 = h.servedBy(MODEL, "alice", t1);
      assertThat(alice1.version()).contains(V2);
      assertThat(alice1.basis()).contains("bucket 1020");
      assertThat(AuditLog.verifyInclusion(alice1.proof())).isTrue();
      assertThat(h.servedBy(MODEL, "bob", t1).version()).contains(V1);
      // 5 % canary: alice (1020) is back on stable, user-1 (263) stays on the candidate; bob is pinned.
      assertThat(h.servedBy(MODEL, "alice", t2).version()).contains(V1);
      assertThat(h.servedBy(MODEL, "user-1", t2).version()).contains(V2);
      ServingHistory.Answer bob2 = h.servedBy(MODEL, "bob", t2);
      assertThat(bob2.version()).contains(V2);
      assertThat(bob2.basis()).contains("key override");
      // The past does not change when the state does.
      assertThat(h.servedBy(MODEL, "alice", t1).version()).contains(V2);
      assertThat(h.servedBy(MODEL, "alice", afterRelease).version()).contains(V1);
    }
  }

  @Test
  void badSnapshotsAreTypedErrors() {
    assertThatThrownBy(() -> new RoutingSnapshot(MODEL, V1, Map.of(V2, 10_001), "s", Map.of()))
        .isInstanceOf(InvalidInputException.class);
    try (Governance g = Fixtures.governance(dir, clock)) {
      var e = g.auditLog().append(io.intentops.governance.audit.AuditEvent.of(RoutingSnapshot.EVENT_TYPE, "x", MODEL,
          Map.of("stable", "not-a-version")));
      assertThatThrownBy(() -> RoutingSnapshot.fromAuditEntry(e)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("entry " + e.index());
    }
  }
}
