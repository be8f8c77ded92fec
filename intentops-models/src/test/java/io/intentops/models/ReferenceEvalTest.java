package io.intentops.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.core.Clock;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.SplitRole;
import io.intentops.cli.CliContext;
import io.intentops.cli.IntentOps;
import io.intentops.cli.eval.BundlePredictors;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.report.EvalReports;
import io.intentops.governance.report.EvalReportAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the eval harness CLI on the committed reference bundles exactly as a release pipeline would
 * ({@code eval}, then {@code gate} against the committed baseline report in {@code eval/eval.json}),
 * and fails when the gate blocks; checks the slice metrics against the baseline and that the fresh report
 * maps to a governance report. Writes {@code target/eval/eval.json} and {@code report.html}.
 */
class ReferenceEvalTest {
  static final Path BASELINE = Path.of("eval", EvalReports.JSON_FILE);

  static List<String> bundleArgs() {
    List<String> args = new ArrayList<>();
    for (String b : ReferenceBundles.DIRECTORIES) {
      Path dir = Path.of("src/main/resources", b);
      if (Files.isRegularFile(dir.resolve("manifest.json"))) {
        args.add("--bundle");
        args.add(dir.toString());
      }
    }
    return args;
  }

  @Test
  void referenceBundlesPassTheReleaseGate() throws Exception {
    Assumptions.assumeTrue(DatasetPaths.requireInCi("banking77/test.csv").isPresent(), DatasetPaths.HOW_TO_GET);
    Assumptions.assumeTrue(DatasetPaths.requireInCi("clinc150/data_full.json").isPresent(), DatasetPaths.HOW_TO_GET);
    Path out = Path.of("target", "eval");
    List<String> args = new ArrayList<>(List.of("eval", "--suite", "all", "--out", out.toString(), "--no-progress"));
    args.addAll(bundleArgs());

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int rc = IntentOps.run(args.toArray(String[]::new), CliContext.of(new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8), System.getenv(), Clock.system(), BundlePredictors.discover(),
        false));
    System.out.print(stdout.toString(StandardCharsets.UTF_8));
    assertThat(rc).as(stderr.toString(StandardCharsets.UTF_8)).isZero();

    Path json = out.resolve(EvalReports.JSON_FILE);
    EvalReport report = EvalJson.read(json);
    assertThat(report.intent()).isNotEmpty();
    assertThat(report.oos()).isNotNull();
    assertThat(Files.readString(out.resolve(EvalReports.HTML_FILE))).contains("<svg");
    // Slice metrics: the same slices with the same sizes as the committed baseline (sizes depend only on the
    // test texts), and the fresh report maps to a governance report (catches eval.json fields the
    // governance adapter does not know).
    EvalReport baseline = EvalJson.read(BASELINE);
    var fresh = report.intent(SplitRole.TEST).orElseThrow().slices();
    var base = baseline.intent(SplitRole.TEST).orElseThrow().slices();
    assertThat(fresh).isNotNull();
    assertThat(base).as("baseline " + BASELINE + " has slice metrics; regenerate it with -Peval-reference").isNotNull();
    assertThat(fresh.slices()).extracting(s -> s.name() + "=" + s.examples())
        .containsExactlyElementsOf(base.slices().stream().map(s -> s.name() + "=" + s.examples()).toList());
    System.out.printf(java.util.Locale.ROOT, "slices: disparity %.4f (baseline %.4f), flags %s (baseline %s)%n",
        fresh.disparity(), base.disparity(), fresh.flags(), base.flags());
    for (var m : report.models()) {
      assertThat(EvalReportAdapter.fromEvalJson(json, m.name()).metric("metrics.risk_score")).isPresent();
    }

    ByteArrayOutputStream verdict = new ByteArrayOutputStream();
    int gate = IntentOps.run(new String[] {"gate", "--candidate", json.toString(), "--baseline", BASELINE.toString(),
            "--oos-auroc-floor", "0.99"}, CliContext.of(new PrintStream(verdict, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8), System.getenv(), Clock.system(), BundlePredictors.discover(),
        false));
    System.out.println(verdict.toString(StandardCharsets.UTF_8));
    assertThat(gate).as(verdict.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8)).isZero();
  }
}
