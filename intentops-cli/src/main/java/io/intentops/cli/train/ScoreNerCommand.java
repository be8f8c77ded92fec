package io.intentops.cli.train;

import io.intentops.cli.CliContext;
import io.intentops.cli.ExitCodes;
import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.core.report.NerScores;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.harness.BioAlignment;
import io.intentops.eval.metrics.NerMetrics;
import io.intentops.inference.ner.NerPredictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code intentops score-ner}: scores a NER bundle on a CoNLL file through the serving path (ONNX Runtime via
 * {@code NerPredictor}), with eval's conlleval metrics, and optionally records the scores in the
 * bundle's manifest (metrics are not part of the file digests). Exit code 0 on success.
 */
@Command(name = "score-ner", mixinStandardHelpOptions = true,
    description = "Score a NER bundle on a CoNLL file through ONNX Runtime.")
public final class ScoreNerCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(names = "--bundle", required = true, description = "Bundle directory.")
  Path bundle;

  @Option(names = "--data", required = true, description = "CoNLL file (token<TAB>tag).")
  Path data;

  @Option(names = "--record-as", description = "Metric prefix to write into manifest.json, e.g. wnut17.test.")
  String recordAs;

  @Option(names = "--threads", defaultValue = "2") int threads;

  @Option(names = "--tune-o-bias", description = "Pick the O-logit bias (0..4 in steps of 0.25) that maximises "
      + "entity F1 on --data and write it as " + NerPredictor.O_LOG_BIAS_PROPERTY + " into the manifests of "
      + "--bundle and every --apply-to bundle. Use the dev split.")
  boolean tuneOBias;

  @Option(names = "--apply-to", description = "Other bundle directories that receive the tuned bias.")
  List<Path> applyTo = new ArrayList<>();

  private void tune(NerPredictor p, List<TaggedSentence> sentences) {
    List<List<String>> gold = new ArrayList<>();
    List<NerPredictor.WordScores> scores = new ArrayList<>();
    for (TaggedSentence s : sentences) {
      gold.add(s.tags());
      scores.add(p.scoreWords(BioAlignment.join(s.tokens()))); // the model runs once per sentence
    }
    double bestBias = 0;
    double bestF1 = -1;
    for (int k = 0; k <= 16; k++) {
      double bias = k * 0.25;
      List<List<String>> pred = new ArrayList<>();
      for (int i = 0; i < sentences.size(); i++) {
        String text = BioAlignment.join(sentences.get(i).tokens());
        pred.add(BioAlignment.toBio(sentences.get(i).tokens(), new io.intentops.core.NerResult(
            p.entities(text, scores.get(i), bias), p.version(), java.time.Duration.ZERO, false)));
      }
      NerScores sc = NerMetrics.evaluate(gold, pred);
      ctx.out().printf(Locale.ROOT, "oLogBias %.2f: entity P %.4f R %.4f F1 %.4f, token micro-F1 %.4f%n", bias,
          sc.precision(), sc.recall(), sc.f1(), sc.tokenMicroF1());
      if (sc.f1() > bestF1 + 1e-9) {
        bestF1 = sc.f1();
        bestBias = bias;
      }
    }
    ctx.out().printf(Locale.ROOT, "best oLogBias %.2f (entity F1 %.4f on %s)%n", bestBias, bestF1, data.getFileName());
    List<Path> targets = new ArrayList<>(applyTo);
    targets.add(0, bundle);
    for (Path b : targets) {
      Path mf = b.resolve("manifest.json");
      ModelManifest m = ModelManifests.read(mf);
      Map<String, String> props = new TreeMap<>(m.properties());
      props.put(NerPredictor.O_LOG_BIAS_PROPERTY, Double.toString(bestBias));
      props.put(NerPredictor.O_LOG_BIAS_PROPERTY + ".tunedOn", data.getFileName() + " with " + bundle.getFileName());
      ModelManifests.write(new ModelManifest(m.formatVersion(), m.name(), m.version(), m.task(), m.encoder(),
          m.tokenizerSha256(), m.labels(), m.temperature(), m.oos(), m.files(), m.trainingData(), m.metrics(),
          m.createdAt(), m.seed(), props), mf);
      ctx.out().println("wrote " + NerPredictor.O_LOG_BIAS_PROPERTY + "=" + bestBias + " into " + mf);
    }
  }

  /** A command over {@code ctx} (its stdout). */
  public ScoreNerCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    List<TaggedSentence> sentences = DatasetReaders.conll(data).sentences();
    List<List<String>> gold = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    try (NerPredictor p = NerPredictor.builder().bundle(bundle).intraOpThreads(threads).build()) {
      if (tuneOBias) {
        tune(p, sentences);
        return ExitCodes.OK;
      }
      for (TaggedSentence s : sentences) {
        gold.add(s.tags());
        pred.add(BioAlignment.toBio(s.tokens(), p.predict(BioAlignment.join(s.tokens()))));
      }
    }
    NerScores sc = NerMetrics.evaluate(gold, pred);
    ctx.out().printf(Locale.ROOT, "%s: entity P %.4f R %.4f F1 %.4f, token micro-F1 %.4f (%d sentences)%n",
        data.getFileName(), sc.precision(), sc.recall(), sc.f1(), sc.tokenMicroF1(), sentences.size());
    sc.perType().forEach((type, t) -> ctx.out().printf(Locale.ROOT, "  %-14s P %.4f R %.4f F1 %.4f support %d%n",
        type, t.precision(), t.recall(), t.f1(), t.support()));
    if (recordAs != null) {
      Path mf = bundle.resolve("manifest.json");
      ModelManifest m = ModelManifests.read(mf);
      Map<String, Double> metrics = new TreeMap<>(m.metrics());
      metrics.put(recordAs + ".entity_precision", sc.precision());
      metrics.put(recordAs + ".entity_recall", sc.recall());
      metrics.put(recordAs + ".entity_f1", sc.f1());
      metrics.put(recordAs + ".token_micro_f1", sc.tokenMicroF1());
      ModelManifests.write(m.withMetrics(metrics), mf);
      ctx.out().println("recorded in " + mf);
    }
    return ExitCodes.OK;
  }
}
