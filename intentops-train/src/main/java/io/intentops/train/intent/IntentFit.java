package io.intentops.train.intent;

import io.intentops.core.Checksum;
import io.intentops.core.ConfigurationException;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.metrics.OosMetrics;
import io.intentops.inference.bundle.IntentHeadWeights;
import io.intentops.inference.encoder.SentenceEncoder;
import io.intentops.inference.head.IntentHead;
import io.intentops.inference.head.OosScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory part of {@link IntentTrainer#train}: prepares the rows ({@link TrainingRows}), embeds
 * them ({@link TrainerEmbedding}), fits the validation head, temperature and OOS threshold on the fit
 * part, then the shipped head and OOS statistics on everything ({@link HeadFitting}, {@link
 * OosStatistics}). Stateless; runs on the caller's thread.
 */
final class IntentFit {
  private IntentFit() {}

  /** Everything {@link IntentTrainer#train} does except writing the bundle. */
  static IntentTrainer.Fitted fit(IntentTrainer.Builder b, List<LabeledText> data, List<String> oosValidation) {
    if (data.size() < 4) {
      throw new ConfigurationException("Need at least 4 training examples, got " + data.size());
    }
    List<String> labels = new ArrayList<>(new TreeSet<>(data.stream().map(LabeledText::label).toList()));
    Map<String, Integer> index = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    int n = data.size();
    int classes = labels.size();
    // Rows 0..n-1 are the texts, then `copies` blocks of n typo copies (copy c of text i at row (c+1)n+i).
    int copies = Math.max(b.augmentCopies, b.perturbedValidation ? 1 : 0);
    List<String> all = TrainingRows.withTypoCopies(data, copies, b.seed);
    int[] y = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      y[i] = index.get(data.get(i % n).label());
    }
    boolean[] isVal = TrainingRows.split(Arrays.copyOf(y, n), classes, b.validationFraction, b.seed);
    float[][] emb;
    float[][] oosEmb;
    Checksum encoderSha;
    try (SentenceEncoder enc = TrainerEmbedding.encoder(b); EmbeddingStore store = TrainerEmbedding.store(b, enc)) {
      encoderSha = enc.modelSha256();
      // Only the rows used below are embedded: typo copies of fit texts only when augmenting.
      List<Integer> needed = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        int copy = i / n - 1;
        if (copy < 0 || copy < b.augmentCopies || (copy == 0 && b.perturbedValidation && isVal[i % n])) {
          needed.add(i);
        }
      }
      float[][] got = TrainerEmbedding.embed(b, enc, store, needed.stream().map(all::get).toList(), "embed train");
      emb = new float[all.size()][];
      for (int j = 0; j < got.length; j++) {
        emb[needed.get(j)] = got[j];
      }
      oosEmb = oosValidation.isEmpty() ? new float[0][]
          : TrainerEmbedding.embed(b, enc, store, oosValidation, "embed oos-val");
    }
    int dim = emb[0].length;

    // 1) fit part (+ its typo copies when augmenting) -> validation metrics, temperature, OOS threshold
    int[] fitIdx = TrainingRows.rows(isVal, false, n, b.augmentCopies);
    int[] valIdx = TrainingRows.rows(isVal, true, n, 0);
    int[] valPerturbed = b.perturbedValidation ? TrainingRows.perturbedRows(isVal, n) : new int[0];
    b.reportProgress("fit head (validation)", 0, 2);
    HeadFitting.Head fitHead = HeadFitting.fit(emb, fitIdx, y, classes, b);
    b.reportProgress("fit head (validation)", 1, 2);
    // Uncalibrated (T = 1): the temperature is fitted on these logits below.
    IntentHeadWeights fitWeights = OosStatistics.fit(new IntentHeadWeights(fitHead.std()[0], fitHead.std()[1],
        fitHead.fit().weight(), fitHead.fit().bias(), classes, dim, null, 0), emb, fitIdx, y, classes, b);
    IntentHead validationHead = IntentHead.of(fitWeights, 1.0);
    double[][] valLogits = new double[valIdx.length][];
    int correct = 0;
    int[] yVal = TrainingRows.pick(y, valIdx);
    for (int i = 0; i < valIdx.length; i++) {
      valLogits[i] = validationHead.logits(emb[valIdx[i]]);
      correct += IntentHead.argmax(valLogits[i]) == yVal[i] ? 1 : 0;
    }
    double valAcc = valIdx.length == 0 ? Double.NaN : (double) correct / valIdx.length;
    double temperature = valIdx.length == 0 ? 1.0 : Calibration.fitTemperature(valLogits, yVal);
    double ece = valIdx.length == 0 ? Double.NaN : HeadFitting.ece(valLogits, yVal, temperature);

    // The scorer the predictor will build from the manifest, over the fit part's statistics.
    OosScorer fitScorer = OosScorer.of(b.oosMethod, temperature, b.knnK, fitWeights);
    double[] valScores = new double[valIdx.length + valPerturbed.length];
    for (int i = 0; i < valIdx.length; i++) {
      valScores[i] = fitScorer.score(emb[valIdx[i]], valLogits[i]);
    }
    int perturbedCorrect = 0;
    for (int i = 0; i < valPerturbed.length; i++) {
      float[] e = emb[valPerturbed[i]];
      double[] l = validationHead.logits(e);
      perturbedCorrect += IntentHead.argmax(l) == y[valPerturbed[i]] ? 1 : 0;
      valScores[valIdx.length + i] = fitScorer.score(e, l);
    }
    double threshold = valScores.length == 0 ? Double.POSITIVE_INFINITY
        : OosStatistics.threshold(valScores, b.targetRecall);
    double auroc = Double.NaN;
    if (oosEmb.length > 0 && valIdx.length > 0) {
      double[] o = new double[oosEmb.length];
      for (int i = 0; i < o.length; i++) {
        o[i] = fitScorer.score(oosEmb[i], validationHead.logits(oosEmb[i]));
      }
      auroc = OosMetrics.auroc(Arrays.copyOf(valScores, valIdx.length), o);
    }

    // 2) everything (+ typo copies when augmenting) -> the shipped head
    int[] allRows = TrainingRows.rows(new boolean[n], false, n, b.augmentCopies);
    HeadFitting.Head head = HeadFitting.fit(emb, allRows, y, classes, b);
    b.reportProgress("fit head (validation)", 2, 2);
    IntentHeadWeights weights = OosStatistics.fit(new IntentHeadWeights(head.std()[0], head.std()[1],
        head.fit().weight(), head.fit().bias(), classes, dim, null, 0), emb, allRows, y, classes, b);

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("validation.accuracy", valAcc);
    metrics.put("validation.ece15", ece);
    metrics.put("validation.examples", (double) valIdx.length);
    if (valPerturbed.length > 0) {
      metrics.put("validation.typos.accuracy", (double) perturbedCorrect / valPerturbed.length);
      int flagged = 0;
      for (int i = valIdx.length; i < valScores.length; i++) {
        flagged += valScores[i] >= threshold ? 1 : 0;
      }
      metrics.put("validation.typos.falseOos", (double) flagged / valPerturbed.length);
      int flaggedClean = 0;
      for (int i = 0; i < valIdx.length; i++) {
        flaggedClean += valScores[i] >= threshold ? 1 : 0;
      }
      metrics.put("validation.falseOos", valIdx.length == 0 ? Double.NaN : (double) flaggedClean / valIdx.length);
    }
    metrics.put("train.loss", head.fit().loss());
    if (!Double.isNaN(auroc)) {
      metrics.put("validation.oos.auroc", auroc);
    }
    metrics.values().removeIf(v -> !Double.isFinite(v));
    return new IntentTrainer.Fitted(List.copyOf(labels), weights, temperature, threshold,
        OosScorer.of(b.oosMethod, temperature, b.knnK, weights), encoderSha, metrics, valAcc, ece, auroc);
  }
}
