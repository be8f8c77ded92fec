package io.intentops.core.report;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Text-classification results: accuracy with its bootstrap interval, per-class scores, macro and
 * weighted averages, and the confusion matrix. Immutable and thread-safe.
 *
 * @param examples number of examples
 * @param accuracy accuracy with a bootstrap confidence interval
 * @param perClass scores per label (sorted union of gold and predicted labels)
 * @param macroPrecision unweighted mean of per-class precision
 * @param macroRecall unweighted mean of per-class recall
 * @param macroF1 unweighted mean of per-class F1 (scikit-learn {@code f1_score(average="macro")})
 * @param weightedF1 support-weighted mean of per-class F1
 * @param confusion the confusion matrix
 */
public record ClassificationReport(
    int examples,
    ConfidenceInterval accuracy,
    Map<String, ClassScores> perClass,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    double weightedF1,
    ConfusionMatrix confusion) {
  public ClassificationReport {
    perClass = Collections.unmodifiableMap(new TreeMap<>(perClass));
  }
}
