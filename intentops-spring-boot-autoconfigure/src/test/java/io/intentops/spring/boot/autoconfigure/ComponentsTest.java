package io.intentops.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelVersion;
import io.intentops.core.ScoredLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The starter's non-Spring parts: calibration overrides and the drift score (moved here with them from the sample). */
class ComponentsTest {

  private static IntentPrediction prediction(double oosScore, boolean oos) {
    return new IntentPrediction("card_arrival", 0.9, List.of(new ScoredLabel("card_arrival", 0.9)), oos, oosScore,
        ModelVersion.parse("1.0.0-1"), Duration.ofMillis(3), false);
  }

  @Test
  void calibrationOverridesTheOosVerdict(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("calibration.json"), "{\"oos_threshold\": 0.3}");
    CalibrationParams c = CalibrationParams.read(f.toString());
    assertThat(c.oosThreshold()).isEqualTo(0.3);
    assertThat(c.apply(prediction(0.35, false)).outOfScope()).isTrue();
    assertThat(c.apply(prediction(0.30, false)).outOfScope()).isTrue(); // at the threshold is out of scope
    assertThat(c.apply(prediction(0.29, true)).outOfScope()).isFalse();
    IntentPrediction unchanged = prediction(0.1, false);
    assertThat(CalibrationParams.read("").apply(unchanged)).isSameAs(unchanged);
  }

  @Test
  void malformedCalibrationFilesNameFileAndLine(@TempDir Path dir) throws Exception {
    Path unknown = Files.writeString(dir.resolve("c1.json"), "{\n  \"oos_treshold\": 0.3\n}");
    assertThatThrownBy(() -> CalibrationParams.read(unknown.toString()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("c1.json").hasMessageContaining("line 2").hasMessageContaining("oos_treshold");
    Path broken = Files.writeString(dir.resolve("c2.json"), "{\"oos_threshold\": }");
    assertThatThrownBy(() -> CalibrationParams.read(broken.toString()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("c2.json").hasMessageContaining("line 1");
    assertThatThrownBy(() -> CalibrationParams.read(dir.resolve("missing.json").toString()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing.json");
  }

  @Test
  void driftIsNanUntilFullZeroWhenUnchangedAndHighWhenShifted() {
    DriftMonitor d = new DriftMonitor(0.25, 4, 4);
    for (String l : List.of("a", "b", "a", "b")) {
      d.record(l, false);
    }
    assertThat(d.score()).isNaN();
    assertThat(d.breached()).isFalse();
    for (String l : List.of("b", "a", "b", "a")) {
      d.record(l, false);
    }
    assertThat(d.score()).isEqualTo(0.0);
    for (int i = 0; i < 4; i++) {
      d.record("whatever", true); // every recent answer out of scope
    }
    assertThat(d.score()).isGreaterThan(0.25);
    assertThat(d.breached()).isTrue();
  }

  @Property(seed = "2025", tries = 200)
  void driftScoreIsNeverNegative(@ForAll @Size(min = 6, max = 60) List<@StringLength(min = 1, max = 2) String> labels,
      @ForAll @Size(min = 6, max = 60) List<Boolean> oos) {
    DriftMonitor d = new DriftMonitor(0.25, 3, 3);
    for (int i = 0; i < Math.min(labels.size(), oos.size()); i++) {
      d.record(labels.get(i), oos.get(i));
    }
    assertThat(d.score()).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void invalidDriftSettingsAreRejectedWithThePropertyName() {
    assertThatThrownBy(() -> new DriftMonitor(0, 10, 10))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("intentops.drift.threshold");
    assertThatThrownBy(() -> new DriftMonitor(0.25, 0, 10))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("intentops.drift.baseline-size");
  }
}
