package io.intentops.eval.metrics;

import io.intentops.core.report.ClassScores;
import io.intentops.core.report.ClassificationReport;
import io.intentops.core.report.ConfidenceInterval;
import io.intentops.core.report.ConfusionMatrix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Text-classification metrics over parallel gold and predicted label lists. Label sets are the sorted
 * union of gold and predicted labels, as in scikit-learn with {@code labels=None}: a label that is only
 * ever predicted gets F1 0 and counts in the macro average. Stateless and thread-safe.
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /**
   * Share of positions where the prediction equals the gold label, in [0, 1].
   *
   * @throws io.intentops.core.InvalidInputException when the lists differ in length or are empty
   */
  public static double accuracy(List<String> gold, List<String> pred) {
    Args.sameNonEmpty(gold, pred, "accuracy");
    int correct = 0;
    for (int i = 0; i < gold.size(); i++) {
      if (gold.get(i).equals(pred.get(i))) {
        correct++;
      }
    }
    return (double) correct / gold.size();
  }

  /** Accuracy with a percentile-bootstrap interval over examples. */
  public static ConfidenceInterval accuracyWithCi(List<String> gold, List<String> pred, Bootstrap bootstrap) {
    Args.sameNonEmpty(gold, pred, "accuracy");
    boolean[] ok = new boolean[gold.size()];
    for (int i = 0; i < ok.length; i++) {
      ok[i] = gold.get(i).equals(pred.get(i));
    }
    return bootstrap.interval(ok.length, w -> {
      long c = 0;
      for (int i = 0; i < w.length; i++) {
        c += ok[i] ? w[i] : 0;
      }
      return (double) c / w.length;
    });
  }

  /** The confusion matrix over the sorted union of labels. */
  public static ConfusionMatrix confusionMatrix(List<String> gold, List<String> pred) {
    Args.sameNonEmpty(gold, pred, "confusion matrix");
    TreeSet<String> all = new TreeSet<>(gold);
    all.addAll(pred);
    List<String> labels = List.copyOf(all);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    long[][] counts = new long[labels.size()][labels.size()];
    for (int i = 0; i < gold.size(); i++) {
      counts[index.get(gold.get(i))][index.get(pred.get(i))]++;
    }
    return new ConfusionMatrix(labels, counts);
  }

  /** Per-class precision, recall, F1 and support. */
  public static Map<String, ClassScores> perClass(List<String> gold, List<String> pred) {
    return perClass(confusionMatrix(gold, pred));
  }

  /** Per-class scores read off a confusion matrix. */
  public static Map<String, ClassScores> perClass(ConfusionMatrix m) {
    long[][] c = m.counts();
    Map<String, ClassScores> out = new HashMap<>();
    for (int k = 0; k < c.length; k++) {
      long tp = c[k][k];
      long support = 0;
      long predicted = 0;
      for (int j = 0; j < c.length; j++) {
        support += c[k][j];
        predicted += c[j][k];
      }
      double p = Args.ratio(tp, predicted);
      double r = Args.ratio(tp, support);
      out.put(m.labels().get(k), new ClassScores(p, r, Args.f1(p, r), support, predicted));
    }
    return out;
  }

  /** Unweighted mean of per-class F1 over the union of labels. */
  public static double macroF1(List<String> gold, List<String> pred) {
    return perClass(gold, pred).values().stream().mapToDouble(ClassScores::f1).average().orElse(0);
  }

  /** The full report with the default bootstrap (1000 resamples, seed 2025, 95 %). */
  public static ClassificationReport report(List<String> gold, List<String> pred) {
    return report(gold, pred, Bootstrap.DEFAULT);
  }

  /** The full report: accuracy with CI, per-class scores, macro/weighted averages, confusion matrix. */
  public static ClassificationReport report(List<String> gold, List<String> pred, Bootstrap bootstrap) {
    ConfusionMatrix m = confusionMatrix(gold, pred);
    Map<String, ClassScores> per = perClass(m);
    double mp = per.values().stream().mapToDouble(ClassScores::precision).average().orElse(0);
    double mr = per.values().stream().mapToDouble(ClassScores::recall).average().orElse(0);
    double mf = per.values().stream().mapToDouble(ClassScores::f1).average().orElse(0);
    double wf = per.values().stream().mapToDouble(s -> s.f1() * s.support()).sum() / gold.size();
    return new ClassificationReport(gold.size(), accuracyWithCi(gold, pred, bootstrap), per, mp, mr, mf, wf, m);
  }
}
