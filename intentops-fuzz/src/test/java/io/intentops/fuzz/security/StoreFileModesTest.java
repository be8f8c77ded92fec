package io.intentops.fuzz.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Checksum;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.governance.Governance;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.inference.bundle.SafeTensors;
import io.intentops.router.Router;
import io.intentops.router.RoutingStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permissions of everything the file-backed stores create (governance store, audit log, routing
 * state, bundle files): nothing is world-writable (group bits follow the process umask), and atomically written records are exactly
 * {@code rw-r--r--} whatever the umask (ModelManifests.writeAtomically sets it), so directory
 * permissions are what keeps other users out (docs/security.md).
 */
class StoreFileModesTest {
  @Test
  void storesCreateNoWorldWritablePaths(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    ModelVersion v = ModelVersion.of(1, 0, 0, 1);
    try (Governance g = Governance.builder().directory(dir.resolve("governance")).auditHmacKey(new byte[32]).build()) {
      g.registry().register("m", v, Checksum.sha256("bundle"), Map.of(), "file:/bundles/m", "alice");
      g.registry().attachEvalReport("m", v, "{\"metrics\":{}}".getBytes(StandardCharsets.UTF_8), "alice");
    }
    try (AuditLog log = AuditLog.builder().directory(dir.resolve("audit")).open()) {
      log.append(AuditEvent.of("test.event", "alice", "m@1.0.0-1"));
    }
    Predictor<String, IntentPrediction> p = new Predictor<>() {
      @Override
      public IntentPrediction predict(String input) {
        throw new UnsupportedOperationException("not called");
      }

      @Override
      public ModelVersion version() {
        return v;
      }
    };
    try (Router<String, IntentPrediction> r = Router.<String, IntentPrediction>builder().version(p).stable(v)
        .store(RoutingStateStore.file(dir.resolve("routing/state.json"))).build()) {
      assertThat(r.state()).isNotNull();
    }
    SafeTensors.write(dir.resolve("bundle/head.safetensors"),
        Map.of("w", SafeTensors.Tensor.f32(new long[] {1}, new float[] {1f})), Map.of());

    Map<String, String> modes = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(x -> !x.equals(dir)).toList()) {
        modes.put(dir.relativize(f) + (Files.isDirectory(f) ? "/" : ""),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
    System.out.println("store file modes (umask of this JVM): " + modes); // evidence for docs/security.md
    assertThat(modes).containsKeys("governance/", "audit/audit.jsonl", "routing/state.json", "bundle/head.safetensors");
    modes.forEach((path, mode) -> {
      Set<PosixFilePermission> perms = PosixFilePermissions.fromString(mode);
      assertThat(perms).as(path + " " + mode)
          .doesNotContain(PosixFilePermission.OTHERS_WRITE);
    });
    assertThat(modes.get("routing/state.json")).isEqualTo("rw-r--r--");
    assertThat(modes.get("bundle/head.safetensors")).isEqualTo("rw-r--r--");
  }
}
