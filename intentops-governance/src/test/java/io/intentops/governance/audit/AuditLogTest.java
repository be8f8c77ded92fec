package io.intentops.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.create();

  AuditLog open() {
    return AuditLog.builder().directory(dir).clock(clock).open();
  }

  AuditLog openWithKey() {
    return AuditLog.builder().directory(dir).clock(clock).hmacKey("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)).open();
  }

  void fill(AuditLog log, int n) {
    for (int i = 0; i < n; i++) {
      clock.advanceMillis(10);
      log.append(AuditEvent.of("registry.transition", "user" + (i % 3), "m@1.0.0-" + i,
          Map.of("from", "CANDIDATE", "to", "CANARY", "n", Integer.toString(i))));
    }
  }

  @Test
  void appendsAreVerifiableAndReadBack() {
    try (AuditLog log = open()) {
      assertThat(log.verify().valid()).isTrue();
      fill(log, 20);
      AuditVerification v = log.verify();
      assertThat(v.valid()).as(v.reason()).isTrue();
      assertThat(v.entries()).isEqualTo(20);
      assertThat(v.root()).isEqualTo(log.head().root());
      List<AuditEntry> es = log.entries();
      assertThat(es).hasSize(20);
      assertThat(es.get(7).details()).containsEntry("n", "7");
      assertThat(es.get(7).timestamp()).isEqualTo(ManualClock.create().advanceMillis(80).instant());
    }
    // Reopening sees the same log.
    try (AuditLog log = open()) {
      assertThat(log.size()).isEqualTo(20);
      fill(log, 1);
      assertThat(log.verify().valid()).isTrue();
    }
  }

  @Test
  void flippingOneByteIsReportedAtThatEntry() throws Exception {
    try (AuditLog log = open()) {
      fill(log, 30);
    }
    Path f = dir.resolve("audit.jsonl");
    byte[] original = Files.readAllBytes(f);
    Random rnd = new Random(2025);
    for (int trial = 0; trial < 25; trial++) {
      int pos = rnd.nextInt(original.length);
      byte[] tampered = original.clone();
      tampered[pos] ^= (byte) (1 << rnd.nextInt(7));
      Files.write(f, tampered);
      int expectedEntry = 0;
      for (int i = 0; i < pos; i++) {
        if (original[i] == '\n') {
          expectedEntry++;
        }
      }
      try (AuditLog log = open()) {
        AuditVerification v = log.verify();
        assertThat(v.valid()).as("flip at byte %d", pos).isFalse();
        if (original[pos] == '\n' && pos == original.length - 1) {
          // The last newline became another byte: the last line is torn and was cut on open.
          assertThat(log.truncatedOnOpen()).isPositive();
          assertThat(v.firstBadIndex()).isEqualTo(29);
        } else {
          assertThat(v.firstBadIndex()).as("flip at byte %d: %s", pos, v.reason()).isEqualTo(expectedEntry);
          assertThat(v.reason()).contains("entry " + expectedEntry);
        }
      }
    }
    Files.write(f, original);
    try (AuditLog log = open()) {
      assertThat(log.verify().valid()).isTrue();
    }
  }

  @Test
  void rewritingAnEntryWithAFreshLeafHashIsCaughtByTheHmac() throws Exception {
    try (AuditLog log = openWithKey()) {
      fill(log, 5);
      assertThat(log.verify().valid()).isTrue();
    }
    Path f = dir.resolve("audit.jsonl");
    List<String> lines = Files.readAllLines(f);
    // A forger recomputes the leaf hash of an edited entry (possible without the key) ...
    String edited = lines.get(2).replace("\"to\":\"CANARY\"", "\"to\":\"PRODUCTION\"");
    String body = edited.substring(0, edited.indexOf(",\"leaf_hash\"")) + "}";
    String leaf = io.intentops.governance.spi.audit.Merkle.leaf(body.getBytes(StandardCharsets.UTF_8)).hex();
    edited = edited.replaceAll("\"leaf_hash\":\"[0-9a-f]{64}\"", "\"leaf_hash\":\"" + leaf + "\"");
    lines.set(2, edited);
    Files.write(f, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    try (AuditLog log = openWithKey()) {
      AuditVerification v = log.verify();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadIndex()).isEqualTo(2);
      assertThat(v.reason()).contains("HMAC");
    }
    // Without a key the same forgery still breaks the Merkle root of the signed head.
  }

  @Test
  void removedOrUnsignedEntriesAreDetected() throws Exception {
    try (AuditLog log = open()) {
      fill(log, 6);
    }
    Path f = dir.resolve("audit.jsonl");
    List<String> lines = Files.readAllLines(f);
    Files.write(f, (String.join("\n", lines.subList(0, 4)) + "\n").getBytes(StandardCharsets.UTF_8));
    try (AuditLog log = open()) {
      AuditVerification v = log.verify();
      assertThat(v.valid()).isFalse();
      assertThat(v.reason()).contains("removed");
    }
  }

  @Test
  void tornLastLineIsTruncatedOnOpenNeverAccepted() throws Exception {
    try (AuditLog log = open()) {
      fill(log, 3);
    }
    Path f = dir.resolve("audit.jsonl");
    long complete = Files.size(f);
    byte[] torn = "{\"index\":3,\"timestamp\":\"2025-01-01T00:00:01Z\",\"type\":\"x\"".getBytes(StandardCharsets.UTF_8);
    Files.write(f, torn, java.nio.file.StandardOpenOption.APPEND);
    try (AuditLog log = open()) {
      assertThat(log.truncatedOnOpen()).isEqualTo(torn.length);
      assertThat(Files.size(f)).isEqualTo(complete);
      assertThat(log.size()).isEqualTo(3);
      assertThat(log.verify().valid()).isTrue();
      fill(log, 1);
      assertThat(log.entries()).extracting(AuditEntry::index).containsExactly(0L, 1L, 2L, 3L);
    }
  }

  @Test
  void sensitiveFieldsAreRedactedBeforeWriting() throws Exception {
    try (AuditLog log = open()) {
      log.append(AuditEvent.of("capture.request", "svc", "request from jane.doe@example.com",
          Map.of("text", "call me on +44 20 7946 0958 or mail jane.doe@example.com, card 4111 1111 1111 1111",
              "api_key", "sk-live-abc", "ip", "10.1.2.3")));
      AuditEntry e = log.entries().get(0);
      assertThat(e.subject()).isEqualTo("request from [REDACTED:EMAIL]");
      assertThat(e.details().get("text")).isEqualTo(
          "call me on [REDACTED:PHONE] or mail [REDACTED:EMAIL], card [REDACTED:CARD_NUMBER]");
      assertThat(e.details().get("api_key")).isEqualTo(Redactor.SECRET);
      assertThat(e.details().get("ip")).isEqualTo("[REDACTED:IPV4]");
    }
    String raw = Files.readString(dir.resolve("audit.jsonl"));
    assertThat(raw).doesNotContain("jane.doe", "4111", "sk-live", "7946");
  }

  @Test
  void inclusionProofsVerifyForEveryEntry() {
    try (AuditLog log = open()) {
      fill(log, 13);
      for (long i = 0; i < 13; i++) {
        InclusionProof p = log.inclusionProof(i);
        assertThat(AuditLog.verifyInclusion(p)).as("entry %d", i).isTrue();
        assertThat(p.root()).isEqualTo(log.head().root());
        InclusionProof wrongIndex = new InclusionProof((i + 1) % 13, p.treeSize(), p.leafHash(), p.path(), p.root());
        assertThat(AuditLog.verifyInclusion(wrongIndex)).isFalse();
      }
    }
  }

  @Test
  void signedHeadVerifiesOnlyWithTheRightKey() {
    try (AuditLog log = openWithKey()) {
      fill(log, 4);
      assertThat(log.head().signature()).hasSize(64);
      assertThat(log.verify().valid()).isTrue();
    }
    try (AuditLog log = AuditLog.builder().directory(dir).clock(clock)
        .hmacKey("another-key-of-20-bytes".getBytes(StandardCharsets.UTF_8)).open()) {
      AuditVerification v = log.verify();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadIndex()).isEqualTo(0);
    }
    assertThatThrownBy(() -> AuditLog.builder().hmacKey(new byte[4])).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void concurrentAppendersFromManyThreadsProduceAValidLog() throws Exception {
    try (AuditLog a = open(); AuditLog b = open()) {
      Thread[] ts = new Thread[4];
      for (int t = 0; t < ts.length; t++) {
        AuditLog log = t % 2 == 0 ? a : b;
        int id = t;
        ts[t] = new Thread(() -> {
          for (int i = 0; i < 25; i++) {
            log.append(AuditEvent.of("test.concurrent", "t" + id, "s", Map.of("i", Integer.toString(i))));
          }
        });
        ts[t].start();
      }
      for (Thread t : ts) {
        t.join();
      }
      assertThat(a.size()).isEqualTo(100);
      AuditVerification v = b.verify();
      assertThat(v.valid()).as(v.reason()).isTrue();
    }
  }
}
