package io.intentops.router;

import io.intentops.core.ModelVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Evaluates SLO windows and moves deployments: each {@link #tick()} refreshes the routing state from
 * the store, closes every window that has ended, feeds candidates' windows to their alarms, rolls a
 * candidate back (weight 0, atomically, in this tick) when its alarm fires, and advances healthy
 * step plans. Ticks are serialised; thread-safe.
 */
public interface RollbackController {

  /** Runs one evaluation now. Tests call this after moving a {@link io.intentops.core.ManualClock}. */
  void tick();

  /**
   * Calls {@link #tick()} every {@code period} on {@code scheduler} until the returned handle is closed
   * or the router is closed. A tick that throws is logged and the schedule continues. The period must
   * be shorter than the SLO window.
   */
  AutoCloseable schedule(ScheduledExecutorService scheduler, Duration period);

  /** Closed windows of {@code version}, oldest first (the last 64 at most). */
  List<WindowSnapshot> recentWindows(ModelVersion version);

  /** The sliding window of {@code version} over the last window length, as of the last tick. */
  WindowSnapshot currentWindow(ModelVersion version);
}
