package io.intentops.governance;

import io.intentops.core.Checksum;
import io.intentops.core.ModelVersion;
import io.intentops.governance.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child process for {@link CrashSafetyTest}: runs full release cycles against a store in a loop,
 * printing {@code ok N} after each, until it is killed.
 */
public final class CrashWorker {
  private CrashWorker() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    try (Governance g = Governance.builder().directory(dir).build()) {
      int start = g.registry().versions(CrashSafetyTest.MODEL).size();
      System.out.println("ready " + start);
      System.out.flush();
      for (int i = start; ; i++) {
        ModelVersion v = ModelVersion.of(1, i, 0, i);
        g.registry().register(CrashSafetyTest.MODEL, v, Checksum.sha256("bundle " + i), Map.of("d", Checksum.sha256("d")),
            "/bundles/" + i, "worker");
        g.registry().attachEvalReport(CrashSafetyTest.MODEL, v,
            Fixtures.PASSING_REPORT.replace("0.93,", "0.93" + i + ",").getBytes(StandardCharsets.UTF_8), "worker");
        g.registry().transition(CrashSafetyTest.MODEL, v, Stage.CANDIDATE, "worker", "cycle " + i);
        g.registry().transition(CrashSafetyTest.MODEL, v, Stage.CANARY, "worker", "cycle " + i);
        g.approvals().request(CrashSafetyTest.MODEL, v, "worker");
        g.approvals().decide(CrashSafetyTest.MODEL, v, Decision.of("lead", "ML_LEAD", true, "ok " + i));
        g.approvals().decide(CrashSafetyTest.MODEL, v, Decision.of("owner", "PRODUCT_OWNER", true, "ok " + i));
        g.registry().promote(CrashSafetyTest.MODEL, v, ReleaseRequest.builder().actor("worker").codeCommit("c" + i)
            .tag("t" + i).reason("cycle " + i).build());
        for (int k = 0; k < 5; k++) {
          g.auditLog().append(AuditEvent.of("test.loop", "worker", "cycle " + i, Map.of("k", Integer.toString(k))));
        }
        System.out.println("ok " + i);
        System.out.flush();
      }
    }
  }
}
