package io.intentops.cli;

import io.intentops.core.Clock;
import java.io.PrintStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Log renderer: whole lines only, so that a log file or CI console gets a handful of lines per task
 * instead of one {@code \r} frame per update.
 */
final class LineProgress implements ProgressDisplay {
  private final PrintStream out;
  private final Clock clock;
  private final int percentStep;
  private final long intervalNanos;
  private @Nullable String task;
  private long total;
  private long done;
  private long startNanos;
  private long lastLineNanos;
  private long lastLineDone;
  private int lastBucket;
  private String extra = "";

  LineProgress(PrintStream out, Clock clock, int percentStep, long intervalNanos) {
    this.out = out;
    this.clock = clock;
    this.percentStep = percentStep;
    this.intervalNanos = intervalNanos;
  }

  @Override
  public void start(String name, long max) {
    finish();
    task = name;
    total = Math.max(0, max);
    done = 0;
    extra = "";
    startNanos = clock.nanoTime();
    lastLineNanos = startNanos;
    lastLineDone = 0;
    lastBucket = 0;
    out.printf(Locale.ROOT, "%s: started, %d to do%n", name, total);
  }

  @Override
  public void stepTo(long value) {
    if (task == null) {
      return;
    }
    done = Math.min(Math.max(value, 0), total == 0 ? value : total);
    long now = clock.nanoTime();
    int bucket = total == 0 ? 0 : (int) (done * 100 / total) / percentStep;
    if (total > 0 && done >= total) {
      return; // 100 % is printed by finish()
    }
    boolean stepCrossed = bucket > lastBucket;
    boolean stale = now - lastLineNanos >= intervalNanos && done > lastLineDone;
    if (stepCrossed || stale) {
      line(now, "");
      lastBucket = bucket;
    }
  }

  @Override
  public void extra(String text) {
    extra = text;
  }

  @Override
  public void finish() {
    if (task == null) {
      return;
    }
    line(clock.nanoTime(), " done");
    task = null;
  }

  private void line(long now, String suffix) {
    double secs = (now - startNanos) / 1e9;
    String pct = total == 0 ? "" : String.format(Locale.ROOT, " (%d%%)", done * 100 / total);
    // A rate over less than a second says nothing (callers often report a first batch at once).
    String rate = secs >= 1 ? String.format(Locale.ROOT, ", %.1f/s", done / secs) : "";
    out.printf(Locale.ROOT, "%s: %d/%d%s%s, %.1f s%s%s%n", task, done, total, pct, suffix, secs, rate,
        extra.isEmpty() ? "" : ", " + extra);
    lastLineNanos = now;
    lastLineDone = done;
  }
}
