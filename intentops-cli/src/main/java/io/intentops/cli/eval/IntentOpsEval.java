package io.intentops.cli.eval;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.core.Clock;
import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.NerResult;
import io.intentops.core.Predictor;
import io.intentops.core.Task;
import io.intentops.core.report.EvalJson;
import io.intentops.core.report.EvalReport;
import io.intentops.core.report.IntentSection;
import io.intentops.core.report.ModelInfo;
import io.intentops.core.report.NerScores;
import io.intentops.core.report.NerSection;
import io.intentops.core.report.OosSection;
import io.intentops.core.report.RobustnessSection;
import io.intentops.core.report.SplitRole;
import io.intentops.eval.data.DatasetPaths;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.eval.drift.DriftJob;
import io.intentops.eval.drift.DriftThresholds;
import io.intentops.eval.drift.PredictionSample;
import io.intentops.eval.gate.Gate;
import io.intentops.eval.gate.GateConfig;
import io.intentops.eval.gate.GateVerdict;
import io.intentops.eval.harness.EvalHarness;
import io.intentops.eval.harness.EvalProgress;
import io.intentops.eval.metrics.Bootstrap;
import io.intentops.eval.report.EvalReports;
import io.intentops.eval.report.RunEnvironment;
import io.intentops.eval.robustness.Perturbations;
import io.intentops.eval.robustness.RobustnessSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code eval}, {@code robustness}, {@code gate} and {@code drift} subcommands of {@code intentops}.
 *
 * <pre>
 * intentops eval  --suite intent|ner|oos|all --bundle DIR [--bundle DIR] --out artifacts/eval
 * intentops gate  --candidate eval.json [--baseline eval.json] [--margin 0.02] ...
 * intentops robustness --bundle DIR [--data banking77/test.csv] [--perturbations all] --out artifacts/robustness
 * intentops drift --baseline base.jsonl --current now.jsonl [--state state.json] [--consecutive 3]
 * </pre>
 *
 * Exit codes ({@link ExitCodes}): 0 success; 1 the gate blocked or drift is degraded; 2 bad command line;
 * 3 an error (malformed dataset or report, missing bundle, model failure), with the message on stderr.
 */
public final class IntentOpsEval {
  private final BundlePredictors predictors;
  private final Clock clock;
  private final PrintStream out;
  private final PrintStream err;
  private final CliContext ctx;

  /** The three commands over {@code ctx} (its bundle runtime, clock and streams). */
  public IntentOpsEval(CliContext ctx) {
    this.ctx = ctx;
    this.predictors = ctx.predictors();
    this.clock = ctx.clock();
    this.out = ctx.out();
    this.err = ctx.err();
  }

  /** A new {@code eval} command. */
  public Object eval() {
    return new EvalCommand();
  }

  /** A new {@code gate} command. */
  public Object gate() {
    return new GateCommand();
  }

  /** A new {@code robustness} command. */
  public Object robustness() {
    return new RobustnessCommand();
  }

  /** A new {@code drift} command. */
  public Object drift() {
    return new DriftCommand();
  }

  /** Which suites {@code eval} runs. */
  public enum Suite {
    /** Intent accuracy, per-class scores, calibration. */
    INTENT,
    /** NER entity scores. */
    NER,
    /** Out-of-scope detection. */
    OOS,
    /** Every suite whose bundle was given. */
    ALL
  }

  @Command(name = "eval", mixinStandardHelpOptions = true, description = "Run model bundles over the evaluation datasets and write eval.json and report.html.")
  final class EvalCommand implements Callable<Integer> {
    @Option(names = "--suite", defaultValue = "all", description = "intent, ner, oos or all (default: ${DEFAULT-VALUE})")
    Suite suite;

    @Option(names = "--bundle", required = true, description = "model bundle directory (with manifest.json); repeat for an intent and a NER bundle")
    List<Path> bundles;

