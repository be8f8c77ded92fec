package io.intentops.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ModelVersion;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.audit.AuditVerification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a separate JVM that is writing to the registry and audit log at random points (seed 2025),
 * then reopens the store: it must be readable, the audit log must verify, and only complete records
 * may exist.
 */
class CrashSafetyTest {
  static final String MODEL = "crash-model";
  static final int ITERATIONS = Integer.getInteger("governance.crash.iterations", 4);

  @TempDir Path dir;

  @Test
  void killedWriterLeavesAConsistentStore() throws Exception {
    Random rnd = new Random(2025);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long totalTruncated = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      int cycles = rnd.nextInt(4);
      int extraMillis = rnd.nextInt(40);
      Path err = dir.resolve("worker-" + it + ".err");
      Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
          System.getProperty("java.class.path"), CrashWorker.class.getName(), dir.resolve("store").toString())
          .redirectError(err.toFile()).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertThat(line).as("worker stderr: %s", Files.exists(err) ? Files.readString(err) : "").startsWith("ready");
        for (int c = 0; c < cycles; c++) {
          assertThat(out.readLine()).as("worker stderr: %s", Files.readString(err)).startsWith("ok");
        }
        // Land somewhere inside the next cycle, most likely mid-write.
        Thread.sleep(extraMillis);
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      // Reopen, as the next process would.
      try (Governance g = Governance.builder().directory(dir.resolve("store")).build()) {
        totalTruncated += g.auditLog().truncatedOnOpen();
        AuditVerification v = g.auditLog().verify();
        assertThat(v.valid()).as("iteration %d: %s", it, v.reason()).isTrue();
        List<VersionEntry> versions = g.registry().versions(MODEL);
        for (VersionEntry e : versions) {
          assertThat(e.history()).isNotEmpty();
          assertThat(e.history().get(e.history().size() - 1).to()).isEqualTo(e.stage());
        }
        // Every record file is complete JSON, and no temp file of an interrupted write survives reopening.
        try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
          for (Path f : (Iterable<Path>) files::iterator) {
            String n = f.getFileName().toString();
            assertThat(n).as("stray temp file %s", f).doesNotEndWith(".tmp");
            if (n.endsWith(".json") && Files.isRegularFile(f)) {
              io.intentops.governance.support.internal.Json.tree(Files.readAllBytes(f), f.toString());
            }
          }
        }
        assertThat(dir.resolve("store/journal.json")).doesNotExist();
        assertThat(g.store().pendingAudit()).isEmpty();
        // A promotion is all or nothing: a version reached PRODUCTION exactly when its release record exists,
        // and every release record has its audit entry.
        List<ReleaseRecord> releases = g.registry().releases(MODEL);
        for (VersionEntry e : versions) {
          boolean promoted = e.history().stream().anyMatch(t -> t.to() == Stage.PRODUCTION);
          assertThat(releases.stream().anyMatch(r -> r.version().equals(e.version()))).as(e.subject()).isEqualTo(promoted);
        }
        List<AuditEntry> audit = g.auditLog().entries();
        for (ReleaseRecord r : releases) {
          assertThat(audit).as(r.releaseId()).anyMatch(a -> a.type().equals("release.promotion")
              && r.releaseId().equals(a.details().get("release_id")));
        }
        if (!releases.isEmpty()) {
          assertThat(g.registry().resolve(MODEL, Registry.PRODUCTION)).contains(releases.get(releases.size() - 1).version());
        }
        // The audit log never claims something the store lacks (state is written before the entry).
        for (AuditEntry a : audit) {
          if (a.type().equals("registry.register")) {
            ModelVersion mv = ModelVersion.parse(a.subject().substring(a.subject().indexOf('@') + 1));
            assertThat(g.registry().version(MODEL, mv)).as(a.subject()).isPresent();
          }
        }
      }
    }
    // Sanity: the test really exercised the store.
    try (Governance g = Governance.builder().directory(dir.resolve("store")).build()) {
      assertThat(g.auditLog().size()).isGreaterThan(10);
      assertThat(g.registry().versions(MODEL)).isNotEmpty();
    }
    try (Governance g = Governance.builder().directory(dir.resolve("store")).build()) {
      System.out.println("crash-safety: " + ITERATIONS + " kills, torn audit bytes truncated: " + totalTruncated
          + ", versions: " + g.registry().versions(MODEL).size() + ", releases: " + g.registry().releases(MODEL).size()
          + ", audit entries: " + g.auditLog().size());
    }
  }
}
