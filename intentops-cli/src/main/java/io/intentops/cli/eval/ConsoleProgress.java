package io.intentops.cli.eval;

import io.intentops.cli.ProgressDisplay;
import io.intentops.eval.harness.EvalProgress;

/** Shows harness progress ({@link EvalProgress}, relative steps) on a {@link ProgressDisplay} (absolute). */
final class ConsoleProgress implements EvalProgress {
  private final ProgressDisplay display;
  private long done;

  ConsoleProgress(ProgressDisplay display) {
    this.display = display;
  }

  @Override
  public void start(String task, long total) {
    done = 0;
    display.start(task, total);
  }

  @Override
  public void advance(long n) {
    done += n;
    display.stepTo(done);
  }

  @Override
  public void finish() {
    display.finish();
  }
}