    @Option(names = "--out", defaultValue = "artifacts/eval", description = "output directory (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--datasets", description = "dataset root (default: -Dintentops.datasets, $INTENTOPS_DATASETS or ../shared/datasets)")
    @Nullable Path datasets;

    @Option(names = "--intent-data", defaultValue = "banking77/test.csv", description = "intent test data: FILE.csv or FILE.json#SPLIT (default: ${DEFAULT-VALUE})")
    String intentData;

    @Option(names = "--intent-train", defaultValue = "banking77/train.csv", description = "intent train data for the train-validation gap (with --with-train)")
    String intentTrain;

    @Option(names = "--intent-validation", description = "intent validation data (with --with-train; default: none, the test split stands in)")
    @Nullable String intentValidation;

    @Option(names = "--oos-data", defaultValue = "clinc150/data_full.json#oos_test", description = "out-of-scope texts (default: ${DEFAULT-VALUE})")
    String oosData;

    @Option(names = "--ner-data", defaultValue = "wnut17/emerging.test.annotated", description = "NER test data, CoNLL (default: ${DEFAULT-VALUE})")
    String nerData;

    @Option(names = "--ner-train", defaultValue = "wnut17/wnut17train.conll", description = "NER train data (with --with-train)")
    String nerTrain;

    @Option(names = "--ner-validation", defaultValue = "wnut17/emerging.dev.conll", description = "NER validation data (with --with-train)")
    String nerValidation;

    @Option(names = "--with-train", description = "also evaluate train (and validation) splits, for the gate's train-validation gap")
    boolean withTrain;

    @Option(names = "--batch-size", defaultValue = "" + EvalHarness.DEFAULT_BATCH_SIZE, description = "texts per predictBatch call")
    int batchSize;

    @Option(names = "--bootstrap", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES, description = "bootstrap resamples for confidence intervals (seed 2025)")
    int resamples;

    @Option(names = "--ner-mode", defaultValue = "conlleval", description = "conlleval or strict (seqeval strict IOB2)")
    String nerMode;

    @Option(names = "--no-progress", description = "do not draw progress bars")
    boolean noProgress;

    @Option(names = "--robustness", description = "also score the intent test data under seeded perturbations: all, or some of "
        + "typos,casing,punctuation,whitespace,contractions (eval.json robustness section)")
    @Nullable String robustness;

    @Option(names = "--robustness-seed", defaultValue = "" + RobustnessSuite.DEFAULT_SEED, description = "perturbation seed (default: ${DEFAULT-VALUE})")
    long robustnessSeed;

