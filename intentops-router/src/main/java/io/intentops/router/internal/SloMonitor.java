package io.intentops.router.internal;

import io.intentops.router.SloConfig;
import io.intentops.router.WindowSnapshot;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The alarm of one version: counts breaching windows with hysteresis. Inconclusive windows are
 * neutral (they neither count nor reset). A breach streak is forgotten only after {@code
 * recoveryWindowsToReset} healthy windows in a row. Not thread-safe; used under the tick lock.
 */
final class SloMonitor {
  static final int RECENT = 64;

  private final SloConfig slo;
  private final ArrayDeque<WindowSnapshot> recent = new ArrayDeque<>();
  private final List<WindowSnapshot> streak = new ArrayList<>();
  private int healthyInRow;

  SloMonitor(SloConfig slo) {
    this.slo = slo;
  }

  /** Remembers a closed window without judging it (version not under watch). */
  void observe(WindowSnapshot w) {
    recent.addLast(w);
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
  }

  /** Judges a closed window; returns the breaching windows of the streak when the alarm fires, else null. */
  @Nullable List<WindowSnapshot> accept(WindowSnapshot w) {
    observe(w);
    switch (w.verdict()) {
      case BREACHING:
        healthyInRow = 0;
        streak.add(w);
        if (streak.size() >= slo.breachingWindows()) {
          // The caller resets after the rollback is committed, so a failed commit is not forgotten.
          return List.copyOf(streak.subList(streak.size() - slo.breachingWindows(), streak.size()));
        }
        return null;
      case HEALTHY:
        if (!streak.isEmpty() && ++healthyInRow >= slo.recoveryWindowsToReset()) {
          streak.clear();
          healthyInRow = 0;
        }
        return null;
      default:
        return null; // inconclusive: never a failure, never a recovery
    }
  }

  /** Whether a breach streak is open (the candidate is not healthy enough to advance). */
  boolean breachOpen() {
    return !streak.isEmpty();
  }

  int streakLength() {
    return streak.size();
  }

  /** Healthy windows that started at or after {@code since}. */
  int healthyWindowsSince(Instant since) {
    int n = 0;
    for (WindowSnapshot w : recent) {
      if (w.verdict() == WindowSnapshot.Verdict.HEALTHY && !w.start().isBefore(since)) {
        n++;
      }
    }
    return n;
  }

  List<WindowSnapshot> recent() {
    return List.copyOf(recent);
  }

  void reset() {
    streak.clear();
    healthyInRow = 0;
  }
}
