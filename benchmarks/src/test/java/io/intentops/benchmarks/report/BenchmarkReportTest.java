package io.intentops.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
  private static Path fixtures() {
    try {
      return Path.of(BenchmarkReportTest.class.getResource("/report/eval.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String render() {
    return BenchmarkReport.render(fixtures().resolve("results"), fixtures().resolve("eval.json"));
  }

  @Test
  void saysItIsGeneratedAndByWhichCommand() {
    assertThat(render()).contains("GENERATED FILE").contains(BenchmarkReport.COMMAND);
  }

  @Test
  void peerTablesConvertUnitsAndCompareWithOurs() {
    String md = render();
    // raw1: 0.105 ± 0.005 ops/ms -> 105 ± 5 ops/s; sample 10.0 ± 0.2 ms; p50 9.8, p99 13; 105/100 = 1.05 ± 0.12
    assertThat(md).contains("| raw `OrtSession.run`, pre-tokenised, no head (floor) | 105 ± 5 | 10.0 ± 0.2 | 9.80 | 13 | 1.05 ± 0.12× | – | – |");
    assertThat(md).contains("| IntentOps `IntentPredictor` | 100 ± 10 | 10.5 ± 0.5 | 10 | 14 | 1.00 ± 0.14× | – | – |");
    // 98 / 100 = 0.98, error 0.98 * hypot(0.1, 0.1) = 0.14
    assertThat(md).contains("| IntentOps `IntentPredictor`, micro-batching | 98.0 ± 10.0 | – | – | – | 0.98 ± 0.14× | – | – |");
    // no sample-mode row for DJL: latency columns are dashes, not invented
    assertThat(md).contains("| DJL `Predictor` + `TextEmbeddingTranslator` (OnnxRuntime engine) + head | 80.0 ± 4.0 | – | – | – | 0.80 ± 0.09× | – | – |");
    assertThat(md).contains("| IntentOps `IntentPredictor`, micro-batching | 500 ± 50 | 32.0 ± 1.0 | 31 | 45 | 1.00 ± 0.14× | 4.00 ± 0.20 | 1.90 ± 0.10 |");
    // profiler metrics: an error JMH could not compute ("NaN") is left out rather than invented
    assertThat(md).contains("| langchain4j `BgeSmallEnV15EmbeddingModel` + head | 200 ± 10 | – | – | – | 0.40 ± 0.04× | 10.0 | – |");
  }

  @Test
  void wholeDatasetSectionComparesPredictBatchWithTheFloor() {
    String md = render();
    // 3080 texts / 9.0 s = 342 texts/s, / 10.0 s = 308; ratio 9000 / 10000 = 0.90 ± 0.90 * hypot(0.05, 0.05) = 0.064
    assertThat(md).contains("## A whole dataset through `predictBatch`");
    assertThat(md).contains("| raw `OrtSession.run`, length-sorted batches of 64 (floor) | 9000 ± 450 | 342 |");
    assertThat(md).contains("| IntentOps `predictBatch` | 10000 ± 500 | 308 |");
    assertThat(md).contains("| `predictBatch` throughput vs raw ORT | 0.90 ± 0.06× | ≥ 0.95× | no (within error) |");
  }

  @Test
  void targetsAreJudgedFromTheMeasuredRatios() {
    String md = render();
    assertThat(md).contains("| ours vs raw ORT, 1 caller: mean latency overhead | +5.0 % ± 5.4 | ≤ +5 % | yes (within error) |");
    assertThat(md).contains("| ours vs langchain4j, 16 callers: throughput | 2.50 ± 0.28× | ≥ 2.00× | yes |");
    assertThat(md).contains("| ours vs DJL, 16 callers: throughput | 1.25 ± 0.14× | ≥ 2.00× | no |");
    assertThat(md).contains("| ours vs DJL, 16 callers: operations per CPU-second | 1.50 ± 0.11× | – | – |");
    assertThat(md).contains("| ours vs langchain4j, 16 callers: operations per CPU-second | 2.50× | – | – |");
    assertThat(md).contains("| ours, 16 callers vs 1 caller: throughput (micro-batching gain) | 5.00 ± 0.71× |");
  }

  @Test
  void machineAndCommandComeFromTheMachineFile() {
    assertThat(render()).contains("Command: `java -cp X org.openjdk.jmh.Main PeerBenchmark -f 1`")
        .contains("2 cores, Fixture CPU 9000")
        .contains("load average (1/5/15 min) before 1.5 / 1.0 / 0.5, after 2.5 / 1.2 / 0.6")
        .contains("commit 0123456789")
        // intent.json has no machine file: said so instead of made up
        .contains("_No `intent.machine.json`: machine and command unknown._");
  }

  @Test
  void agreementCommandIsShownOnceFromItsMachineFile() {
    String md = render();
    String section = md.substring(md.indexOf("### Do the peers"), md.indexOf("## FP32"));
    assertThat(section.split("Command: `java PeerAgreement out.json 4`", -1)).hasSize(2);
  }

  @Test
  void int8SpeedUpAgreementEvalAndLoadTestsAreRendered() {
    String md = render();
    assertThat(md).contains("| predictor1 (threads=2) | 7.00 ± 0.10 | 2.80 ± 0.10 | 2.50 ± 0.10× |");
    assertThat(md).contains("| lc4j | cls, normalised | 0.2500 | 0.2500 | 2.00 | 0.950000 |");
    assertThat(md).contains("| intent | banking77 test | accuracy [95 % CI] | 0.9351 [0.9260, 0.9432] | 163.9 |");
    assertThat(md).contains("| out-of-scope | banking77 test vs clinc150 oos_test | AUROC [95 % CI] | 0.9979 [0.9963, 0.9990] | – |");
    assertThat(md).contains("| NER | wnut17 test | entity F1 | 0.4885 | 80.9 |");
    assertThat(md).contains("| steady | 50 | 30 | 1500 | 3 | 0.0020 | 49.9 | 8.50 | 20.3 | 41 | 120 |")
        .contains("Command: `loadtest --rps 50`").contains("Machine: cores 2, cpuModel Fixture CPU");
  }

  @Test
  void missingFilesLeaveSectionsOutOrSaySo(@TempDir Path dir) {
    String md = BenchmarkReport.render(dir.resolve("results"), dir.resolve("eval.json"));
    assertThat(md).contains("No JMH result files").contains("No load-test results").contains("is missing")
        .doesNotContain("## Peers");
  }

  @Test
  void malformedJmhFileNamesFileAndField(@TempDir Path dir) throws IOException {
    Path results = Files.createDirectories(dir.resolve("results"));
    Files.writeString(results.resolve("broken.json"), "[{\"benchmark\":\"a.B.c\",\"mode\":\"thrpt\",\"threads\":1}]");
    assertThatThrownBy(() -> BenchmarkReport.render(results, dir.resolve("eval.json")))
        .isInstanceOf(ReportInputException.class)
        .hasMessageContaining("broken.json[0]").hasMessageContaining("primaryMetric");
  }

  @Test
  void loadTestPhaseWithANonNumberIsRejected(@TempDir Path dir) throws IOException {
    Path results = Files.createDirectories(dir.resolve("results"));
    Files.writeString(results.resolve("loadtest-x.json"),
        "{\"name\":\"x\",\"command\":\"c\",\"phases\":[{\"name\":\"p\",\"p50Ms\":\"fast\"}]}");
    assertThatThrownBy(() -> BenchmarkReport.render(results, dir.resolve("eval.json")))
        .isInstanceOf(ReportInputException.class).hasMessageContaining("phases[0]").hasMessageContaining("p50Ms");
  }

  @Test
  void mainWritesTheReadme(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("README.md");
    BenchmarkReport.main(new String[] {fixtures().resolve("results").toString(), fixtures().resolve("eval.json").toString(),
        out.toString()});
    assertThat(Files.readString(out)).isEqualTo(render());
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.toList()).containsExactly(out); // no temp file left behind
    }
  }

  @Property
  void ratioErrorGrowsWithEitherInputError(@ForAll @DoubleRange(min = 0.01, max = 1e6) double a,
      @ForAll @DoubleRange(min = 0.01, max = 1e6) double b, @ForAll @DoubleRange(min = 0, max = 0.5) double ra,
      @ForAll @DoubleRange(min = 0, max = 0.5) double rb) {
    Value r = new Value(a, a * ra).divide(new Value(b, b * rb));
    assertThat(r.value()).isCloseTo(a / b, org.assertj.core.data.Percentage.withPercentage(1e-9));
    double rel = r.error() / r.value();
    assertThat(rel).isGreaterThanOrEqualTo(Math.max(ra, rb) * (1 - 1e-12));
    assertThat(rel).isLessThanOrEqualTo((ra + rb) * (1 + 1e-12));
  }

  @Property
  void formattedNumbersKeepThreeSignificantDigitsAndNoLocaleCommas(@ForAll @DoubleRange(min = 1e-6, max = 1e7) @Scale(12) double v) {
    String s = BenchmarkReport.fmt(v);
    assertThat(s).doesNotContain(",").doesNotContain("E");
    double back = Double.parseDouble(s);
    double tolerance = v >= 1000 ? 0.5 : Math.abs(v) * 0.005 + 1e-12;
    assertThat(Math.abs(back - v)).isLessThanOrEqualTo(tolerance);
  }
}
