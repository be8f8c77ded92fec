package io.intentops.cli;

import io.intentops.core.IntentOpsException;
import io.intentops.core.PolicyViolationException;
import java.io.UncheckedIOException;
import java.io.IOException;
import picocli.CommandLine;

/**
 * The exit codes of every {@code intentops} command, and the mapping from exceptions to codes. The
 * same table is in {@code docs/cli.md} and in the footer of every {@code --help}. Stateless.
 */
public final class ExitCodes {
  /** Success: the command did what it was asked, the gate passed, the log verified. */
  public static final int OK = 0;
  /** A check failed: a gate blocked, drift is degraded, the audit log does not verify, or a governance
   *  rule refused the operation ({@link PolicyViolationException}, e.g. self-approval). */
  public static final int CHECK_FAILED = 1;
  /** Usage error: unknown option, missing or malformed argument, options that exclude each other. */
  public static final int USAGE = 2;
  /** Input or data error: malformed dataset, report or policy, missing file, a bundle that does not load
   *  (any other {@link IntentOpsException}, or an I/O error). */
  public static final int INPUT = 3;
  /** Internal error: an unexpected exception (a bug); rerun with {@code --verbose} for the stack trace. */
  public static final int INTERNAL = 4;

  /** The footer of every {@code --help}: the table above. */
  public static final String HELP_FOOTER = """

      Exit codes:
        0  success (gate passed, audit log valid)
        1  check failed: gate blocked, drift degraded, audit log invalid,
           or a governance rule refused the operation
        2  usage error: unknown option, missing or malformed argument
        3  input or data error: malformed or missing file, bundle that
           does not load
        4  internal error (rerun with --verbose for the stack trace)""";

  private ExitCodes() {}

  /** The exit code for an exception thrown by a command. */
  public static int of(Throwable e) {
    if (e instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    if (e instanceof PolicyViolationException) {
      return CHECK_FAILED;
    }
    if (e instanceof IntentOpsException || e instanceof UncheckedIOException || e instanceof IOException) {
      return INPUT;
    }
    return INTERNAL;
  }
}
