package io.intentops.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentops.cli.CliRun;
import io.intentops.core.Checksum;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ManualClock;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.core.Task;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.SplitRole;
import io.intentops.eval.harness.Fakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentOpsEvalTest {
  @TempDir Path dir;
  Path data;
  Path intentBundle;
  Path nerBundle;
  final CliRun cli = new CliRun();
  /** Share of intent texts the fake gets right; texts are "t<class>-<i>", the label is "c<class>". */
  double skill = 0.9;

  @BeforeEach
  void setUp() throws Exception {
    data = dir.resolve("datasets");
    StringBuilder test = new StringBuilder("text,category\n");
    StringBuilder train = new StringBuilder("text,category\n");
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 25; i++) {
        test.append("\"t").append(c).append("-").append(i).append(", please\",c").append(c).append('\n');
        train.append("\"r").append(c).append("-").append(i).append(", please\",c").append(c).append('\n');
      }
    }
    write("banking77/test.csv", test.toString());
    write("banking77/train.csv", train.toString());
    StringBuilder oos = new StringBuilder("{\"train\": [], \"oos_test\": [");
    for (int i = 0; i < 20; i++) {
      oos.append(i == 0 ? "" : ",").append("[\"o").append(i).append(" what\", \"oos\"]");
    }
    write("clinc150/data_full.json", oos.append("]}").toString());
    String conll = "Paul\tB-person\nlives\tO\nin\tO\nParis\tB-location\n\nApple\tB-corporation\nrocks\tO\n";
    write("wnut17/emerging.test.annotated", conll);
    write("wnut17/wnut17train.conll", conll);
    write("wnut17/emerging.dev.conll", conll);
    intentBundle = bundle("toy-intent", Task.INTENT);
    nerBundle = bundle("toy-ner", Task.NER);
  }

  private void write(String rel, String content) throws Exception {
    Path f = data.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
  }

  private Path bundle(String name, Task task) {
    Path b = dir.resolve(name);
    ModelManifests.write(new ModelManifest(1, name, ModelVersion.of(1, 0, 0, 7), task,
        new ModelManifest.EncoderRef("bge-small-en-v1.5", "classpath:/m.onnx", Checksum.sha256("m"), "mean", 128), null,
        List.of("c0", "c1"), 1.0, task == Task.INTENT ? new ModelManifest.OosConfig("knn-cosine", 0.5, 0.95, Map.of()) : null,
        Map.of(), Map.of(), Map.of(), Instant.parse("2026-01-01T00:00:00Z"), 2025, Map.of()), b.resolve("manifest.json"));
    return b;
  }

  private BundlePredictors fakes() {
    return new BundlePredictors() {
      @Override
      public Predictor<String, IntentPrediction> intent(Path bundle) {
        assertThat(bundle).isEqualTo(intentBundle);
        return Fakes.intent(t -> {
          if (t.startsWith("o")) {
            return new Fakes.Answer("c0", 0.4, 0.8, true);
          }
          String gold = "c" + t.strip().charAt(1);
          boolean right = new Random(t.hashCode()).nextDouble() < skill;
          return new Fakes.Answer(right ? gold : "c9", 0.85, 0.2, false);
        }, null);
      }

      @Override
      public Predictor<String, NerResult> ner(Path bundle) {
        return Fakes.ner(Map.of("Paul", "person", "Paris", "location"));
      }
    };
  }

  private int run(String... args) {
    return cli.predictors(fakes()).clock(ManualClock.create()).run(args);
  }

  @Test
  void evalWritesReportsThenGatePassesAgainstItselfAndBlocksARegression() throws Exception {
    Path base = dir.resolve("base");
    int rc = run("eval", "--suite", "all", "--bundle", intentBundle.toString(), "--bundle", nerBundle.toString(),
        "--datasets", data.toString(), "--out", base.toString(), "--with-train", "--bootstrap", "100");
    assertThat(rc).as(cli.err()).isZero();
    assertThat(cli.out()).contains("intent banking77/test (test): accuracy").contains("oos test vs oos_test: AUROC 1.0000")
        .contains("ner wnut17/emerging.test (test): entity F1 0.8000");
    assertThat(cli.err()).contains("banking77/test"); // the progress bar
    EvalReport r = EvalJson.read(base.resolve("eval.json"));
    assertThat(r.models()).extracting(m -> m.name()).containsExactly("toy-intent", "toy-ner");
    assertThat(r.intent()).extracting(s -> s.role()).containsExactly(SplitRole.TEST, SplitRole.TRAIN);
    assertThat(r.ner()).extracting(s -> s.role()).containsExactly(SplitRole.TEST, SplitRole.TRAIN, SplitRole.VALIDATION);
    assertThat(r.oos().atThreshold().threshold()).isEqualTo(0.5);
    assertThat(r.oos().atThreshold().oosRecall()).isEqualTo(1.0);
    assertThat(base.resolve("report.html")).isNotEmptyFile();

    rc = run("gate", "--candidate", base.resolve("eval.json").toString(), "--baseline", base.resolve("eval.json").toString(),
        "--out", dir.resolve("verdict.json").toString());
    assertThat(rc).as(cli.out()).isZero();
    assertThat(cli.out()).contains("\"passed\" : true");
    assertThat(dir.resolve("verdict.json")).content().contains("intent.accuracy");

    skill = 0.6;
    Path cand = dir.resolve("cand");
    assertThat(run("eval", "--suite", "intent", "--bundle", intentBundle.toString(), "--datasets", data.toString(),
        "--out", cand.toString(), "--no-progress", "--bootstrap", "100")).isZero();
    assertThat(cli.err()).isEmpty();
    rc = run("gate", "--candidate", cand.resolve("eval.json").toString(), "--baseline", base.resolve("eval.json").toString());
    assertThat(rc).isEqualTo(1);
    assertThat(cli.out()).contains("\"passed\" : false");
    assertThat(cli.err()).contains("BLOCKED intent.accuracy").contains("BLOCKED ner.f1").contains("BLOCKED oos.auroc");
  }

  @Test
  void robustnessScoresPerturbedTestTextsAndTheGateBoundsTheDrop() throws Exception {
    // the fake reads the class from the text's second character, so a typo there costs accuracy
    skill = 1.0;
    Path out = dir.resolve("robust");
    int rc = run("robustness", "--bundle", intentBundle.toString(), "--datasets", data.toString(), "--out", out.toString(),
        "--perturbations", "typos,whitespace", "--no-progress");
    assertThat(rc).as(cli.err()).isZero();
    assertThat(cli.out()).contains("robustness banking77/test (seed 2025):").contains("  typos ").contains("  whitespace ");
    EvalReport r = EvalJson.read(out.resolve("eval.json"));
    assertThat(r.intent()).hasSize(1);
    assertThat(r.robustness().perturbed()).extracting(p -> p.perturbation()).containsExactly("typos", "whitespace");
    assertThat(r.robustness().perturbed().get(0).changed()).isBetween(20, 100);
    assertThat(r.robustness().perturbed().get(1).changed()).isEqualTo(100);
    assertThat(r.robustness().clean().accuracy()).isEqualTo(r.intent().get(0).classification().accuracy().estimate());
    assertThat(out.resolve("report.html")).content().contains("section-robustness");
    double drop = r.robustness().perturbed().stream().mapToDouble(p -> p.accuracyDrop()).max().orElseThrow();
    assertThat(drop).isBetween(0.001, 0.5);
    assertThat(run("gate", "--candidate", out.resolve("eval.json").toString(), "--max-robustness-drop", "" + (drop + 0.001)))
        .as(cli.err() + cli.out()).isZero();
    assertThat(run("gate", "--candidate", out.resolve("eval.json").toString(), "--max-robustness-drop", "" + (drop - 0.001)))
        .isEqualTo(1);
    assertThat(cli.err()).contains("BLOCKED robustness.accuracyDrop");

    assertThat(run("eval", "--suite", "intent", "--bundle", intentBundle.toString(), "--datasets", data.toString(),
        "--out", dir.resolve("e").toString(), "--no-progress", "--bootstrap", "100", "--robustness", "typos")).as(cli.err()).isZero();
    assertThat(EvalJson.read(dir.resolve("e/eval.json")).robustness().perturbed()).hasSize(1);
    assertThat(run("robustness", "--bundle", intentBundle.toString(), "--datasets", data.toString(), "--perturbations", "emoji"))
        .isEqualTo(3);
    assertThat(cli.err()).contains("Unknown perturbation 'emoji'");
  }

  @Test
  void progressIsWholeLinesInALogABarOnATerminalAndNothingOnRequest() {
    String[] args = {"eval", "--suite", "intent", "--bundle", intentBundle.toString(), "--datasets", data.toString(),
        "--out", dir.resolve("p").toString(), "--bootstrap", "100"};
    assertThat(run(args)).isZero();
    assertThat(cli.err()).contains("banking77/test: started, 100 to do").contains("banking77/test: 100/100 (100%) done")
        .doesNotContain("\r");
    cli.terminal(true);
    assertThat(run(args)).isZero();
    assertThat(cli.err()).contains("\rbanking77/test").contains("100/100");
    String[] none = java.util.Arrays.copyOf(args, args.length + 2);
    none[args.length] = "--progress"; // the global option, given after the subcommand (inherited)
    none[args.length + 1] = "none";
    assertThat(run(none)).isZero();
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void errorsAndUsageHaveDistinctExitCodes() {
    assertThat(run("eval", "--suite", "sideways", "--bundle", intentBundle.toString())).isEqualTo(2);
    assertThat(run("eval", "--suite", "ner", "--bundle", intentBundle.toString(), "--datasets", data.toString())).isEqualTo(3);
    assertThat(cli.err()).contains("needs a NER bundle");
    assertThat(run("gate", "--candidate", dir.resolve("missing.json").toString())).isEqualTo(3);
    assertThat(cli.err()).contains("not found");
    int rc = cli.predictors(BundlePredictors.unavailable()).run("eval", "--suite", "intent", "--bundle", intentBundle.toString(),
        "--datasets", data.toString(), "--no-progress");
    assertThat(rc).isEqualTo(3);
    assertThat(cli.err()).contains("no io.intentops.cli.eval.BundlePredictors implementation");
  }

  @Test
  void driftDegradesAfterThreeBreachingRunsAndPersistsState() throws Exception {
    Path baseLog = dir.resolve("base.jsonl");
    Path shifted = dir.resolve("shifted.jsonl");
    Files.writeString(baseLog, log(200, "a", "b", 0.9));
    Files.writeString(shifted, log(200, "a", "a", 0.5));
    Path state = dir.resolve("state.json");
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      codes.add(run("drift", "--baseline", baseLog.toString(), "--current", shifted.toString(), "--state", state.toString()));
    }
    assertThat(codes).containsExactly(0, 0, 1);
    assertThat(cli.out()).contains("\"status\" : \"DEGRADED\"").contains("class.psi");
    assertThat(state).content().contains("\"consecutiveBreaches\" : 3");
    assertThat(run("drift", "--baseline", baseLog.toString(), "--current", baseLog.toString(), "--state", state.toString())).isZero();
    assertThat(state).content().contains("\"consecutiveBreaches\" : 0");
  }

  private static String log(int n, String even, String odd, double score) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("{\"label\":\"").append(i % 2 == 0 ? even : odd).append("\",\"score\":").append(score - (i % 10) * 0.01)
          .append(",\"outOfScope\":false}\n");
    }
    return sb.toString();
  }
}
