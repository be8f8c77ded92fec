package io.intentops.release;

import static io.intentops.release.Fixtures.MODEL;
import static io.intentops.release.Fixtures.V1;
import static io.intentops.release.Fixtures.V2;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.ReleaseKind;
import io.intentops.governance.ReleaseRecord;
import io.intentops.governance.Stage;
import io.intentops.governance.audit.AuditEntry;
import io.intentops.governance.auth.Principal;
import io.intentops.governance.auth.RoleBasedAuthorizer;
import io.intentops.governance.serving.RoutingSnapshot;
import io.intentops.governance.serving.ServingHistory;
import io.intentops.router.CandidateState;
import io.intentops.router.Router;
import io.intentops.router.RoutingStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop records each routing state as a {@code router.state} audit snapshot, so governance's {@link
 * ServingHistory} answers "which version served key K at time T" exactly as the router routed; and with
 * an {@code Authorizer} the loop writes through its principal.
 */
class ServingHistoryAndPrincipalTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();

  @Test
  void servingHistoryAnswersWhatTheRouterRouted() {
    try (Governance gov = Governance.builder().directory(dir.resolve("gov")).clock(clock).build()) {
      Fixtures.production(gov, V1);
      Fixtures.canary(gov, V2);
      Map<ModelVersion, TestPredictor> predictors = Fixtures.predictors(clock, V1, V2);
      ReleaseLoop loop = ReleaseLoop.custom().governance(gov).model(MODEL).clock(clock).build();
      Router<String, String> r = loop.buildRouter(Fixtures.router(clock, predictors, V1, RoutingStateStore.inMemory()));

      Map<Instant, Map<String, ModelVersion>> routed = new HashMap<>();
      for (int weight : new int[] {0, 1_000, 3_500}) {
        if (weight > 0) {
          r.rollout().setWeight(V2, weight);
        }
        clock.advance(Duration.ofMinutes(5));
        Map<String, ModelVersion> now = new HashMap<>();
        for (int i = 0; i < 400; i++) {
          now.put("user-" + i, r.select("user-" + i, null));
        }
        routed.put(clock.instant(), now);
        clock.advance(Duration.ofSeconds(1)); // the next change comes after the instant asked about
      }
      r.rollout().override("user-7", V2);
      clock.advance(Duration.ofMinutes(1));
      routed.put(clock.instant(), Map.of("user-7", V2));

      ServingHistory history = ServingHistory.of(gov.auditLog(), gov.registry());
      routed.forEach((at, keys) -> keys.forEach((key, version) -> {
        ServingHistory.Answer a = history.servedBy(MODEL, key, at);
        assertThat(a.version()).as("%s at %s (%s)", key, at, a.basis()).contains(version);
        assertThat(a.proof()).isNotNull();
      }));
      long v2Keys = routed.values().stream().flatMap(m -> m.values().stream()).filter(V2::equals).count();
      assertThat(v2Keys).as("some keys were on the candidate").isBetween(100L, 800L);
      // One snapshot per committed state: the start, two weights, the override.
      List<AuditEntry> snaps = gov.auditLog().entries().stream()
          .filter(e -> e.type().equals(RoutingSnapshot.EVENT_TYPE)).toList();
      assertThat(snaps).hasSize(4);
      assertThat(snaps).extracting(e -> e.details().get("revision")).doesNotHaveDuplicates();
      assertThat(gov.auditLog().verify().valid()).isTrue();
      loop.close();
      r.close();
    }
  }

  @Test
  void withAnAuthorizerTheLoopWritesAsItsPrincipal() {
    Principal bot = Principal.of("release-bot", "RELEASE_MANAGER", "EDITOR");
    withAuthorizerRollBackTheCanary(bot, (gov, loop) -> {
      assertThat(loop.pending()).isEmpty();
      assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.CANDIDATE);
      List<ReleaseRecord> rollbacks = gov.registry().releases(MODEL).stream()
          .filter(x -> x.kind() == ReleaseKind.ROLLBACK).toList();
      assertThat(rollbacks).singleElement().satisfies(x -> assertThat(x.actor()).isEqualTo("release-bot"));
      assertThat(gov.auditLog().entries()).filteredOn(e -> e.type().equals("auth.denied")).isEmpty();
    });
  }

  @Test
  void withAnAuthorizerAndNoPrincipalTheStageMoveIsRefusedAndOwed() {
    withAuthorizerRollBackTheCanary(null, (gov, loop) -> {
      // The router still rolled back (taking traffic away is never gated); the registry write is owed, not lost.
      assertThat(loop.pending()).isNotEmpty();
      assertThat(gov.registry().version(MODEL, V2).orElseThrow().stage()).isEqualTo(Stage.CANARY);
      assertThat(gov.auditLog().entries()).filteredOn(e -> e.type().equals("auth.denied")).isNotEmpty();
    });
  }

  /**
   * Prepares production V1 and canary V2 without an authorizer, reopens the store with the default
   * role-based authorizer, lets the router roll the failing canary back through a loop with {@code
   * principal} (or none), then hands the governance and loop to {@code then}.
   */
  private void withAuthorizerRollBackTheCanary(@Nullable Principal principal,
      java.util.function.BiConsumer<Governance, ReleaseLoop> then) {
    Path store = dir.resolve("gov");
    try (Governance setup = Governance.builder().directory(store).clock(clock).build()) {
      Fixtures.production(setup, V1);
      Fixtures.canary(setup, V2);
    }
    try (Governance gov = Governance.builder().directory(store).clock(clock)
        .authorizer(RoleBasedAuthorizer.defaults()).build()) {
      Map<ModelVersion, TestPredictor> predictors = Fixtures.predictors(clock, V1, V2);
      ReleaseLoop.Builder b = ReleaseLoop.custom().governance(gov).model(MODEL).clock(clock);
      ReleaseLoop loop = (principal == null ? b : b.principal(principal)).build();
      Router<String, String> r = loop.buildRouter(Fixtures.router(clock, predictors, V1, RoutingStateStore.inMemory()));
      r.rollout().setWeight(V2, 5_000);
      predictors.get(V2).failing(true);
      for (int i = 0; i < 4 && r.state().candidate(V2).orElseThrow().phase().isActive(); i++) {
        Fixtures.window(r, clock, i);
      }
      assertThat(r.state().candidate(V2).orElseThrow().phase()).isEqualTo(CandidateState.Phase.ROLLED_BACK);
      then.accept(gov, loop);
      loop.close();
      r.close();
    }
  }
}
