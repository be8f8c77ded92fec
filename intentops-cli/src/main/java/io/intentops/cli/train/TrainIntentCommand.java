package io.intentops.cli.train;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.cli.ProgressDisplay;
import io.intentops.core.Checksum;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelVersion;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import io.intentops.inference.encoder.Pooling;
import io.intentops.train.intent.IntentTrainer;
import io.intentops.train.intent.LabeledCsv;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code intentops train-intent}: trains an intent bundle from a CSV with
 * {@link io.intentops.train.intent.IntentTrainer} and prints a summary. Exit code 0 on success, 3 on bad
 * data or model files (the message names file and line), 2 on bad options.
 */
@Command(name = "train-intent", mixinStandardHelpOptions = true,
    description = "Train an intent + OOS bundle on a frozen encoder from a text,label (or BANKING77 text,category) CSV.")
public final class TrainIntentCommand implements Callable<Integer> {
  private final CliContext ctx;

  static final Map<String, String[]> ENCODERS = Map.of(
      "bge-small-en-v1.5", new String[] {"bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json"},
      "bge-small-en-v1.5-q", new String[] {"bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json"},
      "all-minilm-l6-v2", new String[] {"all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json"});

  @Option(names = "--data", required = true, description = "Training CSV (BANKING77 train.csv or text,label).")
  Path data;

  @Option(names = "--out", required = true, description = "Bundle directory to write.")
  Path out;

  @Option(names = "--encoder", defaultValue = "bge-small-en-v1.5",
      description = "bge-small-en-v1.5 | bge-small-en-v1.5-q | all-minilm-l6-v2 (classpath), or a directory with model.onnx + tokenizer.json. Default: ${DEFAULT-VALUE}.")
  String encoder;

  @Option(names = "--pooling", defaultValue = "mean", description = "mean | cls | mean+cls. Default: ${DEFAULT-VALUE}.")
  String pooling;

  @Option(names = "--name", defaultValue = "intent-model", description = "Bundle name. Default: ${DEFAULT-VALUE}.")
  String name;

  @Option(names = "--model-version", defaultValue = "1.0.0-1", description = "Bundle version. Default: ${DEFAULT-VALUE}.")
  String version;

  @Option(names = "--seed", defaultValue = "2025", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--l2", defaultValue = "1e-3", description = "L2 strength. Default: ${DEFAULT-VALUE}.")
  double l2;

  @Option(names = "--iterations", defaultValue = "500", description = "Full-batch Adam iterations. Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Mixin RecipeOptions recipe;

  @Option(names = "--clinc150", description = "CLINC150 data_full.json: its oos_val split is scored for a validation AUROC (never oos_test).")
  @Nullable Path clinc;

  @Option(names = "--max-per-label", defaultValue = "0", description = "Keep at most N examples per label (0 = all), for quick runs.")
  int maxPerLabel;

  @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--fp32", description = "Store weights as float32 instead of float16.")
  boolean fp32;

  @Option(names = "--no-progress", description = "Do not show training progress.")
  boolean noProgress;

  @Option(names = "--pii", defaultValue = "fail", description = "PII scan of the training texts before training: "
      + "fail (refuse data with findings), scrub (redact findings to [REDACTED:TYPE] and train), off. Findings go into "
      + "the manifest (pii.* properties). Default: ${DEFAULT-VALUE}.")
  String pii;

  /** A command over {@code ctx} (streams and progress display). */
  public TrainIntentCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    PrintWriter err = new PrintWriter(ctx.err(), true);
    PrintWriter outw = new PrintWriter(ctx.out(), true);
    try (ProgressDisplay display = ctx.progress(noProgress)) {
      LabeledCsv.Data d = LabeledCsv.read(data);
      PiiStep.Outcome<LabeledText> scanned = PiiStep.intent(limit(d.examples(), maxPerLabel), PiiStep.Mode.parse(pii),
          data.toString());
      List<LabeledText> examples = scanned.data();
      Map<String, Checksum> trainingData = new LinkedHashMap<>();
      trainingData.put(data.getFileName().toString(), d.fileSha256());
      List<String> oosVal = new ArrayList<>();
      if (clinc != null) {
        TextClassificationDataset c = DatasetReaders.clinc150(clinc, "oos_val");
        c.examples().forEach(e -> oosVal.add(e.text()));
        trainingData.put("clinc150/oos_val", c.manifest().fileSha256());
      }
      IntentTrainer trainer = recipe.apply(RecipeOptions.encoder(IntentTrainer.builder(), encoder))
          .pooling(Pooling.parse(pooling)).name(name).version(ModelVersion.parse(version))
          .seed(seed).l2(l2).iterations(iterations).threads(threads).halfPrecision(!fp32)
          .trainingData(trainingData)
          .properties(scanned.properties())
          .progress(RecipeOptions.progress(display))
          .build();
      long t0 = System.nanoTime();
      IntentTrainer.Result r = trainer.train(examples, oosVal, out);
      display.finish();
      var m = r.manifest();
      outw.printf("Bundle      %s (%s %s)%n", r.bundle().toAbsolutePath(), m.name(), m.version());
      outw.printf("Examples    %d, %d labels, encoder %s (%s pooling)%n", examples.size(), m.labels().size(),
          m.encoder().id(), m.encoder().pooling());
      outw.printf("Validation  accuracy %.4f, ECE(15) %.4f, temperature %.3f%n", r.validationAccuracy(),
          r.validationEce(), m.temperature());
      outw.printf("OOS         %s threshold %.4f at %.0f%% in-domain recall%s%n", m.oos().method(), m.oos().threshold(),
          100 * m.oos().inDomainRecall(),
          Double.isNaN(r.oosValidationAuroc()) ? "" : String.format(", AUROC vs CLINC150 oos_val %.4f", r.oosValidationAuroc()));
      if (m.metrics().containsKey("validation.typos.accuracy")) {
        outw.printf("Typos (val) accuracy %.4f, flagged out of scope %.4f (clean validation %.4f)%n",
            m.metrics().get("validation.typos.accuracy"), m.metrics().get("validation.typos.falseOos"),
            m.metrics().get("validation.falseOos"));
      }
      outw.printf("Head digest %s%n", m.files().get("head.safetensors"));
      outw.printf("PII scan    %s%n", scanned.properties());
      outw.printf("Time        %.1f s%n", (System.nanoTime() - t0) / 1e9);
      return ExitCodes.OK;
    } catch (IntentOpsException | IllegalArgumentException e) {
      err.println("train-intent: error: " + e.getMessage());
      return ExitCodes.INPUT;
    }
  }

  /** The first {@code n} examples of each label in file order (all when {@code n <= 0}). */
  static List<LabeledText> limit(List<LabeledText> all, int n) {
    if (n <= 0) {
      return all;
    }
    Map<String, Integer> counts = new HashMap<>();
    List<LabeledText> out = new ArrayList<>();
    for (LabeledText t : all) {
      if (counts.merge(t.label(), 1, Integer::sum) <= n) {
        out.add(t);
      }
    }
    return out;
  }
}
