package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static io.intentops.governance.Fixtures.V1;
import static io.intentops.governance.Fixtures.V2;
import static io.intentops.governance.Fixtures.V3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import io.intentops.core.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
  @TempDir Path dir;
  final ManualClock clock = Fixtures.clock();

  /** Puts a fresh version in {@code stage} by legal moves only. */
  private ModelVersion versionIn(Governance g, Stage stage, int n) {
    ModelVersion v = ModelVersion.of(2, n, 0, n);
    switch (stage) {
      case EXPERIMENT -> Fixtures.register(g, v);
      case CANDIDATE -> {
        Fixtures.register(g, v);
        g.registry().transition(MODEL, v, Stage.CANDIDATE, "alice", "r");
      }
      case CANARY -> {
        Fixtures.register(g, v);
        g.registry().transition(MODEL, v, Stage.CANDIDATE, "alice", "r");
        g.registry().transition(MODEL, v, Stage.CANARY, "alice", "r");
      }
      case PRODUCTION -> {
        Fixtures.approvedCanary(g, v);
        g.registry().promote(MODEL, v, Fixtures.release("t" + n));
      }
      case DEPRECATED -> {
        Fixtures.approvedCanary(g, v);
        g.registry().promote(MODEL, v, Fixtures.release("t" + n));
        ModelVersion w = ModelVersion.of(3, n, 0, n);
        Fixtures.approvedCanary(g, w);
        g.registry().promote(MODEL, w, Fixtures.release("u" + n));
      }
      case ARCHIVED -> {
        Fixtures.register(g, v);
        g.registry().transition(MODEL, v, Stage.ARCHIVED, "alice", "r");
      }
    }
    assertThat(g.registry().version(MODEL, v).orElseThrow().stage()).isEqualTo(stage);
    return v;
  }

  @Test
  void everyIllegalTransitionIsRejectedNamingFromAndTo() {
    try (Governance g = Fixtures.governance(dir, clock)) {
      int n = 0;
      List<String> checked = new ArrayList<>();
      for (Stage from : Stage.values()) {
        for (Stage to : Stage.values()) {
          if (from.canMoveTo(to)) {
            continue;
          }
          ModelVersion v = versionIn(g, from, ++n);
          assertThatThrownBy(() -> g.registry().transition(MODEL, v, to, "alice", "try"))
              .as(from + " -> " + to)
              .isInstanceOf(PolicyViolationException.class)
              .hasMessageContaining("Illegal transition " + from + " -> " + to);
          assertThat(g.registry().version(MODEL, v).orElseThrow().stage()).isEqualTo(from);
          checked.add(from + "->" + to);
        }
      }
      // 36 pairs minus the 11 legal ones.
      int legal = java.util.Arrays.stream(Stage.values()).mapToInt(s -> s.next().size()).sum();
      assertThat(legal).isEqualTo(11);
      assertThat(checked).hasSize(36 - legal);
    }
  }

  @Test
  void productionMovesOnlyThroughPromoteAndRollback() {
    try (Governance g = Fixtures.governance(dir, clock)) {
      ModelVersion canary = versionIn(g, Stage.CANARY, 1);
      assertThatThrownBy(() -> g.registry().transition(MODEL, canary, Stage.PRODUCTION, "alice", "x"))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("CANARY -> PRODUCTION")
          .hasMessageContaining("promote()");
      ModelVersion prod = versionIn(g, Stage.PRODUCTION, 2);
      assertThatThrownBy(() -> g.registry().transition(MODEL, prod, Stage.DEPRECATED, "alice", "x"))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("PRODUCTION -> DEPRECATED");
      ModelVersion cand = versionIn(g, Stage.CANDIDATE, 3);
      assertThatThrownBy(() -> g.registry().promote(MODEL, cand, Fixtures.release("x")))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("CANDIDATE -> PRODUCTION");
    }
  }

  @Test
  void promotionKeepsPreviousForRollbackAndRecordsEverything() throws Exception {
    try (Governance g = Fixtures.governance(dir, clock)) {
      Fixtures.approvedCanary(g, V1);
      clock.advanceMillis(1000);
      ReleaseRecord r1 = g.registry().promote(MODEL, V1, Fixtures.release("v1"));
      assertThat(r1.kind()).isEqualTo(ReleaseKind.PROMOTION);
      assertThat(r1.approvalIds()).containsExactly(MODEL + "@" + V1 + "#1", MODEL + "@" + V1 + "#2");
      assertThat(r1.previousVersion()).isNull();
      assertThat(g.registry().resolve(MODEL, Registry.PREVIOUS)).isEmpty();

      Fixtures.approvedCanary(g, V2);
      ReleaseRecord r2 = g.registry().promote(MODEL, V2, Fixtures.release("v2"));
      assertThat(g.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V2);
      assertThat(g.registry().resolve(MODEL, Registry.PREVIOUS)).contains(V1);
      assertThat(g.registry().version(MODEL, V1).orElseThrow().stage()).isEqualTo(Stage.DEPRECATED);
      assertThat(r2.previousVersion()).isEqualTo(V1);
      assertThat(r2.bundleDigest()).isEqualTo(g.registry().version(MODEL, V2).orElseThrow().bundleDigest());
      assertThat(r2.evalReportDigest()).isNotNull();
      assertThat(r2.codeCommit()).isEqualTo("0123abc");
      assertThat(r2.configDigest()).isNotNull();

      // N-1 is protected.
      assertThatThrownBy(() -> g.registry().transition(MODEL, V1, Stage.ARCHIVED, "alice", "cleanup"))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("'previous'");

      Fixtures.approvedCanary(g, V3);
      g.registry().promote(MODEL, V3, Fixtures.release("v3"));
      assertThat(g.registry().resolve(MODEL, Registry.PREVIOUS)).contains(V2);
      // V1 is no longer N-1 and may be archived now.
      g.registry().transition(MODEL, V1, Stage.ARCHIVED, "alice", "cleanup");

      ReleaseRecord rb = g.registry().rollback(MODEL, "oncall", "p99 latency SLO breached");
      assertThat(rb.kind()).isEqualTo(ReleaseKind.ROLLBACK);
      assertThat(rb.version()).isEqualTo(V2);
      assertThat(rb.previousVersion()).isEqualTo(V3);
      assertThat(g.registry().resolve(MODEL, Registry.PRODUCTION)).contains(V2);
      assertThat(g.registry().version(MODEL, V3).orElseThrow().stage()).isEqualTo(Stage.DEPRECATED);
      // V2's own predecessor (V1) is archived, so no previous remains.
      assertThat(g.registry().resolve(MODEL, Registry.PREVIOUS)).isEmpty();
      assertThatThrownBy(() -> g.registry().rollback(MODEL, "oncall", "again"))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("no previous");

      // Every transition is in the version history and the audit log.
      VersionEntry v2 = g.registry().version(MODEL, V2).orElseThrow();
      assertThat(v2.history()).extracting(StageTransition::to).containsExactly(Stage.EXPERIMENT, Stage.CANDIDATE,
          Stage.CANARY, Stage.PRODUCTION, Stage.DEPRECATED, Stage.PRODUCTION);
      long transitions = g.auditLog().entries().stream().filter(e -> e.type().equals("registry.transition")).count();
      long fromHistory = g.registry().versions(MODEL).stream().mapToLong(e -> e.history().size() - 1).sum();
      assertThat(transitions).isEqualTo(fromHistory);
      assertThat(g.auditLog().verify().valid()).isTrue();

      // Release log has deploys and the rollback.
      String log = Files.readString(dir.resolve("model_release_log.md"));
      assertThat(log).contains("DEPLOY " + MODEL + " " + V1, "DEPLOY " + MODEL + " " + V3, "ROLLBACK " + MODEL + " " + V2,
          "p99 latency SLO breached", r2.bundleDigest().hex(), "https://deploy.example/v2");
    }
  }

  @Test
  void releaseRecordsAreImmutableAndCorrectionsAreNewRecords() throws Exception {
    try (Governance g = Fixtures.governance(dir, clock)) {
      Fixtures.approvedCanary(g, V1);
      ReleaseRecord r1 = g.registry().promote(MODEL, V1, Fixtures.release("v1"));
      Path f = dir.resolve("models").resolve(MODEL).resolve("releases").resolve("000001.json");
      byte[] before = Files.readAllBytes(f);
      assertThatThrownBy(() -> g.store().addRelease(r1)).isInstanceOf(StoreException.class)
          .hasMessageContaining("immutable");
      ReleaseRecord fix = g.registry().correct(MODEL, r1.releaseId(), ReleaseRequest.builder().actor("dave")
          .codeCommit("0123abd").tag("v1").reason("wrong commit recorded").build());
      assertThat(fix.kind()).isEqualTo(ReleaseKind.CORRECTION);
      assertThat(fix.corrects()).isEqualTo(r1.releaseId());
      assertThat(Files.readAllBytes(f)).isEqualTo(before);
      assertThat(g.registry().releases(MODEL)).hasSize(2);
      // Readable by jq: pretty JSON with snake_case fields.
      assertThat(new String(before)).contains("\n  \"release_id\" : \"" + r1.releaseId() + "\"", "\"code_commit\"");
    }
  }

  @Test
  void evidenceIsFrozenOnceApprovalIsRequested() {
    try (Governance g = Fixtures.governance(dir, clock)) {
      Fixtures.approvedCanary(g, V1);
      assertThatThrownBy(() -> g.registry().attachEvalReport(MODEL, V1, Fixtures.bytes(Fixtures.PASSING_REPORT), "alice"))
          .isInstanceOf(PolicyViolationException.class).hasMessageContaining("already requested");
      assertThatThrownBy(() -> Fixtures.register(g, V1)).isInstanceOf(PolicyViolationException.class)
          .hasMessageContaining("already registered");
    }
  }

  @Test
  void registersABundleFromItsManifest() throws Exception {
    try (Governance g = Fixtures.governance(dir.resolve("store"), clock)) {
      Path bundle = dir.resolve("bundle");
      ModelManifests.write(Fixtures.manifest(V1), bundle.resolve("manifest.json"));
      VersionEntry e = g.registry().registerBundle(bundle, "alice");
      assertThat(e.bundleDigest()).isEqualTo(io.intentops.core.Checksum.sha256(bundle.resolve("manifest.json")));
      assertThat(e.datasetDigests()).containsKeys("banking77/train.csv", "clinc150/data_full.json");
      assertThat(e.stage()).isEqualTo(Stage.EXPERIMENT);
    }
  }

  @Test
  void customAliasesResolveButReservedOnesAreManaged() {
    try (Governance g = Fixtures.governance(dir, clock)) {
      Fixtures.register(g, V1);
      g.registry().setAlias(MODEL, "champion-eu", V1, "alice");
      assertThat(g.registry().resolve(MODEL, "champion-eu")).contains(V1);
      assertThatThrownBy(() -> g.registry().setAlias(MODEL, Registry.PRODUCTION, V1, "alice"))
          .isInstanceOf(PolicyViolationException.class);
    }
  }
}
