package io.intentops.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.InvalidInputException;
import io.intentops.core.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditQueryTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-11-23T10:00:00Z"));
  static final byte[] KEY = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);

  AuditLog open(Path d) {
    return AuditLog.builder().directory(d).clock(clock).hmacKey(KEY).open();
  }

  void fill(AuditLog log, int n, String tag) {
    for (int i = 0; i < n; i++) {
      clock.advanceMillis(1000);
      String type = i % 4 == 0 ? "breakglass.request" : i % 4 == 1 ? "approval.decision" : "registry.transition";
      log.append(AuditEvent.of(type, "user" + (i % 3), "m@1.0.0-" + (i % 5), Map.of("n", tag + i)));
    }
  }

  static List<AuditEntry> naive(AuditLog log, AuditQuery q) {
    return log.entries().stream().filter(e -> q.matches(e.timestamp(), e.type(), e.actor(), e.subject())).toList();
  }

  @Test
  void queriesByEntityActorTypeAndTimeMatchAFullScanAndCarryInclusionProofs() {
    try (AuditLog log = open(dir)) {
      fill(log, 40, "a");
      List<AuditQuery> queries = List.of(
          AuditQuery.builder().subject("m@1.0.0-3").build(),
          AuditQuery.builder().actor("user1").build(),
          AuditQuery.builder().type("breakglass.").build(),
          AuditQuery.builder().type("approval.decision").actor("user2").build(),
          AuditQuery.builder().from(Instant.parse("2026-11-23T10:00:10Z")).to(Instant.parse("2026-11-23T10:00:20Z"))
              .build(),
          AuditQuery.builder().subject("nothing").build());
      for (AuditQuery q : queries) {
        AuditQueryResult r = log.query(q);
        assertThat(r.entries()).as(q.toString()).isEqualTo(naive(log, q));
        assertThat(r.treeSize()).isEqualTo(40);
        assertThat(r.root()).isEqualTo(log.head().root());
        assertThat(r.verify()).isTrue();
        assertThat(r.truncated()).isFalse();
      }
      assertThat(log.query(AuditQuery.builder().from(Instant.parse("2026-11-23T10:00:10Z"))
          .to(Instant.parse("2026-11-23T10:00:20Z")).build()).entries()).hasSize(10);
      AuditQueryResult limited = log.query(AuditQuery.builder().actor("user0").limit(3).build());
      assertThat(limited.entries()).hasSize(3);
      assertThat(limited.truncated()).isTrue();
      // A proof for one entry does not pass for another.
      AuditQueryResult one = log.query(AuditQuery.builder().subject("m@1.0.0-1").build());
      InclusionProof p = one.proofs().get(0);
      assertThat(AuditLog.verifyInclusion(new InclusionProof(p.index(), p.treeSize(), one.entries().get(1).leafHash(),
          p.path(), p.root()))).isFalse();
    }
    assertThatThrownBy(() -> AuditQuery.builder().limit(0).build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> AuditQuery.builder().from(Instant.EPOCH).to(Instant.EPOCH).build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
  }

  @Test
  void theIndexIsDerivedDataRebuiltWhenMissingBehindOrCorrupt() throws Exception {
    try (AuditLog log = open(dir)) {
      fill(log, 25, "a");
    }
    Path index = dir.resolve("index.jsonl");
    assertThat(Files.readAllLines(index)).hasSize(25);
    AuditQuery q = AuditQuery.builder().actor("user2").build();
    List<AuditEntry> expected;
    try (AuditLog log = open(dir)) {
      expected = log.query(q).entries();
      assertThat(expected).hasSize(8);
    }
    // Behind (a crash between an entry and its index row): the missing rows come from the log.
    List<String> rows = Files.readAllLines(index);
    Files.write(index, rows.subList(0, 10));
    try (AuditLog log = open(dir)) {
      assertThat(log.query(q).entries()).isEqualTo(expected);
      assertThat(log.verify().valid()).isTrue();
    }
    assertThat(Files.readAllLines(index)).hasSize(25);
    // Corrupt or lying (a row pointing at another leaf): thrown away and rebuilt; results unchanged.
    rows = Files.readAllLines(index);
    rows.set(3, rows.get(3).replaceFirst("\"h\":\"[0-9a-f]{4}", "\"h\":\"0000"));
    Files.write(index, rows);
    try (AuditLog log = open(dir)) {
      assertThat(log.query(q).entries()).isEqualTo(expected);
      fill(log, 1, "b");
      assertThat(log.verify().valid()).isTrue();
    }
    // An earlier line that changed length moves every later offset: the index is rebuilt from the log,
    // and verify() still reports the edit.
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    lines.set(2, lines.get(2).replace("\"n\":\"a2\"", "\"n\":\"a2-longer\""));
    Files.write(dir.resolve("audit.jsonl"), lines);
    try (AuditLog reopened = open(dir)) {
      assertThat(reopened.verify().valid()).isFalse();
      assertThat(reopened.verify().firstBadIndex()).isEqualTo(2);
      assertThat(reopened.query(AuditQuery.builder().actor("user0").build()).entries()).extracting(AuditEntry::index)
          .contains(24L);
    }
    lines.set(2, lines.get(2).replace("\"n\":\"a2-longer\"", "\"n\":\"a2\""));
    Files.write(dir.resolve("audit.jsonl"), lines);
    Files.writeString(index, "garbage\n");
    try (AuditLog log = open(dir)) {
      assertThat(log.query(q).entries()).isEqualTo(expected);
    }
    Files.delete(index);
    try (AuditLog log = open(dir)) {
      assertThat(log.query(q).entries()).isEqualTo(expected);
      assertThat(log.size()).isEqualTo(26);
    }
  }

  @Test
  void aTruncatedAndRebuiltLogFailsTheConsistencyCheckAgainstAnOlderHead() throws Exception {
    SignedHead published;
    try (AuditLog log = open(dir)) {
      fill(log, 12, "a");
      published = log.head();
      fill(log, 5, "b");
      ConsistencyCheck ok = log.checkConsistency(published);
      assertThat(ok.consistent()).as(ok.message()).isTrue();
      assertThat(ok.current().size()).isEqualTo(17);
      assertThat(AuditLog.verifyConsistency(published, log.head(), log.consistencyProof(12))).isTrue();
      // Every older head, not just the published one, is consistent with the current one.
      for (long m = 0; m <= 17; m++) {
        ConsistencyProof p = log.consistencyProof(m);
        assertThat(io.intentops.governance.spi.audit.Merkle.verifyConsistency(m, 17, p.firstRoot(), p.secondRoot(),
            p.path())).isTrue();
      }
    }
    // Someone with the key truncates the log to 8 entries and rebuilds it: 8 kept + 11 new ones. The
    // rebuilt log verifies on its own (it is longer than the published head, too).
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    Path rebuilt = dir.resolve("rebuilt");
    Files.createDirectories(rebuilt);
    Files.write(rebuilt.resolve("audit.jsonl"), lines.subList(0, 8));
    try (AuditLog log = open(rebuilt)) {
      fill(log, 11, "forged");
      assertThat(log.verify().valid()).isTrue();
      assertThat(log.size()).isGreaterThan(published.size());
      ConsistencyCheck bad = log.checkConsistency(published);
      assertThat(bad.consistent()).isFalse();
      assertThat(bad.message()).contains("INCONSISTENT").contains("truncated and rebuilt");
    }
    // Shorter than the published head: caught without a proof.
    Path shorter = dir.resolve("shorter");
    Files.createDirectories(shorter);
    Files.write(shorter.resolve("audit.jsonl"), lines.subList(0, 8));
    try (AuditLog log = open(shorter)) {
      ConsistencyCheck bad = log.checkConsistency(published);
      assertThat(bad.consistent()).isFalse();
      assertThat(bad.proof()).isNull();
      assertThat(bad.message()).contains("entries were removed");
      assertThatThrownBy(() -> log.consistencyProof(12)).isInstanceOf(InvalidInputException.class);
    }
  }
}
