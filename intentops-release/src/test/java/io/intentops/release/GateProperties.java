package io.intentops.release;

import static io.intentops.release.Fixtures.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.governance.Governance;
import io.intentops.governance.Registry;
import io.intentops.governance.Stage;
import io.intentops.router.RoutingState;
import io.intentops.router.TrafficChange;
import io.intentops.router.TrafficGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The stage table of {@code docs/release-loop.md} as an invariant: for any version and any change, the
 * gate allows exactly what the table allows, and a refusal is always a {@link ReleaseRefusedException}.
 */
class GateProperties {
  static final ModelVersion PROD = ModelVersion.parse("2.0.0-1");
  static final ModelVersion PREV = ModelVersion.parse("1.0.0-1");
  static final ModelVersion OLD = ModelVersion.parse("0.9.0-1"); // deprecated, not previous
  static final ModelVersion CANARY_PASSED = ModelVersion.parse("2.1.0-1");
  static final ModelVersion CANARY_NO_GATE = ModelVersion.parse("2.2.0-1");
  static final ModelVersion CANDIDATE = ModelVersion.parse("2.3.0-1");
  static final ModelVersion EXPERIMENT = ModelVersion.parse("2.4.0-1");
  static final ModelVersion ARCHIVED = ModelVersion.parse("2.5.0-1");
  static final ModelVersion UNKNOWN = ModelVersion.parse("9.9.9-9");

  static Path dir;
  static Governance gov;
  static TrafficGate gate;

  @BeforeContainer
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("release-gate");
    ManualClock clock = Fixtures.clock();
    gov = Governance.builder().directory(dir).clock(clock).build();
    Fixtures.production(gov, OLD);
    Fixtures.canary(gov, PREV);
    gov.registry().promote(MODEL, PREV, Fixtures.release("prev"));
    Fixtures.canary(gov, PROD);
    gov.registry().promote(MODEL, PROD, Fixtures.release("prod")); // OLD deprecated, PREV previous
    Fixtures.canary(gov, CANARY_PASSED);
    Fixtures.approvedCandidate(gov, CANARY_NO_GATE);
    gov.registry().transition(MODEL, CANARY_NO_GATE, Stage.CANARY, "alice", "no gate");
    Fixtures.approvedCandidate(gov, CANDIDATE);
    Fixtures.register(gov, EXPERIMENT);
    Fixtures.canary(gov, ARCHIVED);
    gov.registry().transition(MODEL, ARCHIVED, Stage.ARCHIVED, "alice", "withdrawn");
    assertThat(gov.registry().resolve(MODEL, Registry.PREVIOUS)).contains(PREV);
    gate = ReleaseLoop.custom().governance(gov).model(MODEL).clock(clock).build().trafficGate();
  }

  @AfterContainer
  static void tearDown() throws IOException {
    gov.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<ModelVersion> versions() {
    return Arbitraries.of(PROD, PREV, OLD, CANARY_PASSED, CANARY_NO_GATE, CANDIDATE, EXPERIMENT, ARCHIVED, UNKNOWN);
  }

  @Property(tries = 300, seed = "2025")
  void theGateAllowsExactlyWhatTheStageTableAllows(@ForAll("versions") ModelVersion v, @ForAll TrafficChange.Kind kind,
      @ForAll @IntRange(min = 0, max = 10_000) int toBps, @ForAll boolean toStable) {
    TrafficChange change = new TrafficChange(v, kind, 0, toBps, toStable);
    boolean full = toStable || toBps == RoutingState.TOTAL_BPS;
    boolean expected = v.equals(PROD) || (v.equals(CANARY_PASSED)) || (v.equals(PREV) && toStable);
    boolean allowed;
    try {
      gate.check(change);
      allowed = true;
    } catch (ReleaseRefusedException e) {
      allowed = false;
      assertThat(e.version()).isEqualTo(v);
      assertThat(e.missing()).isNotBlank();
      assertThat(e.requirement()).isEqualTo(expectedRequirement(v));
    }
    // CANARY_PASSED is approved by the default policy's roles, so full traffic is allowed as well.
    assertThat(allowed).as("%s %s -> %d bps, stable=%s (full=%s)", v, kind, toBps, toStable, full).isEqualTo(expected);
  }

  static ReleaseRefusedException.Requirement expectedRequirement(ModelVersion v) {
    Map<ModelVersion, ReleaseRefusedException.Requirement> m = new LinkedHashMap<>();
    m.put(UNKNOWN, ReleaseRefusedException.Requirement.REGISTRATION);
    m.put(CANARY_NO_GATE, ReleaseRefusedException.Requirement.DEPLOY_GATE);
    return m.getOrDefault(v, ReleaseRefusedException.Requirement.STAGE);
  }
}
