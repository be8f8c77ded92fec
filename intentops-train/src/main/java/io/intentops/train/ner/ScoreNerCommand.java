package io.intentops.train.ner;

import io.intentops.core.ModelManifest;
import io.intentops.core.ModelManifests;
import io.intentops.eval.data.DatasetReaders;
import io.intentops.eval.data.TaggedSentence;
import io.intentops.eval.harness.BioAlignment;
import io.intentops.eval.metrics.NerMetrics;
import io.intentops.eval.metrics.NerScores;
import io.intentops.inference.ner.NerPredictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code score-ner}: scores a NER bundle on a CoNLL file through the serving path (ONNX Runtime via
 * {@code NerPredictor}), with eval's conlleval metrics, and optionally records the scores in the
 * bundle's manifest (metrics are not part of the file digests). Exit code 0 on success.
 */
@Command(name = "score-ner", mixinStandardHelpOptions = true,
    description = "Score a NER bundle on a CoNLL file through ONNX Runtime.")
public final class ScoreNerCommand implements Callable<Integer> {
  @Option(names = "--bundle", required = true, description = "Bundle directory.")
  Path bundle;

  @Option(names = "--data", required = true, description = "CoNLL file (token<TAB>tag).")
  Path data;

  @Option(names = "--record-as", description = "Metric prefix to write into manifest.json, e.g. wnut17.test.")
  String recordAs;

  @Option(names = "--threads", defaultValue = "2") int threads;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ScoreNerCommand()).execute(args));
  }

  @Override
  public Integer call() {
    List<TaggedSentence> sentences = DatasetReaders.conll(data).sentences();
    List<List<String>> gold = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    try (NerPredictor p = NerPredictor.builder().bundle(bundle).intraOpThreads(threads).build()) {
      for (TaggedSentence s : sentences) {
        gold.add(s.tags());
        pred.add(BioAlignment.toBio(s.tokens(), p.predict(BioAlignment.join(s.tokens()))));
      }
    }
    NerScores sc = NerMetrics.evaluate(gold, pred);
    System.out.printf(Locale.ROOT, "%s: entity P %.4f R %.4f F1 %.4f, token micro-F1 %.4f (%d sentences)%n",
        data.getFileName(), sc.precision(), sc.recall(), sc.f1(), sc.tokenMicroF1(), sentences.size());
    sc.perType().forEach((type, t) -> System.out.printf(Locale.ROOT, "  %-14s P %.4f R %.4f F1 %.4f support %d%n",
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
      System.out.println("recorded in " + mf);
    }
    return 0;
  }
}
