package io.intentops.cli;

import io.intentops.cli.eval.BundlePredictors;
import io.intentops.core.Clock;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What every command works with: output streams, environment, clock, the bundle runtime and how to
 * show progress. {@link #system()} is the real process; tests build one with captured streams, a fake
 * clock and fake predictors. The global options of {@code intentops} ({@code --progress},
 * {@code --verbose}) are set on it before a subcommand runs. Not thread-safe: one invocation at a time.
 */
public final class CliContext {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Clock clock;
  private final BundlePredictors predictors;
  private final boolean terminal;
  private ProgressMode progressMode = ProgressMode.AUTO;
  private boolean verbose;

  private CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, BundlePredictors predictors,
      boolean terminal) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = Map.copyOf(env);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.predictors = Objects.requireNonNull(predictors, "predictors");
    this.terminal = terminal;
  }

  /** The process: {@code System.out/err}, {@code System.getenv()}, the system clock, the bundle runtime
   *  found on the class path, and a terminal when {@link System#console()} is not null. */
  public static CliContext system() {
    return new CliContext(System.out, System.err, System.getenv(), Clock.system(), BundlePredictors.discover(),
        System.console() != null && !"dumb".equals(System.getenv("TERM")));
  }

  /** A context for tests and embedding: {@code terminal} says whether progress bars may be drawn. */
  public static CliContext of(PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
      BundlePredictors predictors, boolean terminal) {
    return new CliContext(out, err, env, clock, predictors, terminal);
  }

  /** Standard output: results (JSON, summaries). */
  public PrintStream out() {
    return out;
  }

  /** Standard error: progress, warnings and error messages. */
  public PrintStream err() {
    return err;
  }

  /** The environment (e.g. {@code INTENTOPS_AUDIT_HMAC_KEY}, the release SOP's {@code DEPLOY_APPROVAL}). */
  public Map<String, String> env() {
    return env;
  }

  /** Time source. */
  public Clock clock() {
    return clock;
  }

  /** Opens predictors for bundle directories. */
  public BundlePredictors predictors() {
    return predictors;
  }

  /** Whether to print stack traces of errors. */
  public boolean verbose() {
    return verbose;
  }

  void verbose(boolean v) {
    this.verbose = v;
  }

  void progressMode(ProgressMode mode) {
    this.progressMode = Objects.requireNonNull(mode);
  }

  /** How progress is shown: {@code --progress}, with {@link ProgressMode#AUTO} resolved by the terminal check. */
  public ProgressMode progressMode() {
    if (progressMode != ProgressMode.AUTO) {
      return progressMode;
    }
    return terminal ? ProgressMode.BAR : ProgressMode.LINES;
  }

  /** A progress display on {@link #err()} for the resolved mode; {@code disabled} (a command's
   *  {@code --no-progress}) gives {@link ProgressDisplay#NONE}. */
  public ProgressDisplay progress(boolean disabled) {
    if (disabled) {
      return ProgressDisplay.NONE;
    }
    return switch (progressMode()) {
      case BAR -> ProgressDisplay.bar(err);
      case LINES -> ProgressDisplay.lines(err, clock);
      case NONE, AUTO -> ProgressDisplay.NONE;
    };
  }

  /** Values of {@code --progress}. */
  public enum ProgressMode {
    /** A bar when standard input and output are a terminal, else lines. */
    AUTO,
    /** A redrawn console bar ({@code \r} frames). */
    BAR,
    /** Whole lines, every 10 % or every {@value ProgressDisplay#LINE_INTERVAL_SECONDS} s: for logs and CI. */
    LINES,
    /** Nothing. */
    NONE
  }
}
