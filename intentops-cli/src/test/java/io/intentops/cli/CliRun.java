package io.intentops.cli;

import io.intentops.cli.eval.BundlePredictors;
import io.intentops.core.Clock;
import io.intentops.core.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code intentops} in-process with captured stdout/stderr (tests only). */
public final class CliRun {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private BundlePredictors predictors = BundlePredictors.unavailable();
  private Clock clock = ManualClock.create();
  private Map<String, String> env = Map.of();
  private boolean terminal;

  public CliRun predictors(BundlePredictors p) {
    this.predictors = p;
    return this;
  }

  public CliRun clock(Clock c) {
    this.clock = c;
    return this;
  }

  public CliRun env(Map<String, String> e) {
    this.env = e;
    return this;
  }

  public CliRun terminal(boolean t) {
    this.terminal = t;
    return this;
  }

  /** Runs one command line (after clearing the captured output) and returns its exit code. */
  public int run(String... args) {
    out.reset();
    err.reset();
    return IntentOps.run(args, context());
  }

  public CliContext context() {
    return CliContext.of(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        env, clock, predictors, terminal);
  }

  public String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  public String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
