package io.intentops.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/** Terminal renderer: one redrawn progressbar per task. */
final class BarProgress implements ProgressDisplay {
  private final PrintStream out;
  private @Nullable ProgressBar bar;

  BarProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void start(String task, long total) {
    finish();
    bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).showSpeed().setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250).build();
  }

  @Override
  public void stepTo(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void extra(String text) {
    if (bar != null) {
      bar.setExtraMessage(" " + text); // the bar prints it right after the speed
    }
  }

  @Override
  public void finish() {
    if (bar != null) {
      bar.close(); // draws the final frame and ends the line
      bar = null;
    }
  }
}
