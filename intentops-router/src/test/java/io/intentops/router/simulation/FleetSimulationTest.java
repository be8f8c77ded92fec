package io.intentops.router.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.router.judge.JudgeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same scenarios with three instances sharing an evidence exchange: detection as fast as one router's. */
class FleetSimulationTest {
  @ParameterizedTest(name = "{1} at {0} RPS, 3 instances")
  @CsvSource({"20, ERRORS_5PCT", "20, P95_250MS", "200, SLOWER_30PCT", "2, P95_250MS"})
  void threeInstancesDetectWithinTheTarget(double rate, Scenario scenario) {
    EvidenceSimulator sim = new EvidenceSimulator(JudgeConfig.ofDefaults());
    List<Duration> times = new ArrayList<>();
    for (int seed = 0; seed < 5; seed++) {
      EvidenceSimulator.Run r = sim.runFleet(TrafficModel.at(rate), scenario, EvidenceSimulator.DEFAULT_LEAD,
          Duration.ofHours(1), EvidenceSimulator.DEFAULT_SEED + seed, 3);
      assertThat(r.breachedDuringLead()).isFalse();
      assertThat(r.detectedAfter()).isNotNull();
      times.add(r.detectedAfter());
    }
    assertThat(times).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(SimulationReport.target(scenario)));
  }

  @ParameterizedTest(name = "{0} RPS, 3 instances")
  @CsvSource({"2", "20"})
  void healthyFleetIsNotRolledBackInFiveDays(double rate) {
    EvidenceSimulator sim = new EvidenceSimulator(JudgeConfig.ofDefaults());
    for (int d = 0; d < 5; d++) {
      EvidenceSimulator.Run r = sim.runFleet(TrafficModel.at(rate), Scenario.HEALTHY, Duration.ofDays(1), Duration.ZERO,
          EvidenceSimulator.DEFAULT_SEED + d, 3);
      assertThat(r.breachedDuringLead()).as("day %d", d).isFalse();
    }
  }
}
