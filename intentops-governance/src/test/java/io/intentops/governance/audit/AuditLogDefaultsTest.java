package io.intentops.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default query and consistency proof (for AuditLog implementations without an index) agree with the file log's. */
class AuditLogDefaultsTest {
  @TempDir Path dir;

  /** Delegates everything but the two defaulted methods. */
  record Plain(AuditLog log) implements AuditLog {
    @Override public AuditEntry append(AuditEvent event) { return log.append(event); }
    @Override public long size() { return log.size(); }
    @Override public List<AuditEntry> entries() { return log.entries(); }
    @Override public SignedHead head() { return log.head(); }
    @Override public AuditVerification verify() { return log.verify(); }
    @Override public InclusionProof inclusionProof(long index) { return log.inclusionProof(index); }
    @Override public long truncatedOnOpen() { return 0; }
    @Override public void close() { log.close(); }
  }

  @Test
  void defaultsMatchTheIndexedImplementation() {
    ManualClock clock = ManualClock.create();
    try (AuditLog log = AuditLog.builder().directory(dir).clock(clock).open()) {
      for (int i = 0; i < 23; i++) {
        clock.advanceMillis(5);
        log.append(AuditEvent.of(i % 2 == 0 ? "approval.decision" : "gate.check", "u" + (i % 4), "m@1.0.0-" + (i % 3),
            Map.of("i", Integer.toString(i))));
      }
      Plain plain = new Plain(log);
      AuditQuery q = AuditQuery.builder().type("approval.*").subject("m").limit(5).build();
      AuditQueryResult a = log.query(q);
      AuditQueryResult b = plain.query(q);
      assertThat(b.entries()).isEqualTo(a.entries());
      assertThat(b.proofs()).isEqualTo(a.proofs());
      assertThat(b.truncated()).isEqualTo(a.truncated()).isTrue();
      assertThat(b.verify()).isTrue();
      for (long m = 0; m <= 23; m += 4) {
        assertThat(plain.consistencyProof(m)).isEqualTo(log.consistencyProof(m));
      }
      SignedHead old = log.head();
      log.append(AuditEvent.of("gate.check", "u", "m"));
      assertThat(plain.checkConsistency(old).consistent()).isTrue();
    }
  }
}
