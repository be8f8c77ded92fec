package io.intentops.cli;

import io.intentops.cli.eval.IntentOpsEval;
import io.intentops.cli.governance.AuditCommands;
import io.intentops.cli.governance.GovernanceCli;
import io.intentops.cli.governance.ModelCardCommand;
import io.intentops.cli.governance.ReleaseCommands;
import io.intentops.cli.train.ScoreNerCommand;
import io.intentops.cli.train.NearOosCommand;
import io.intentops.cli.train.TrainIntentCommand;
import io.intentops.cli.train.TrainNerCommand;
import io.intentops.core.IntentOpsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code intentops}: the one command line of IntentOps. Subcommands train bundles ({@code train-intent},
 * {@code train-ner}, {@code score-ner}, {@code near-oos}), evaluate and gate them ({@code eval}, {@code robustness}, {@code gate},
 * {@code drift}), release them through governance ({@code release register|stage|request|approve|gate|
 * promote|rollback|status}), inspect the audit log ({@code audit verify|query}), scan for PII
 * ({@code pii-scan}), write model cards ({@code model-card}) and simulate canary releases against the
 * default judge ({@code simulate}). Exit codes: {@link ExitCodes}.
 *
 * <p>Typed IntentOps errors print one line ({@code error: ...}) on stderr; {@code --verbose} adds the
 * stack trace. Not thread-safe: {@link #run} builds a fresh command tree per call.
 */
@Command(name = "intentops", mixinStandardHelpOptions = true, versionProvider = IntentOps.Version.class,
    description = "Train, evaluate, gate and release IntentOps models.",
    footer = ExitCodes.HELP_FOOTER)
public final class IntentOps implements Callable<Integer> {
  private final CliContext ctx;
  @Spec CommandSpec spec;

  @Option(names = "--progress", defaultValue = "auto", scope = CommandLine.ScopeType.INHERIT,
      description = "auto | bar | lines | none: how long-running commands show progress on stderr; auto draws "
          + "a bar on a terminal and prints whole lines otherwise (default: ${DEFAULT-VALUE}).")
  void progress(CliContext.ProgressMode mode) {
    ctx.progressMode(mode);
  }

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an error, not only its message.")
  void verbose(boolean v) {
    ctx.verbose(v);
  }

  private IntentOps(CliContext ctx) {
    this.ctx = ctx;
  }

  /** Entry point of {@code java -jar intentops-cli-<version>-all.jar} and {@code bin/intentops}. */
  public static void main(String[] args) {
    System.exit(run(args, CliContext.system()));
  }

  /** Runs one command line in {@code ctx} and returns its exit code; never calls {@link System#exit}. */
  public static int run(String[] args, CliContext ctx) {
    CommandLine cl = commandLine(ctx);
    return cl.execute(args);
  }

  /** The whole command tree over {@code ctx} (for tests that inspect it, e.g. every subcommand's help). */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new IntentOps(ctx));
    cl.addSubcommand(new CommandLine(new TrainIntentCommand(ctx)));
    cl.addSubcommand(new CommandLine(new TrainNerCommand(ctx)));
    cl.addSubcommand(new CommandLine(new ScoreNerCommand(ctx)));
    cl.addSubcommand(new CommandLine(new NearOosCommand(ctx)));
    IntentOpsEval eval = new IntentOpsEval(ctx);
    cl.addSubcommand(new CommandLine(eval.eval()));
    cl.addSubcommand(new CommandLine(eval.robustness()));
    cl.addSubcommand(new CommandLine(eval.gate()));
    cl.addSubcommand(new CommandLine(eval.drift()));
    GovernanceCli gov = new GovernanceCli(ctx);
    cl.addSubcommand(ReleaseCommands.commandLine(ctx, gov));
    cl.addSubcommand(AuditCommands.commandLine(ctx, gov));
    cl.addSubcommand(new CommandLine(gov.piiScan()));
    cl.addSubcommand(new CommandLine(new ModelCardCommand(ctx)));
    cl.addSubcommand(new CommandLine(new SimulateCommand(ctx)));
    configure(cl, ctx);
    return cl;
  }

  private static void configure(CommandLine cl, CliContext ctx) {
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(ctx.out(), true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(ctx.err(), true, StandardCharsets.UTF_8));
    cl.setExitCodeExceptionMapper(ExitCodes::of);
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      int code = ExitCodes.of(e);
      String what = e instanceof IntentOpsException || code == ExitCodes.INPUT ? "error: "
          : "internal error (" + e.getClass().getName() + "): ";
      c.getErr().println(c.getCommandName() + ": " + what + e.getMessage());
      if (ctx.verbose()) {
        e.printStackTrace(c.getErr());
      } else if (code == ExitCodes.INTERNAL) {
        c.getErr().println("(rerun with --verbose for the stack trace)");
      }
      c.getErr().flush();
      return code;
    });
    footer(cl);
  }

  private static void footer(CommandLine cl) {
    cl.getCommandSpec().usageMessage().footer(ExitCodes.HELP_FOOTER);
    cl.getSubcommands().values().forEach(IntentOps::footer);
  }

  @Override
  public Integer call() {
    ctx.err().println("intentops: missing subcommand");
    spec.commandLine().usage(ctx.err());
    return ExitCodes.USAGE;
  }

  /** The build's version, from {@code io/intentops/cli/version.properties} (filtered by Maven). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = IntentOps.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"intentops " + p.getProperty("version", "unknown"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
