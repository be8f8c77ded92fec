package io.intentops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTypesTest {
  private static final ModelVersion V = ModelVersion.parse("1.0.0-0");

  @Test
  void intentPredictionRequiresConsistentTopK() {
    var top = List.of(new ScoredLabel("a", 0.7), new ScoredLabel("b", 0.2));
    var p = new IntentPrediction("a", 0.7, top, false, 0.1, V, Duration.ofMillis(3), false);
    assertThat(p.labelOr("oos")).isEqualTo("a");
    assertThatThrownBy(() -> new IntentPrediction("b", 0.2, top, false, 0.1, V, Duration.ZERO, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScoredLabel("a", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    var oos = new IntentPrediction("a", 0.7, top, true, 0.9, V, Duration.ZERO, false);
    assertThat(oos.labelOr("oos")).isEqualTo("oos");
  }

  @Test
  void entitySpanMustMatchText() {
    String text = "I love New York";
    var e = new Entity("location", 7, 15, text.substring(7, 15), 0.9);
    assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
    assertThatThrownBy(() -> new Entity("location", 7, 14, "New York", 0.9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Entity("location", 5, 5, "", 0.9)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nerResultRejectsOverlaps() {
    var a = new Entity("person", 0, 4, "John", 0.9);
    var b = new Entity("person", 2, 6, "hn S", 0.9);
    assertThatThrownBy(() -> new NerResult(List.of(a, b), V, Duration.ZERO, false)).isInstanceOf(IllegalArgumentException.class);
    var ok = new NerResult(List.of(a, new Entity("location", 8, 13, "Paris", 0.8)), V, Duration.ZERO, false);
    assertThat(ok.ofType("location")).hasSize(1);
  }

  @Test
  void manualClockAdvancesBothClocksTogether() {
    ManualClock c = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    long n0 = c.nanoTime();
    c.advance(Duration.ofSeconds(61));
    assertThat(c.instant()).isEqualTo(Instant.parse("2026-01-01T00:01:01Z"));
    assertThat(c.nanoTime() - n0).isEqualTo(61_000_000_000L);
    assertThatThrownBy(() -> c.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultBatchNamesTheFailingIndex() {
    Predictor<String, String> p = new Predictor<>() {
      @Override
      public String predict(String input) {
        return InputLimits.defaults().validate(input).toUpperCase();
      }

      @Override
      public ModelVersion version() {
        return V;
      }
    };
    assertThat(p.predictBatch(List.of("a", "b"))).containsExactly("A", "B");
    assertThatThrownBy(() -> p.predictBatch(List.of("a", " ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Batch item 1:");
  }
}
