package io.intentops.eval.metrics;

import java.util.List;

/** Text-classification metrics over parallel gold and predicted label lists. Stateless and thread-safe. */
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
}