    @Override
    public Integer call() {
      Instant started = clock.instant();
      long t0 = clock.nanoTime();
      Path root = datasets != null ? datasets.toAbsolutePath() : DatasetPaths.root();
      EvalProgress progress = noProgress ? EvalProgress.NONE : new ConsoleProgress(ctx.progress(false));
      NerScores.Mode mode = switch (nerMode.toLowerCase(Locale.ROOT)) {
        case "conlleval" -> NerScores.Mode.CONLLEVAL;
        case "strict", "seqeval-strict" -> NerScores.Mode.SEQEVAL_STRICT;
        default -> throw new ConfigurationException("--ner-mode must be conlleval or strict, got '" + nerMode + "'");
      };
      EvalHarness h = EvalHarness.builder().batchSize(batchSize).bootstrap(new Bootstrap(resamples, Bootstrap.DEFAULT_SEED,
          Bootstrap.DEFAULT_LEVEL)).nerMode(mode).clock(clock).progress(progress).build();
      ModelManifest intentBundle = null;
      Path intentPath = null;
      ModelManifest nerBundle = null;
      Path nerPath = null;
      List<ModelInfo> models = new ArrayList<>();
      for (Path b : bundles) {
        ModelManifest m = ModelManifests.read(b.resolve("manifest.json"));
        models.add(ModelInfo.of(m));
        if (m.task() == Task.INTENT) {
          intentBundle = m;
          intentPath = b;
        } else {
          nerBundle = m;
          nerPath = b;
        }
      }
      boolean wantIntent = suite == Suite.INTENT || suite == Suite.ALL;
      boolean wantOos = suite == Suite.OOS || suite == Suite.ALL;
      boolean wantNer = suite == Suite.NER || suite == Suite.ALL;
      if ((suite == Suite.INTENT || suite == Suite.OOS) && intentBundle == null) {
        throw new ConfigurationException("--suite " + suite.name().toLowerCase(Locale.ROOT) + " needs an intent bundle");
      }
      if (suite == Suite.NER && nerBundle == null) {
        throw new ConfigurationException("--suite ner needs a NER bundle");
      }
      List<IntentSection> intent = new ArrayList<>();
      OosSection oos = null;
      List<NerSection> ner = new ArrayList<>();
      RobustnessSection robust = null;
      if (robustness != null && intentBundle == null) {
        throw new ConfigurationException("--robustness needs an intent bundle");
      }
      if (intentBundle != null && (wantIntent || wantOos)) {
        try (Predictor<String, IntentPrediction> p = predictors.intent(intentPath)) {
          TextClassificationDataset test = DatasetSpecs.text(intentData, root);
          // The test split is predicted once and shared by the intent and OOS sections.
          long tTest = clock.nanoTime();
          List<IntentPrediction> testPreds = h.predictIntents(p, test);
          long testNanos = clock.nanoTime() - tTest;
          if (robustness != null) {
            robust = RobustnessSuite.builder().seed(robustnessSeed).perturbations(Perturbations.named(robustness)).build()
                .evaluate(h, p, test, testPreds);
          }
          if (wantIntent) {
            intent.add(h.intentSection(test, testPreds, SplitRole.TEST, testNanos));
            if (withTrain) {
              intent.add(h.evaluateIntent(p, DatasetSpecs.text(intentTrain, root), SplitRole.TRAIN));
              if (intentValidation != null) {
                intent.add(h.evaluateIntent(p, DatasetSpecs.text(intentValidation, root), SplitRole.VALIDATION));
              }
            }
          }
          if (wantOos) {
            double threshold = intentBundle.oos() == null ? Double.NaN : intentBundle.oos().threshold();
            TextClassificationDataset oosSet = DatasetSpecs.text(oosData, root);
            long tOos = clock.nanoTime();
            List<IntentPrediction> oosPreds = h.predictIntents(p, oosSet);
            oos = h.oosSection(test, testPreds, oosSet, oosPreds, threshold, testNanos + clock.nanoTime() - tOos);
          }
        }
      }
      if (nerBundle != null && wantNer) {
        try (Predictor<String, NerResult> p = predictors.ner(nerPath)) {
          ner.add(h.evaluateNer(p, DatasetSpecs.tokens(nerData, root), SplitRole.TEST));
          if (withTrain) {
            ner.add(h.evaluateNer(p, DatasetSpecs.tokens(nerTrain, root), SplitRole.TRAIN));
            ner.add(h.evaluateNer(p, DatasetSpecs.tokens(nerValidation, root), SplitRole.VALIDATION));
          }
        }
      }
      if (intent.isEmpty() && oos == null && ner.isEmpty()) {
        throw new ConfigurationException("Nothing to evaluate: no bundle matches --suite " + suite.name().toLowerCase(Locale.ROOT));
      }
      double wall = (clock.nanoTime() - t0) / 1e9;
      EvalReport report = new EvalReport(EvalReport.SCHEMA_VERSION, clock.instant(), RunEnvironment.capture(started, wall),
          models, intent, oos, ner, null, robust);
      Path json = EvalReports.write(report, outDir);
      for (IntentSection s : intent) {
        var a = s.classification().accuracy();
        out.printf(Locale.ROOT, "intent %s/%s (%s): accuracy %.4f [%.4f, %.4f], macro-F1 %.4f, ECE %.4f, %.1f texts/s%n",
            s.dataset().name(), s.dataset().split(), s.role().id(), a.estimate(), a.lower(), a.upper(),
            s.classification().macroF1(), s.calibration().ece(), s.timing().examplesPerSecond());
        if (s.slices() != null) {
          out.printf(Locale.ROOT, "  slices: disparity %.4f (%s), fairness flags %s%n", s.slices().disparity(),
              s.slices().disparityFamily().isEmpty() ? "no family with two eligible slices" : s.slices().disparityFamily(),
              s.slices().flags().isEmpty() ? "none" : s.slices().flags());
        }
      }
      if (oos != null) {
        out.printf(Locale.ROOT, "oos %s vs %s: AUROC %.4f [%.4f, %.4f], AUPR %.4f, FPR@95%%TPR %.4f, in-scope accuracy %.4f, OOS recall %.4f%n",
            oos.inScope().split(), oos.outOfScope().split(), oos.auroc().estimate(), oos.auroc().lower(), oos.auroc().upper(),
            oos.aupr(), oos.fprAt95Tpr(), oos.atThreshold().inScopeAccuracy(), oos.atThreshold().oosRecall());
      }
      if (robust != null) {
        printRobustness(robust);
      }
      for (NerSection s : ner) {
        out.printf(Locale.ROOT, "ner %s/%s (%s): entity F1 %.4f [%.4f, %.4f], P %.4f, R %.4f, token micro-F1 %.4f%n",
            s.dataset().name(), s.dataset().split(), s.role().id(), s.f1().estimate(), s.f1().lower(), s.f1().upper(),
            s.scores().precision(), s.scores().recall(), s.scores().tokenMicroF1());
      }
      out.println("wrote " + json + " and " + json.resolveSibling(EvalReports.HTML_FILE));
      return 0;
    }
  }

