package io.intentops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.cli.eval.BundlePredictors;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelLoadException;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IntentOpsTest {
  final CliRun cli = new CliRun();

  @Test
  void everyCommandHasHelpWithTheExitCodeTable() {
    List<List<String>> paths = new ArrayList<>();
    collect(IntentOps.commandLine(cli.context()), new ArrayList<>(), paths);
    assertThat(paths).hasSize(25);
    assertThat(paths.stream().map(p -> String.join(" ", p)))
        .contains("intentops", "intentops train-intent", "intentops train-ner", "intentops score-ner", "intentops eval",
            "intentops gate", "intentops drift", "intentops release register", "intentops release approve",
            "intentops release promote", "intentops release rollback", "intentops release gate", "intentops audit verify",
            "intentops audit query", "intentops audit consistency", "intentops pii-scan", "intentops model-card",
            "intentops simulate", "intentops robustness", "intentops near-oos");
    for (List<String> p : paths) {
      List<String> args = new ArrayList<>(p.subList(1, p.size()));
      args.add("--help");
      assertThat(cli.run(args.toArray(String[]::new))).as(String.join(" ", args) + ": " + cli.err()).isZero();
      assertThat(cli.out()).as(String.join(" ", args)).startsWith("Usage: " + String.join(" ", p))
          .contains("-h, --help").contains("Exit codes:").contains("3  input or data error");
    }
  }

  private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
    List<String> me = new ArrayList<>(prefix);
    me.add(cl.getCommandName());
    out.add(me);
    cl.getSubcommands().values().forEach(s -> collect(s, me, out));
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(cli.run("--version")).isZero();
    assertThat(cli.out()).startsWith("intentops 0.").doesNotContain("${project.version}").contains("Java ");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(cli.run()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("missing subcommand").contains("Usage: intentops");
    assertThat(cli.run("robustnes")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("Unmatched argument");
    assertThat(cli.run("robustness")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("Missing required option: '--bundle=<bundle>'");
    assertThat(cli.run("release")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("audit", "query")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("Missing required option: '--store=<store>'");
    assertThat(cli.run("--progress", "sideways", "eval", "--bundle", "x")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("release", "stage", "--store", "s", "--model", "m", "--version", "1.0", "--to", "canary",
        "--actor", "a")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--version");
  }

  @Test
  void typedErrorsPrintOneLineAndExitThreeUnlessVerbose(@TempDir Path dir) {
    assertThat(cli.run("release", "status", "--store", dir.resolve("nope").toString(), "--model", "m"))
        .isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err().strip()).isEqualTo("status: error: Store directory " + dir.resolve("nope") + " does not exist");
    assertThat(cli.run("--verbose", "release", "status", "--store", dir.resolve("nope").toString(), "--model", "m"))
        .isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err()).contains("io.intentops.core.ConfigurationException").contains("\tat ");
  }

  @Test
  void bugsExitFourWithAHintAndModelLoadFailuresExitThree(@TempDir Path dir) throws Exception {
    Path bundle = io.intentops.cli.eval.TestBundles.intent(dir, "m");
    cli.predictors(failing(new IllegalStateException("boom")));
    String[] args = {"eval", "--suite", "intent", "--bundle", bundle.toString(), "--datasets", dir.toString(),
        "--intent-data", "missing.csv"};
    assertThat(cli.run(args)).isEqualTo(ExitCodes.INTERNAL);
    assertThat(cli.err()).contains("internal error (java.lang.IllegalStateException): boom").contains("--verbose")
        .doesNotContain("\tat ");
    cli.predictors(failing(new ModelLoadException("encoder missing")));
    assertThat(cli.run(args)).isEqualTo(ExitCodes.INPUT);
    assertThat(cli.err().strip()).isEqualTo("eval: error: encoder missing");
  }

  private static BundlePredictors failing(RuntimeException e) {
    return new BundlePredictors() {
      @Override
      public Predictor<String, IntentPrediction> intent(Path bundle) {
        throw e;
      }

      @Override
      public Predictor<String, NerResult> ner(Path bundle) {
        throw e;
      }
    };
  }

  @Test
  void exceptionsMapOntoTheTable() {
    assertThat(ExitCodes.of(new io.intentops.core.PolicyViolationException("self-approval"))).isEqualTo(1);
    assertThat(ExitCodes.of(new CommandLine.ParameterException(new CommandLine(new IntentOpsTest.Dummy()), "x")))
        .isEqualTo(2);
    assertThat(ExitCodes.of(new io.intentops.core.StoreException("disk"))).isEqualTo(3);
    assertThat(ExitCodes.of(new java.io.UncheckedIOException(new java.io.IOException("x")))).isEqualTo(3);
    assertThat(ExitCodes.of(new NullPointerException())).isEqualTo(4);
  }

  @CommandLine.Command(name = "dummy")
  static final class Dummy {}
}
