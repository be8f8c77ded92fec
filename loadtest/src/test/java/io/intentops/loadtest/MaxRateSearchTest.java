package io.intentops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MaxRateSearchTest {

  /** Runs the search against a server that meets the SLO up to {@code capacity} rps. */
  private static List<Double> probe(MaxRateSearch s, double capacity) {
    List<Double> rates = new ArrayList<>();
    for (OptionalDouble r = s.next(); r.isPresent(); r = s.next()) {
      rates.add(r.getAsDouble());
      s.record(r.getAsDouble(), r.getAsDouble() <= capacity);
    }
    return rates;
  }

  @Test
  void doublesThenBisects() {
    MaxRateSearch s = new MaxRateSearch(4, 512, 8, 0.1);
    assertThat(probe(s, 50)).containsExactly(4.0, 8.0, 16.0, 32.0, 64.0, 48.0, 56.0, 52.0);
    assertThat(s.best()).isEqualTo(48.0);
  }

  @Test
  void bisectsDownwardsWhenEvenTheFirstProbeFails() {
    MaxRateSearch s = new MaxRateSearch(8, 512, 8, 0.1);
    assertThat(probe(s, 3)).containsExactly(8.0, 4.0, 2.0, 3.0);
    assertThat(s.best()).isEqualTo(3.0);
  }

  @Test
  void reportsZeroWhenNothingPasses() {
    MaxRateSearch s = new MaxRateSearch(4, 512, 8, 0.1);
    assertThat(probe(s, 0.5)).containsExactly(4.0, 2.0, 1.0);
    assertThat(s.best()).isZero();
  }

  @Test
  void stopsAtTheCap() {
    MaxRateSearch s = new MaxRateSearch(4, 20, 8, 0.1);
    assertThat(probe(s, 1_000)).containsExactly(4.0, 8.0, 16.0, 20.0);
    assertThat(s.best()).isEqualTo(20.0);
  }

  @Property
  void findsTheCapacityWithinThePrecisionAndNeverAbove(@ForAll @IntRange(min = 1, max = 2_000) int capacity,
      @ForAll @IntRange(min = 1, max = 64) int start) {
    MaxRateSearch s = new MaxRateSearch(start, 4_096, 64, 0.1);
    List<Double> rates = probe(s, capacity);
    assertThat(rates).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(64);
    assertThat(s.best()).isLessThanOrEqualTo(capacity).isGreaterThanOrEqualTo(1);
    assertThat(capacity - s.best()).isLessThanOrEqualTo(Math.max(1, 0.1 * s.best()));
  }

  @Property
  void neverExceedsTheProbeBudget(@ForAll @IntRange(min = 1, max = 10) int maxProbes,
      @ForAll @IntRange(min = 1, max = 5_000) int capacity) {
    assertThat(probe(new MaxRateSearch(4, 10_000, maxProbes, 0.1), capacity)).hasSizeLessThanOrEqualTo(maxProbes);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new MaxRateSearch(0, 10, 8, 0.1)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new MaxRateSearch(20, 10, 8, 0.1)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new MaxRateSearch(4, 10, 0, 0.1)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> new MaxRateSearch(4, 10, 8, 1.5)).isInstanceOf(ConfigurationException.class);
  }
}
