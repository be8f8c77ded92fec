package io.intentops.cli;

import io.intentops.core.Clock;
import java.io.PrintStream;

/**
 * Shows the progress of one task at a time (a training phase, an evaluation split). The library modules
 * report progress through their own callbacks ({@code EvalProgress}, {@code IntentTrainer.ProgressListener},
 * {@code NerTrainer.Listener}); the commands forward them here. Two renderers: {@link #bar} redraws a
 * console bar with {@code \r} (for a terminal) and {@link #lines} prints whole lines (for logs and CI,
 * where {@code \r} frames pile up). Not thread-safe: call it from the thread that does the work.
 */
public interface ProgressDisplay extends AutoCloseable {
  /** Seconds after which {@link #lines} prints a line even if the next 10 % step was not reached. */
  int LINE_INTERVAL_SECONDS = 10;

  /** Shows nothing. */
  ProgressDisplay NONE = new ProgressDisplay() {
    @Override
    public void start(String task, long total) {}

    @Override
    public void stepTo(long done) {}

    @Override
    public void extra(String text) {}

    @Override
    public void finish() {}
  };

  /** Starts {@code task} with {@code total} units (finishing the previous task, if any). */
  void start(String task, long total);

  /** {@code done} units of the current task are finished (absolute, not a delta). */
  void stepTo(long done);

  /** Extra text shown with the next update, e.g. {@code epoch 2 loss 0.1234}. */
  void extra(String text);

  /** Finishes the current task (a no-op when none is running). */
  void finish();

  /** Same as {@link #finish()}. */
  @Override
  default void close() {
    finish();
  }

  /** A console bar on {@code out} (me.tongfei progressbar, ASCII style, redrawn every 250 ms). */
  static ProgressDisplay bar(PrintStream out) {
    return new BarProgress(out);
  }

  /** Whole lines on {@code out}: at the start, at every 10 % step, after {@value #LINE_INTERVAL_SECONDS} s
   *  without a line, and at the end (with the elapsed time from {@code clock}). */
  static ProgressDisplay lines(PrintStream out, Clock clock) {
    return new LineProgress(out, clock, 10, LINE_INTERVAL_SECONDS * 1_000_000_000L);
  }
}
