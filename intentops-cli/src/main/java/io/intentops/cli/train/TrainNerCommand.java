package io.intentops.cli.train;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.cli.ProgressDisplay;
import io.intentops.core.Checksum;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.ModelVersion;
import io.intentops.core.report.NerScores;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.train.ner.BaseEncoder;
import io.intentops.train.ner.NerBundleExporter;
import io.intentops.train.ner.NerTrainer;
import io.intentops.train.ner.NerTrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code intentops train-ner}: fine-tunes bge-small-en-v1.5 for BIO tagging on a CoNLL data set (WNUT-17 file
 * names by default), prints per-epoch dev scores, stops early on dev entity F1, and writes a bundle
 * that {@code NerPredictor} serves. Training is {@link NerTrainer}; its {@link NerTrainer.Listener}
 * drives the progress display. Exit code 0 on success, 3 on bad data or hyper-parameters, 2 on bad usage.
 */
@Command(name = "train-ner", mixinStandardHelpOptions = true,
    description = "Fine-tune a BERT encoder for NER (BIO) and write an IntentOps NER bundle.")
public final class TrainNerCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(names = "--data", required = true, description = "Directory with the CoNLL files.")
  Path data;

  @Option(names = "--out", required = true, description = "Bundle output directory.")
  Path out;

  @Option(names = "--train-file", defaultValue = "wnut17train.conll", description = "Training file in --data.")
  String trainFile;

  @Option(names = "--dev-file", defaultValue = "emerging.dev.conll", description = "Dev file (early stopping).")
  String devFile;

  @Option(names = "--test-file", defaultValue = "emerging.test.annotated",
      description = "Test file scored into the manifest metrics; empty to skip.")
  String testFile;

  @Option(names = "--epochs", defaultValue = "5") int epochs;
  @Option(names = "--lr", defaultValue = "5e-5") double lr;
  @Option(names = "--weight-decay", defaultValue = "0.01") double weightDecay;
  @Option(names = "--warmup", defaultValue = "0.1") double warmup;
  @Option(names = "--batch-size", defaultValue = "16") int batchSize;
  @Option(names = "--dropout", defaultValue = "0.1") float dropout;
  @Option(names = "--clip", defaultValue = "1.0") double clip;
  @Option(names = "--patience", defaultValue = "2") int patience;
  @Option(names = "--freeze-layers", defaultValue = "2") int freezeLayers;
  @Option(names = "--max-tokens", defaultValue = "128") int maxTokens;
  @Option(names = "--threads", defaultValue = "2") int threads;
  @Option(names = "--seed", defaultValue = "2025") long seed;
  @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps (0 = no limit).")
  int maxSteps;
  @Option(names = "--subsample", defaultValue = "0", description = "Use only N training sentences (0 = all).")
  int subsample;
  @Option(names = "--dev-subsample", defaultValue = "0", description = "Use only N dev sentences (0 = all).")
  int devSubsample;
  @Option(names = "--no-shape", description = "Disable the casing-class feature.") boolean noShape;
  @Option(names = "--train-on-dev", description = "Final model: train on train + dev for --epochs epochs "
      + "(chosen on dev beforehand); no early stopping, no dev scores.")
  boolean trainOnDev;
  @Option(names = "--name", defaultValue = "wnut17-ner") String name;
  @Option(names = "--model-version", defaultValue = "1.0.0-1") String version;
  @Option(names = "--no-progress", description = "Log lines instead of a progress bar (same as --progress lines).")
  boolean noProgress;

  @Option(names = "--pii", defaultValue = "fail", description = "PII scan of every training token before training: "
      + "fail (refuse data with findings), scrub (redact each finding to one [REDACTED:TYPE] token), off. Findings go "
      + "into the manifest (pii.* properties). Default: ${DEFAULT-VALUE}.")
  String pii;

  /** A command over {@code ctx} (streams and progress display). */
  public TrainNerCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    // Fail before hours of training, not at the first checkpoint.
    ModelVersion.parse(version);
    NerTrainingConfig config = NerTrainingConfig.builder().learningRate(lr).weightDecay(weightDecay)
        .warmupFraction(warmup).batchSize(batchSize).maxEpochs(epochs).patience(patience).dropout(dropout)
        .clipNorm(clip).freezeLayers(freezeLayers).maxTokens(maxTokens).shapeFeature(!noShape).seed(seed)
        .threads(threads).maxSteps(maxSteps).build();
    Path trainPath = data.resolve(trainFile);
    Path devPath = data.resolve(devFile);
    List<TaggedSentence> train = DatasetReaders.conll(trainPath).sentences();
    List<TaggedSentence> dev = Files.exists(devPath) ? DatasetReaders.conll(devPath).sentences() : List.of();
    train = subsample(train, subsample, seed);
    dev = subsample(dev, devSubsample, seed);
    if (trainOnDev) {
      List<TaggedSentence> both = new ArrayList<>(train);
      both.addAll(dev);
      train = List.copyOf(both);
      dev = List.of();
    }
    PiiStep.Outcome<TaggedSentence> scanned = PiiStep.ner(train, PiiStep.Mode.parse(pii), trainPath
        + (trainOnDev ? " + " + devPath : ""));
    train = scanned.data();
    ctx.out().printf(Locale.ROOT, "train-ner: PII scan %s%n", scanned.properties());
    List<String> labels = NerTrainer.labelsOf(train);
    ctx.out().printf(Locale.ROOT, "train-ner: %d train / %d dev sentences, %d labels, config %s%n",
        train.size(), dev.size(), labels.size(), config);
    Map<String, Checksum> trainingData = new TreeMap<>();
    trainingData.put(trainFile, Checksum.sha256(trainPath));
    if (trainOnDev) {
      trainingData.put(devFile, Checksum.sha256(devPath));
    } else if (!dev.isEmpty()) {
      trainingData.put(devFile + " (early stopping)", Checksum.sha256(devPath));
    }
    try (NerTrainer trainer = new NerTrainer(config, BaseEncoder.bgeSmall(), labels)) {
      int total = trainer.plannedSteps(train.size());
      NerTrainer.Result result;
      boolean bar = !noProgress && ctx.progressMode() == CliContext.ProgressMode.BAR;
      try (ProgressDisplay display = noProgress ? ProgressDisplay.lines(ctx.err(), ctx.clock()) : ctx.progress(false)) {
        display.start("train-ner", total);
        result = trainer.train(train, dev, new NerTrainer.Listener() {
          @Override
          public void onStep(int epoch, int step, int totalSteps, double loss) {
            display.extra(String.format(Locale.ROOT, "epoch %d loss %.4f", epoch, loss));
            display.stepTo(step);
          }

          @Override
          public void onMessage(String message) {
            if (bar) {
              ctx.out().println(); // leave the bar's line
            }
            ctx.out().println(message);
          }

          @Override
          public void onNewBest(int epoch, double devF1) {
            checkpoint(trainer, trainingData, epoch, devF1);
          }
        });
      }
      Map<String, String> props = new TreeMap<>();
      props.put("train.bestEpoch", Integer.toString(result.bestEpoch()));
      props.put("train.steps", Integer.toString(result.totalSteps()));
      StringBuilder curve = new StringBuilder();
      for (NerTrainer.EpochReport r : result.epochs()) {
        curve.append(String.format(Locale.ROOT, "%s%d:%.4f/%.2f", curve.length() == 0 ? "" : " ", r.epoch(),
            r.trainLoss(), r.devEntityF1()));
      }
      props.put("train.curve", curve.toString());
      if (subsample > 0) {
        props.put("train.subsample", Integer.toString(subsample));
      }
      props.put("train.data", trainOnDev ? trainFile + " + " + devFile : trainFile);
      props.putAll(scanned.properties());
      ModelManifest manifest = NerBundleExporter.export(trainer, out, new NerBundleExporter.Info(name,
          ModelVersion.parse(version), trainingData, Map.of(), props, Instant.now()));
      // Scores with the exported (merged) weights; NerPredictor serves exactly these.
      Map<String, Double> metrics = new TreeMap<>();
      if (!dev.isEmpty()) {
        NerScores d = trainer.score(dev);
        metrics.put("wnut17.dev.entity_f1", d.f1());
        metrics.put("wnut17.dev.token_micro_f1", d.tokenMicroF1());
      }
      Path testPath = data.resolve(testFile);
      if (!testFile.isEmpty() && Files.exists(testPath)) {
        NerScores t = trainer.score(DatasetReaders.conll(testPath).sentences());
        metrics.put("wnut17.test.entity_precision", t.precision());
        metrics.put("wnut17.test.entity_recall", t.recall());
        metrics.put("wnut17.test.entity_f1", t.f1());
        metrics.put("wnut17.test.token_micro_f1", t.tokenMicroF1());
      }
      ModelManifests.write(manifest.withMetrics(metrics), out.resolve("manifest.json"));
      ctx.out().printf(Locale.ROOT, "bundle written to %s; best epoch %d; metrics %s%n", out, result.bestEpoch(),
          metrics);
      return ExitCodes.OK;
    }
  }

  /** Writes the best-so-far model to {@code <out>.checkpoint} so an interrupted run still leaves a bundle. */
  private void checkpoint(NerTrainer trainer, Map<String, Checksum> trainingData, int epoch, double devF1) {
    Path dir = out.resolveSibling(out.getFileName() + ".checkpoint");
    Map<String, Double> metrics = new TreeMap<>();
    if (!Double.isNaN(devF1)) {
      metrics.put("wnut17.dev.entity_f1.unquantized", devF1 / 100);
    }
    NerBundleExporter.export(trainer, dir, new NerBundleExporter.Info(name, ModelVersion.parse(version), trainingData,
        metrics, Map.of("train.checkpointEpoch", Integer.toString(epoch)), Instant.now()), false);
    ctx.out().printf(Locale.ROOT, "checkpoint (epoch %d, dev entity F1 %.2f) written to %s%n", epoch, devF1, dir);
  }

  private static List<TaggedSentence> subsample(List<TaggedSentence> data, int n, long seed) {
    if (n <= 0 || n >= data.size()) {
      return data;
    }
    List<TaggedSentence> copy = new ArrayList<>(data);
    Collections.shuffle(copy, new Random(seed));
    return List.copyOf(copy.subList(0, n));
  }
}
