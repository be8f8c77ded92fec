package io.intentops.governance;

import static io.intentops.governance.Fixtures.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.PolicyViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random sequences of lifecycle operations never break the registry's invariants. */
class LifecyclePropertiesTest {

  @Property(tries = 10, seed = "2025")
  void invariantsHoldUnderAnySequenceOfOperations(
      @ForAll @Size(min = 5, max = 25) List<@IntRange(min = 0, max = 99) Integer> ops,
      @ForAll @Size(min = 30, max = 30) List<@IntRange(min = 0, max = 99) Integer> picks) throws IOException {
    Path dir = Files.createTempDirectory("gov-prop");
    ManualClock clock = Fixtures.clock();
    int releasesExpected = 0;
    try (Governance g = Fixtures.governance(dir, clock)) {
      int next = 0;
      for (int i = 0; i < ops.size(); i++) {
        List<VersionEntry> vs = g.registry().versions(MODEL);
        Optional<VersionEntry> pick = vs.isEmpty() ? Optional.empty() : Optional.of(vs.get(picks.get(i) % vs.size()));
        clock.advanceMillis(1000);
        try {
          // op % 5: register, approved canary, promote, rollback, random transition (jqwik favours small numbers).
          switch (ops.get(i) % 5) {
            case 0 -> Fixtures.register(g, ModelVersion.of(1, next++, 0, next));
            case 1 -> {
              ModelVersion v = ModelVersion.of(1, next++, 0, next);
              Fixtures.approvedCanary(g, v);
            }
            case 2 -> {
              // Promote a random CANARY version (approved or not: unapproved ones must be refused).
              List<VersionEntry> canaries = vs.stream().filter(v -> v.stage() == Stage.CANARY).toList();
              if (!canaries.isEmpty()) {
                g.registry().promote(MODEL, canaries.get(picks.get(i) % canaries.size()).version(),
                    Fixtures.release("t" + i));
                releasesExpected++;
              }
            }
            case 3 -> {
              g.registry().rollback(MODEL, "oncall", "slo");
              releasesExpected++;
            }
            default -> {
              if (pick.isPresent()) {
                Stage to = Stage.values()[picks.get((i + 7) % picks.size()) % Stage.values().length];
                g.registry().transition(MODEL, pick.get().version(), to, "alice", "random");
              }
            }
          }
        } catch (PolicyViolationException expected) {
          // Refused operations must leave no trace: checked by the invariants below.
        }
        checkInvariants(g, releasesExpected);
      }
      assertThat(g.auditLog().verify().valid()).isTrue();
      net.jqwik.api.statistics.Statistics.collect(releasesExpected > 0 ? "released" : "no release");
      net.jqwik.api.statistics.Statistics.coverage(c -> c.check("released").count(n -> n >= 4));
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void checkInvariants(Governance g, int releasesExpected) {
    List<VersionEntry> vs = g.registry().versions(MODEL);
    Map<String, ModelVersion> aliases = g.registry().aliases(MODEL);
    List<VersionEntry> prod = vs.stream().filter(v -> v.stage() == Stage.PRODUCTION).toList();
    assertThat(prod).hasSizeLessThanOrEqualTo(1);
    if (prod.isEmpty()) {
      assertThat(aliases).doesNotContainKey(Registry.PRODUCTION);
    } else {
      assertThat(aliases.get(Registry.PRODUCTION)).isEqualTo(prod.get(0).version());
    }
    ModelVersion prev = aliases.get(Registry.PREVIOUS);
    if (prev != null) {
      assertThat(g.registry().version(MODEL, prev).orElseThrow().stage()).isEqualTo(Stage.DEPRECATED);
    }
    for (VersionEntry v : vs) {
      for (int k = 1; k < v.history().size(); k++) {
        StageTransition t = v.history().get(k);
        assertThat(t.from().canMoveTo(t.to())).as(t.toString()).isTrue();
        assertThat(t.from()).isEqualTo(v.history().get(k - 1).to());
      }
      boolean promoted = v.history().stream().anyMatch(t -> t.to() == Stage.PRODUCTION);
      if (promoted) {
        assertThat(g.approvals().status(MODEL, v.version()).approved()).isTrue();
      }
    }
    assertThat(g.registry().releases(MODEL)).hasSize(releasesExpected);
  }
}
