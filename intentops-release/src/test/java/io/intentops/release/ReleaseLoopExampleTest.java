package io.intentops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.router.CandidateState;
import io.intentops.router.RolloutPlan;
import io.intentops.router.Router;
import io.intentops.router.RoutingStateStore;
import io.intentops.router.SloConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of {@code docs/release-loop.md}, run as a test so that it keeps compiling and working.
 * Prints what it did (the doc quotes this output): {@code mvn -pl intentops-release -am verify
 * -Dtest=ReleaseLoopExampleTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReleaseLoopExampleTest {
  @TempDir Path dir;

  @Test
  void example() {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    ModelVersion v1 = ModelVersion.parse("1.0.0-1");
    ModelVersion v2 = ModelVersion.parse("1.1.0-2");
    TestPredictor p1 = new TestPredictor(v1, clock);
    TestPredictor p2 = new TestPredictor(v2, clock);
    try (Governance gov = Governance.builder().directory(dir.resolve("governance")).clock(clock).build()) {
      Fixtures.production(gov, v1); // registered, approved, gate passed, promoted
      Fixtures.approvedCandidate(gov, v2); // approved, but no deploy-gate check and not CANARY yet

      // --- the example ---------------------------------------------------------------------------
      ReleaseLoop loop = ReleaseLoop.custom().governance(gov).model("banking77-intent").clock(clock).build();
      Router<String, String> router = loop.buildRouter(Router.<String, String>builder()
          .clock(clock).version(p1).version(p2).stable(v1)
          .slo(SloConfig.custom().minRequestsPerWindow(5).breachingWindows(2).build())
          .store(RoutingStateStore.file(dir.resolve("routing-state.json"))));
      RolloutPlan plan = RolloutPlan.custom().step(1_000, Duration.ofMinutes(5)).step(5_000, Duration.ofMinutes(5)).build();

      // Not CANARY in the registry: refused, nothing changes.
      assertThatThrownBy(() -> router.rollout().startRollout(v2, plan))
          .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> System.out.println("refused: " + e.getMessage()));
      // --------------------------------------------------------------------------------------------

      Fixtures.canaryFromApproved(gov, v2); // deploy gate passed, moved to CANARY
      router.rollout().startRollout(v2, plan);
      System.out.println("canary started: " + router.state().weights());
      p2.failing(true);
      Instant firstFailure = clock.instant();
      for (int i = 0; i < 10 && router.state().candidate(v2).orElseThrow().phase().isActive(); i++) {
        Fixtures.window(router, clock, i); // 60 s of traffic from 40 users, then an evaluation tick
      }
      CandidateState c = router.state().candidate(v2).orElseThrow();
      assertThat(c.phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
      ReleaseRecord rec = gov.registry().releases("banking77-intent").stream()
          .filter(r -> r.kind() == ReleaseKind.ROLLBACK).findFirst().orElseThrow();
      System.out.println("rolled back after " + Duration.between(firstFailure, c.rollback().at()).toSeconds()
          + " s of simulated time; registry stage " + gov.registry().version("banking77-intent", v2).orElseThrow().stage()
          + "; release record " + rec.releaseId() + ": " + rec.reason());
      gov.auditLog().entries().stream().filter(e -> e.type().equals("release.rollback"))
          .forEach(e -> System.out.println("audit #" + e.index() + " " + e.type() + " " + e.subject() + " " + e.details()));
      assertThat(loop.pending()).isEmpty();
    }
  }
}
