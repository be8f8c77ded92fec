package io.intentops.cli.train;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.cli.ProgressDisplay;
import io.intentops.core.ConfigurationException;
import io.intentops.core.IntentOpsException;
import io.intentops.core.ModelManifests;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.report.EvalReports;
import io.intentops.inference.encoder.Pooling;
import io.intentops.train.intent.IntentTrainer;
import io.intentops.train.intent.LabeledCsv;
import io.intentops.train.intent.NearOosProtocol;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code intentops near-oos}: the near out-of-scope protocol ({@link NearOosProtocol}) with the
 * {@code train-intent} recipe options: hold out k intents per seeded draw, train on the rest, score the
 * held-out intents' test texts against the other intents' test texts; prints the AUROC per draw with
 * mean and spread, and optionally writes the result as JSON. Exit 0 on success, 3 on bad data, 2 on bad options.
 */
@Command(name = "near-oos", mixinStandardHelpOptions = true,
    description = "Near out-of-scope protocol: hold out k intents (seeded draws), train on the rest, AUROC of held-out vs kept test texts.")
public final class NearOosCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(names = "--data", required = true, description = "Training CSV (BANKING77 train.csv or text,label).")
  Path data;

  @Option(names = "--test", required = true, description = "Test CSV of the same intents (only scored).")
  Path test;

  @Option(names = "--held-out", defaultValue = "" + NearOosProtocol.DEFAULT_HELD_OUT, description = "Intents held out per draw. Default: ${DEFAULT-VALUE}.")
  int heldOut;

  @Option(names = "--draws", defaultValue = "" + NearOosProtocol.DEFAULT_DRAWS, description = "Seeded draws. Default: ${DEFAULT-VALUE}.")
  int draws;

  @Option(names = "--seed", defaultValue = "2025", description = "Seed of the draws and of training. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--encoder", defaultValue = "bge-small-en-v1.5", description = "As for train-intent. Default: ${DEFAULT-VALUE}.")
  String encoder;

  @Mixin RecipeOptions recipe;

  @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--out", description = "Also write the result as JSON to this file.")
  @Nullable Path outFile;

  @Option(names = "--no-progress", description = "Do not show progress.")
  boolean noProgress;

  /** A command over {@code ctx}. */
  public NearOosCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = new PrintWriter(ctx.err(), true);
    PrintWriter outw = new PrintWriter(ctx.out(), true);
    try (ProgressDisplay display = ctx.progress(noProgress)) {
      List<LabeledText> train = LabeledCsv.read(data).examples();
      List<LabeledText> testSet = LabeledCsv.read(test).examples();
      IntentTrainer trainer = recipe.apply(RecipeOptions.encoder(IntentTrainer.builder(), encoder)).pooling(Pooling.MEAN).seed(seed)
          .threads(threads)
          .progress(RecipeOptions.progress(display))
          .build();
      long t0 = System.nanoTime();
      NearOosProtocol.Result r = NearOosProtocol.run(trainer, train, testSet, heldOut, draws, seed);
      display.finish();
      for (int i = 0; i < r.draws().size(); i++) {
        NearOosProtocol.Draw d = r.draws().get(i);
        outw.printf(Locale.ROOT, "draw %d: AUROC %.4f, caught at threshold %.4f, in-domain flagged %.4f, in-domain accuracy %.4f "
            + "(%d held-out / %d in-domain test texts; held out %s)%n", i + 1, d.auroc(), d.caught(), d.inDomainFlagged(),
            d.inDomainAccuracy(), d.heldOutTexts(), d.inDomainTexts(), d.heldOut());
      }
      outw.printf(Locale.ROOT, "near-OOS %s, %d intents held out, %d draws (seed %d): AUROC mean %.4f, std %.4f; caught %.4f, "
          + "in-domain flagged %.4f; %.1f s%n", r.oosMethod(), r.heldOutPerDraw(), r.draws().size(), r.seed(), r.meanAuroc(),
          r.stdAuroc(), r.meanCaught(), r.meanInDomainFlagged(), (System.nanoTime() - t0) / 1e9);
      if (outFile != null) {
        ModelManifests.writeAtomically(outFile, EvalReports.mapper().writeValueAsString(r).getBytes(StandardCharsets.UTF_8));
      }
      return ExitCodes.OK;
    } catch (IntentOpsException | IllegalArgumentException e) {
      err.println("near-oos: error: " + e.getMessage());
      return e instanceof ConfigurationException ? ExitCodes.USAGE : ExitCodes.INPUT;
    }
  }
}