  private void printRobustness(RobustnessSection r) {
    out.printf(Locale.ROOT, "robustness %s/%s (seed %d):%n", r.dataset().name(), r.dataset().split(), r.seed());
    printRobustnessRow(r.clean());
    r.perturbed().forEach(this::printRobustnessRow);
  }

  private void printRobustnessRow(RobustnessSection.PerturbationScores s) {
    out.printf(Locale.ROOT, "  %-13s changed %5d/%d  accuracy %.4f (%+.2f pt)  macro-F1 %.4f (%+.2f pt)  flagged OOS %.4f (%+.2f pt)%n",
        s.perturbation(), s.changed(), s.examples(), s.accuracy(), -100 * s.accuracyDrop(), s.macroF1(), -100 * s.macroF1Drop(),
        s.falseOosRate(), 100 * s.falseOosIncrease());
  }

  @Command(name = "robustness", mixinStandardHelpOptions = true,
      description = "Score an intent bundle on a test set clean and under seeded perturbations (typos, casing, punctuation, "
          + "whitespace, contractions); write eval.json (intent test + robustness sections) and report.html.")
  final class RobustnessCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, description = "intent bundle directory")
    Path bundle;

    @Option(names = "--data", defaultValue = "banking77/test.csv", description = "in-domain test data: FILE.csv or FILE.json#SPLIT (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--datasets", description = "dataset root (default: -Dintentops.datasets, $INTENTOPS_DATASETS or ../shared/datasets)")
    @Nullable Path datasets;

    @Option(names = "--perturbations", defaultValue = "all", description = "all, or some of typos,casing,punctuation,whitespace,contractions (default: ${DEFAULT-VALUE})")
    String perturbations;

    @Option(names = "--seed", defaultValue = "" + RobustnessSuite.DEFAULT_SEED, description = "perturbation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-examples", defaultValue = "0", description = "score every k-th example so that at most N remain (0 = all), for quick runs")
    int maxExamples;

    @Option(names = "--out", defaultValue = "artifacts/robustness", description = "output directory (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--batch-size", defaultValue = "" + EvalHarness.DEFAULT_BATCH_SIZE, description = "texts per predictBatch call")
    int batchSize;

    @Option(names = "--no-progress", description = "do not draw progress bars")
    boolean noProgress;

    @Override
    public Integer call() {
      Instant started = clock.instant();
      long t0 = clock.nanoTime();
      Path root = datasets != null ? datasets.toAbsolutePath() : DatasetPaths.root();
      ModelManifest m = ModelManifests.read(bundle.resolve("manifest.json"));
      if (m.task() != Task.INTENT) {
        throw new ConfigurationException("robustness needs an intent bundle, " + bundle + " is '" + m.task().id() + "'");
      }
      if (maxExamples < 0) {
        throw new ConfigurationException("--max-examples must be >= 0, got " + maxExamples);
      }
      RobustnessSuite suite = RobustnessSuite.builder().seed(seed).perturbations(Perturbations.named(perturbations)).build();
      EvalProgress progress = noProgress ? EvalProgress.NONE : new ConsoleProgress(ctx.progress(false));
      EvalHarness h = EvalHarness.builder().batchSize(batchSize).clock(clock).progress(progress).build();
      TextClassificationDataset test = DatasetSpecs.text(data, root);
      if (maxExamples > 0 && test.size() > maxExamples) {
        int step = (test.size() + maxExamples - 1) / maxExamples;
        List<io.intentops.eval.data.LabeledText> kept = new ArrayList<>();
        for (int i = 0; i < test.size(); i += step) {
          kept.add(test.examples().get(i));
        }
        test = TextClassificationDataset.of(test.manifest().name(), test.manifest().split() + "/every-" + step, kept);
      }
      IntentSection clean;
      RobustnessSection r;
      try (Predictor<String, IntentPrediction> p = predictors.intent(bundle)) {
        long tTest = clock.nanoTime();
        List<IntentPrediction> preds = h.predictIntents(p, test);
        clean = h.intentSection(test, preds, SplitRole.TEST, clock.nanoTime() - tTest);
        r = suite.evaluate(h, p, test, preds);
      }
      double wall = (clock.nanoTime() - t0) / 1e9;
      EvalReport report = new EvalReport(EvalReport.SCHEMA_VERSION, clock.instant(), RunEnvironment.capture(started, wall),
          List.of(ModelInfo.of(m)), List.of(clean), null, List.of(), null, r);
      Path json = EvalReports.write(report, outDir);
      printRobustness(r);
      out.println("wrote " + json + " and " + json.resolveSibling(EvalReports.HTML_FILE));
      return 0;
    }
  }

  @Command(name = "gate", mixinStandardHelpOptions = true, description = "Compare a candidate eval.json with a baseline; exit 1 when the release is blocked.")
  final class GateCommand implements Callable<Integer> {
    @Option(names = "--candidate", required = true, description = "candidate eval.json")
    Path candidate;

    @Option(names = "--baseline", description = "baseline eval.json (without it only floors and gaps are checked)")
    @Nullable Path baseline;

    @Option(names = "--margin", defaultValue = "" + GateConfig.DEFAULT_INTENT_ACCURACY_MARGIN, description = "allowed intent accuracy drop, absolute (default: ${DEFAULT-VALUE})")
    double margin;

    @Option(names = "--ner-margin", defaultValue = "" + GateConfig.DEFAULT_NER_F1_MARGIN, description = "allowed NER F1 drop, absolute (default: ${DEFAULT-VALUE})")
    double nerMargin;

    @Option(names = "--oos-auroc-floor", defaultValue = "" + GateConfig.DEFAULT_OOS_AUROC_FLOOR, description = "minimum OOS AUROC (default: ${DEFAULT-VALUE})")
    double floor;

    @Option(names = "--max-intent-gap", defaultValue = "" + GateConfig.DEFAULT_MAX_INTENT_GAP, description = "maximum intent train-validation gap (default: ${DEFAULT-VALUE})")
    double intentGap;

    @Option(names = "--max-ner-gap", defaultValue = "" + GateConfig.DEFAULT_MAX_NER_GAP, description = "maximum NER train-validation gap (default: ${DEFAULT-VALUE})")
    double nerGap;

    @Option(names = "--max-robustness-drop", defaultValue = "" + GateConfig.DEFAULT_MAX_ROBUSTNESS_ACCURACY_DROP, description = "maximum accuracy drop under any perturbation, absolute (default: ${DEFAULT-VALUE}, no bound)")
    double robustnessDrop;

    @Option(names = "--max-robustness-false-oos", defaultValue = "" + GateConfig.DEFAULT_MAX_ROBUSTNESS_FALSE_OOS_RATE, description = "maximum share of in-domain texts flagged out of scope under any perturbation (default: ${DEFAULT-VALUE}, no bound)")
    double robustnessFalseOos;

    @Option(names = "--out", description = "also write the verdict JSON to this file")
    @Nullable Path verdictFile;

    @Override
    public Integer call() throws IOException {
      GateConfig config = GateConfig.builder().intentAccuracyMargin(margin).nerF1Margin(nerMargin).oosAurocFloor(floor)
          .maxIntentGap(intentGap).maxNerGap(nerGap).maxRobustnessAccuracyDrop(robustnessDrop)
          .maxRobustnessFalseOosRate(robustnessFalseOos).build();
      GateVerdict v = Gate.evaluate(EvalJson.read(candidate), baseline == null ? null : EvalJson.read(baseline), config);
      String json = EvalReports.mapper().writeValueAsString(v);
      out.println(json);
      if (verdictFile != null) {
        ModelManifests.writeAtomically(verdictFile, json.getBytes(StandardCharsets.UTF_8));
      }
      v.failures().forEach(f -> err.println("BLOCKED " + f.name() + ": " + f.message()));
      return v.exitCode();
    }
  }

  @Command(name = "drift", mixinStandardHelpOptions = true, description = "Compare a prediction log with a baseline log; exit 1 when drift is degraded (N breaching runs in a row).")
  final class DriftCommand implements Callable<Integer> {
    @Option(names = "--baseline", required = true, description = "baseline predictions, JSON Lines {label, score, outOfScope}")
    Path baseline;

    @Option(names = "--current", required = true, description = "current predictions, JSON Lines")
    Path current;

    @Option(names = "--state", description = "state file carrying the consecutive-breach count between runs")
    @Nullable Path stateFile;

    @Option(names = "--consecutive", defaultValue = "" + DriftJob.DEFAULT_CONSECUTIVE_BREACHES, description = "breaching runs in a row before 'degraded' (default: ${DEFAULT-VALUE})")
    int consecutive;

    @Option(names = "--min-samples", defaultValue = "" + DriftThresholds.DEFAULT_MIN_SAMPLES, description = "smaller current samples are inconclusive (default: ${DEFAULT-VALUE})")
    int minSamples;

    @Option(names = "--out", description = "also write the run's JSON to this file")
    @Nullable Path runFile;

    @Override
    public Integer call() throws IOException {
      DriftJob.State state = DriftJob.State.initial();
      var mapper = EvalReports.mapper();
      if (stateFile != null && Files.exists(stateFile)) {
        try {
          state = mapper.readValue(stateFile.toFile(), DriftJob.State.class);
        } catch (IOException e) {
          throw new ConfigurationException("Cannot read drift state " + stateFile + ": " + e.getMessage());
        }
      }
      DriftJob job = DriftJob.builder(PredictionSample.readJsonl(baseline))
          .thresholds(DriftThresholds.builder().minSamples(minSamples).build())
          .consecutiveBreaches(consecutive).clock(clock).state(state).build();
      DriftJob.Run run = job.run(PredictionSample.readJsonl(current));
      if (stateFile != null) {
        ModelManifests.writeAtomically(stateFile, mapper.writeValueAsBytes(job.state()));
      }
      String json = mapper.writeValueAsString(run);
      out.println(json);
      if (runFile != null) {
        ModelManifests.writeAtomically(runFile, json.getBytes(StandardCharsets.UTF_8));
      }
      return run.status() == DriftJob.Status.DEGRADED ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }
  }
}
