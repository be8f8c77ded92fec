package io.intentops.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.ModelVersion;
import io.intentops.router.SloConfig;
import io.intentops.router.SloRule;
import io.intentops.router.WindowSnapshot;
import io.intentops.router.WindowSnapshot.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SloMonitorTest {
  static final ModelVersion V = ModelVersion.parse("1.0.0-1");
  int minute;

  WindowSnapshot w(Verdict v) {
    Instant start = Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofMinutes(minute++));
    Set<SloRule> breaches = v == Verdict.BREACHING ? Set.of(SloRule.P95_LATENCY) : Set.of();
    return new WindowSnapshot(V, start, Duration.ofMinutes(1), 100, 0, 0, 1, 1, 1, v, breaches);
  }

  /** Feeds verdicts given as letters (B, H, I); returns the index at which the alarm fired, or -1. */
  int feed(SloMonitor m, String verdicts) {
    for (int i = 0; i < verdicts.length(); i++) {
      Verdict v = switch (verdicts.charAt(i)) {
        case 'B' -> Verdict.BREACHING;
        case 'H' -> Verdict.HEALTHY;
        default -> Verdict.INCONCLUSIVE;
      };
      List<WindowSnapshot> fired = m.accept(w(v));
      if (fired != null) {
        assertThat(fired).allMatch(x -> x.verdict() == Verdict.BREACHING);
        return i;
      }
    }
    return -1;
  }

  SloMonitor monitor(int windows, int recovery) {
    return new SloMonitor(SloConfig.custom().breachingWindows(windows).recoveryWindowsToReset(recovery).build());
  }

  @Test
  void firesOnTheNthBreachingWindow() {
    assertThat(feed(monitor(5, 2), "HHBBBBB")).isEqualTo(6);
    assertThat(feed(monitor(1, 2), "HB")).isEqualTo(1);
  }

  @Test
  void inconclusiveWindowsNeitherCountNorReset() {
    assertThat(feed(monitor(3, 1), "BIBIIIB")).isEqualTo(6);
    assertThat(feed(monitor(3, 1), "IIIIIIIIII")).isEqualTo(-1);
  }

  @Test
  void oneRecoveryWindowDoesNotResetANearBreachByDefault() {
    SloMonitor m = monitor(5, SloConfig.DEFAULT_RECOVERY_WINDOWS_TO_RESET);
    assertThat(feed(m, "BBBBHB")).isEqualTo(5);
  }

  @Test
  void enoughRecoveryWindowsResetTheStreak() {
    assertThat(feed(monitor(5, 2), "BBBBHHBBBB")).isEqualTo(-1);
    assertThat(feed(monitor(5, 1), "BBBBHBBBB")).isEqualTo(-1);
    // A breach between recovery windows restarts the recovery count.
    assertThat(feed(monitor(5, 2), "BBBBHBHB")).isEqualTo(5);
  }

  @Test
  void healthyWindowsSinceCountsOnlyConclusiveHealthyWindowsInTheStep() {
    SloMonitor m = monitor(5, 2);
    feed(m, "HHIHB");
    assertThat(m.healthyWindowsSince(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(3);
    assertThat(m.healthyWindowsSince(Instant.parse("2025-01-01T00:01:30Z"))).isEqualTo(1);
    assertThat(m.breachOpen()).isTrue();
  }
}
