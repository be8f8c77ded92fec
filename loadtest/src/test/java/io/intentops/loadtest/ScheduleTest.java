package io.intentops.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentops.core.ConfigurationException;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final long SECOND = 1_000_000_000L;

  @Property(tries = 200)
  void steadySendsRTimesTRequestsEvenlyInsideThePhase(@ForAll @DoubleRange(min = 0.1, max = 200) double rps,
      @ForAll @IntRange(min = 1, max = 660) int seconds) {
    Schedule s = PhaseSpec.steady("s", rps, Duration.ofSeconds(seconds)).schedule();
    assertThat(s.count()).isEqualTo((int) Math.floor(rps * seconds + 1e-9));
    long prev = -1;
    for (int k = 0; k < s.count(); k++) {
      long t = s.offsetNanos(k);
      assertThat(t).isGreaterThan(prev).isBetween(0L, seconds * SECOND);
      assertThat((double) t).isCloseTo(k * SECOND / rps, org.assertj.core.data.Offset.offset(1.0));
      prev = t;
    }
  }

  @Property(tries = 200)
  void rampSendsHalfAsManyWithARisingRate(@ForAll @DoubleRange(min = 1, max = 200) double rps,
      @ForAll @IntRange(min = 2, max = 660) int seconds) {
    Schedule s = PhaseSpec.ramp("r", rps, Duration.ofSeconds(seconds)).schedule();
    int n = s.count();
    assertThat(n).isEqualTo((int) Math.floor(rps * seconds / 2 + 1e-9));
    long prev = -1;
    long prevGap = Long.MAX_VALUE;
    int inFirstHalf = 0;
    for (int k = 0; k < n; k++) {
      long t = s.offsetNanos(k);
      assertThat(t).isGreaterThanOrEqualTo(prev).isBetween(0L, seconds * SECOND);
      if (prev >= 0) {
        long gap = t - prev;
        if (prevGap != Long.MAX_VALUE) {
          assertThat(gap).isLessThanOrEqualTo(prevGap + 1); // gaps shrink: the rate rises
        }
        prevGap = gap;
      }
      if (t <= seconds * SECOND / 2) {
        inFirstHalf++;
      }
      prev = t;
    }
    // A linear ramp sends a quarter of its requests in its first half.
    assertThat(inFirstHalf).isBetween((int) Math.floor(n / 4.0) - 1, (int) Math.ceil(n / 4.0) + 1);
  }

  @Test
  void twoRpsForTenMinutesIs1200RequestsAndTheRampBeforeIt60() {
    assertThat(PhaseSpec.steady("s", 2, Duration.ofMinutes(10)).schedule().count()).isEqualTo(1_200);
    assertThat(PhaseSpec.ramp("r", 2, Duration.ofMinutes(1)).schedule().count()).isEqualTo(60);
    Schedule ramp = PhaseSpec.ramp("r", 2, Duration.ofMinutes(1)).schedule();
    assertThat(ramp.offsetNanos(59)).isEqualTo(60 * SECOND); // the last one at the end of the ramp
  }

  @Test
  void offsetsOutsideTheScheduleAreRefused() {
    Schedule s = PhaseSpec.steady("s", 2, Duration.ofSeconds(1)).schedule();
    assertThatThrownBy(() -> s.offsetNanos(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> s.offsetNanos(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void phaseSpecsAreValidated() {
    assertThatThrownBy(() -> PhaseSpec.steady("s", 0, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("targetRps");
    assertThatThrownBy(() -> PhaseSpec.steady("s", Double.NaN, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> PhaseSpec.steady("s", 2, Duration.ofMillis(500)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("duration");
    assertThatThrownBy(() -> PhaseSpec.steady("s", 2, Duration.ofHours(3)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("duration");
    assertThatThrownBy(() -> PhaseSpec.steady(" ", 2, Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("name");
  }
}
