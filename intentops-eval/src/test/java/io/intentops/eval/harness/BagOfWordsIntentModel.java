package io.intentops.eval.harness;

import io.intentops.core.IntentPrediction;
import io.intentops.core.ModelVersion;
import io.intentops.core.Predictor;
import io.intentops.core.ScoredLabel;
import io.intentops.eval.data.LabeledText;
import io.intentops.eval.data.TextClassificationDataset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small real intent model for harness tests on real data: TF-IDF bag of words, one L2-normalised
 * centroid per class, cosine similarity. Confidence: softmax of cosines / 0.05. OOS score: 1 - best
 * cosine, flagged above the 95th percentile of the training texts' OOS scores.
 */
final class BagOfWordsIntentModel implements Predictor<String, IntentPrediction> {
  private static final Pattern WORD = Pattern.compile("[a-z0-9']+");
  private final Map<String, Integer> vocab = new HashMap<>();
  private final double[] idf;
  private final List<String> labels;
  private final double[][] centroids;
  private final double threshold;

  BagOfWordsIntentModel(TextClassificationDataset train) {
    Map<String, Integer> df = new HashMap<>();
    for (LabeledText e : train.examples()) {
      for (String w : new java.util.HashSet<>(words(e.text()))) {
        df.merge(w, 1, Integer::sum);
      }
    }
    df.keySet().stream().sorted().forEach(w -> vocab.put(w, vocab.size()));
    idf = new double[vocab.size()];
    df.forEach((w, n) -> idf[vocab.get(w)] = Math.log((1.0 + train.size()) / (1.0 + n)) + 1);
    labels = train.labels();
    centroids = new double[labels.size()][vocab.size()];
    for (LabeledText e : train.examples()) {
      double[] v = vector(e.text());
      double[] c = centroids[labels.indexOf(e.label())];
      for (int i = 0; i < v.length; i++) {
        c[i] += v[i];
      }
    }
    for (double[] c : centroids) {
      normalise(c);
    }
    double[] trainOos = train.examples().stream().mapToDouble(e -> 1 - best(cosines(vector(e.text())))).sorted().toArray();
    threshold = trainOos[(int) Math.floor(0.95 * (trainOos.length - 1))];
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private double[] vector(String text) {
    double[] v = new double[vocab.size()];
    for (String w : words(text)) {
      Integer i = vocab.get(w);
      if (i != null) {
        v[i] += idf[i];
      }
    }
    normalise(v);
    return v;
  }

  private static void normalise(double[] v) {
    double n = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
    if (n > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= n;
      }
    }
  }

  private double[] cosines(double[] v) {
    // Texts are short: gather the non-zero entries once, then each dot product is a few terms.
    int[] nz = java.util.stream.IntStream.range(0, v.length).filter(i -> v[i] != 0).toArray();
    double[] s = new double[centroids.length];
    for (int k = 0; k < centroids.length; k++) {
      double dot = 0;
      for (int i : nz) {
        dot += v[i] * centroids[k][i];
      }
      s[k] = dot;
    }
    return s;
  }

  private static double best(double[] s) {
    return Arrays.stream(s).max().orElse(0);
  }

  @Override
  public IntentPrediction predict(String text) {
    double[] s = cosines(vector(text));
    int arg = 0;
    for (int k = 1; k < s.length; k++) {
      if (s[k] > s[arg]) {
        arg = k;
      }
    }
    double z = 0;
    for (double x : s) {
      z += Math.exp((x - s[arg]) / 0.05);
    }
    double conf = Math.min(1, 1 / z);
    double oos = 1 - s[arg];
    return new IntentPrediction(labels.get(arg), conf, List.of(new ScoredLabel(labels.get(arg), conf)), oos >= threshold, oos,
        version(), Duration.ZERO, false);
  }

  double threshold() {
    return threshold;
  }

  @Override
  public ModelVersion version() {
    return ModelVersion.of(0, 1, 0, 1);
  }
}
