package io.intentops.reliability;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.governance.Governance;
import io.intentops.governance.Stage;
import io.intentops.governance.audit.AuditEvent;
import io.intentops.governance.audit.AuditLog;
import io.intentops.router.Router;
import io.intentops.router.RoutingStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child process for {@link CrashConsistencyTest}: three threads write three file stores as fast as
 * they can until the process is killed: release steps in a governance registry, entries in a
 * stand-alone audit log, and weight changes through a router on a file routing-state store. Prints
 * {@code ready} once everything is open and one {@code <store> <n>} line per completed write.
 */
public final class StoreWriter {
  static final String MODEL = "crash-model";
  static final byte[] AUDIT_KEY = "reliability-audit-key-2025".getBytes(StandardCharsets.UTF_8);
  static final ModelVersion STABLE = ModelVersion.parse("1.0.0-1");
  static final ModelVersion CANDIDATE = ModelVersion.parse("1.1.0-2");

  private StoreWriter() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Governance g = Governance.builder().directory(root.resolve("governance")).build();
    AuditLog audit = AuditLog.builder().directory(root.resolve("audit")).hmacKey(AUDIT_KEY).open();
    Predictor<String, String> p = new Predictor<>() {
      @Override
      public String predict(String input) {
        return input;
      }

      @Override
      public ModelVersion version() {
        return STABLE;
      }
    };
    Router<String, String> router = Router.<String, String>builder().version(STABLE, p).version(CANDIDATE, p)
        .stable(STABLE).candidate(CANDIDATE, 100).store(RoutingStateStore.file(root.resolve("routing.json"))).build();
    System.out.println("ready");
    System.out.flush();
    Thread gov = new Thread(() -> {
      for (int i = g.registry().versions(MODEL).size(); ; i++) {
        ModelVersion v = ModelVersion.of(1, i, 0, i);
        g.registry().register(MODEL, v, Checksum.sha256("bundle " + i), Map.of("d", Checksum.sha256("d" + i)),
            "/bundles/" + i, "writer");
        g.registry().transition(MODEL, v, Stage.CANDIDATE, "writer", "cycle " + i);
        g.registry().transition(MODEL, v, Stage.CANARY, "writer", "cycle " + i);
        say("governance " + i);
      }
    });
    Thread log = new Thread(() -> {
      for (long i = audit.size(); ; i++) {
        audit.append(AuditEvent.of("crash.loop", "writer", "entry " + i, Map.of("seq", Long.toString(i),
            "pad", "x".repeat((int) (i % 200)))));
        say("audit " + i);
      }
    });
    Thread routing = new Thread(() -> {
      for (int i = 0; ; i++) {
        int w = 100 * (1 + (i % 99)); // 100..9900 bps
        long rev = router.rollout().setWeight(CANDIDATE, w).revision();
        say("routing " + rev);
      }
    });
    for (Thread t : new Thread[] {gov, log, routing}) {
      t.setDaemon(false);
      t.start();
    }
    gov.join();
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
