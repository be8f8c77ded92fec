package io.intentops.eval.cli;

import io.intentops.eval.harness.EvalProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/** Shows harness progress as a console progress bar on stderr (me.tongfei progressbar). */
final class ConsoleProgress implements EvalProgress {
  private final PrintStream out;
  private @Nullable ProgressBar bar;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void start(String task, long total) {
    finish();
    bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250).build();
  }

  @Override
  public void advance(long done) {
    if (bar != null) {
      bar.stepBy(done);
    }
  }

  @Override
  public void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
