package io.intentops.router;

import io.intentops.core.ModelVersion;
import io.intentops.router.judge.Decision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates candidates and moves deployments: each {@link #tick()} refreshes the routing state from
 * the store, folds every second that has ended into the windows (kept for dashboards) and into the
 * canary judge's evidence, rolls a candidate back (weight 0, atomically, in this tick) when the judge
 * says BREACHING, and advances step plans whose hold has passed and whose judge says HEALTHY. Ticks
 * are serialised; thread-safe.
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

  /**
   * The canary judge's logged decisions about {@code version} as a candidate, oldest first (bounded by
   * {@link io.intentops.router.judge.JudgeConfig#decisionLogSize()}); empty if it was never a candidate here.
   */
  List<Decision> decisions(ModelVersion version);

  /** The judge's latest decision about {@code version}, logged or not; null before its first evaluation. */
  @Nullable Decision lastDecision(ModelVersion version);

  /**
   * The warm-up of {@code version} (see {@link Router.Builder#warmUp}): its own latencies and the stable
   * version's on the same inputs; null if it has not been warmed up (or no warm-up is configured).
   */
  @Nullable WarmUp warmUp(ModelVersion version);

  /** The sliding window of {@code version} over the last window length, as of the last tick. */
  WindowSnapshot currentWindow(ModelVersion version);
}
