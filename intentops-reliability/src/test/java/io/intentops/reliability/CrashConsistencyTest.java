package io.intentops.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.VersionEntry;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditLog;
import io.intentops.governance.audit.AuditVerification;
import io.intentops.router.CandidateState;
import io.intentops.router.Router;
import io.intentops.router.RoutingState;
import io.intentops.router.RoutingStateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a child JVM ({@link StoreWriter}) that is writing the governance registry, a stand-alone
 * audit log and the routing-state file store at the same time, at random points (seed 2025), many
 * times over the same directories (the approach of governance's CrashSafetyTest). After every kill
 * each store reopens, the audit logs verify, and only complete records exist: no torn entry, no gap,
 * no revision going back, no stray temp file once the store has been written again.
 */
class CrashConsistencyTest {
  static final int ITERATIONS = Integer.getInteger("reliability.crash.iterations", 10);

  @TempDir Path dir;

  @Test
  void killedWriterLeavesEveryStoreConsistent() throws Exception {
    Random rnd = new Random(Fixtures.SEED);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path root = dir.resolve("stores");
    long lastRevision = 0;
    long lastAudit = 0;
    int lastVersions = 0;
    long truncated = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      int writes = rnd.nextInt(30);
      int extraMillis = rnd.nextInt(30);
      Path err = dir.resolve("writer-" + it + ".err");
      Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
          System.getProperty("java.class.path"), StoreWriter.class.getName(), root.toString())
          .redirectError(err.toFile()).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).as("writer stderr: %s", Files.readString(err)).isEqualTo("ready");
        for (int w = 0; w < writes; w++) {
          assertThat(out.readLine()).as("writer stderr: %s", Files.readString(err)).isNotNull();
        }
        Thread.sleep(extraMillis); // somewhere inside the next writes of all three threads
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      // Governance registry (with its own audit log).
      try (Governance g = Governance.builder().directory(root.resolve("governance")).build()) {
        truncated += g.auditLog().truncatedOnOpen();
        AuditVerification v = g.auditLog().verify();
        assertThat(v.valid()).as("iteration %d governance audit: %s", it, v.reason()).isTrue();
        List<VersionEntry> versions = g.registry().versions(StoreWriter.MODEL);
        assertThat(versions.size()).isGreaterThanOrEqualTo(lastVersions);
        lastVersions = versions.size();
        for (VersionEntry e : versions) {
          assertThat(e.history()).isNotEmpty();
          assertThat(e.history().get(e.history().size() - 1).to()).isEqualTo(e.stage());
        }
        for (AuditEntry a : g.auditLog().entries()) {
          if (a.type().equals("registry.register")) {
            ModelVersion mv = ModelVersion.parse(a.subject().substring(a.subject().indexOf('@') + 1));
            assertThat(g.registry().version(StoreWriter.MODEL, mv)).as(a.subject()).isPresent();
          }
        }
        assertThat(g.store().pendingAudit()).isEmpty();
      }
      assertNoTempFiles(root.resolve("governance"));

      // Stand-alone audit log: verifies, and holds entries 0..n-1 without a gap or a torn one.
      try (AuditLog log = AuditLog.builder().directory(root.resolve("audit")).hmacKey(StoreWriter.AUDIT_KEY).open()) {
        truncated += log.truncatedOnOpen();
        AuditVerification v = log.verify();
        assertThat(v.valid()).as("iteration %d audit: %s", it, v.reason()).isTrue();
        List<AuditEntry> entries = log.entries();
        for (int i = 0; i < entries.size(); i++) {
          assertThat(entries.get(i).details()).containsEntry("seq", Integer.toString(i));
        }
        assertThat((long) entries.size()).isGreaterThanOrEqualTo(lastAudit);
        lastAudit = entries.size();
      }

      // Routing state: parses, never goes back, and a router can adopt it and commit again.
      Path routing = root.resolve("routing.json");
      RoutingStateStore store = RoutingStateStore.file(routing);
      RoutingState s = store.load().orElseThrow();
      assertThat(s.revision()).isGreaterThanOrEqualTo(lastRevision);
      CandidateState c = s.candidate(StoreWriter.CANDIDATE).orElseThrow();
      assertThat(c.weightBps() % 100).isZero();
      assertThat(c.weightBps()).isBetween(100, 9900);
      try (Router<String, String> r = Router.<String, String>builder()
          .version(StoreWriter.STABLE, new Echo(StoreWriter.STABLE)).version(StoreWriter.CANDIDATE, new Echo(StoreWriter.CANDIDATE))
          .stable(StoreWriter.STABLE).store(store).build()) {
        assertThat(r.state()).isEqualTo(s);
        lastRevision = r.rollout().setWeight(StoreWriter.CANDIDATE, c.weightBps() == 9900 ? 100 : c.weightBps() + 100)
            .revision();
        assertThat(lastRevision).isEqualTo(s.revision() + 1);
      }
      assertNoTempFiles(root);
    }
    try (AuditLog log = AuditLog.builder().directory(root.resolve("audit")).hmacKey(StoreWriter.AUDIT_KEY).open();
        Governance g = Governance.builder().directory(root.resolve("governance")).build()) {
      System.out.printf("crash-consistency: %d kills; audit entries %d, governance versions %d, routing revision %d, "
          + "torn audit bytes truncated on reopen %d%n", ITERATIONS, log.size(),
          g.registry().versions(StoreWriter.MODEL).size(), lastRevision, truncated);
      Soak.write("crash-consistency", String.format(Locale.ROOT, "{\"kills\":%d,\"auditEntries\":%d,"
          + "\"governanceVersions\":%d,\"routingRevision\":%d,\"tornAuditBytesTruncated\":%d}", ITERATIONS,
          log.size(), g.registry().versions(StoreWriter.MODEL).size(), lastRevision, truncated));
      assertThat(log.size()).as("the writer really wrote").isPositive();
      assertThat(lastRevision).isGreaterThan(ITERATIONS);
    }
  }

  private static void assertNoTempFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isDirectory(f) && !f.equals(dir) && f.startsWith(dir.resolve("governance")) && !dir.endsWith("governance")) {
          continue;
        }
        assertThat(f.getFileName().toString()).as("stray temp file %s", f).doesNotEndWith(".tmp");
      }
    }
  }

  /** Answers its input. */
  record Echo(ModelVersion version) implements io.intentops.core.Predictor<String, String> {
    @Override
    public String predict(String input) {
      return input;
    }
  }
}
