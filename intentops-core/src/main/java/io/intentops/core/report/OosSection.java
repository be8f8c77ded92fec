package io.intentops.core.report;

import java.util.List;

/**
 * Out-of-scope detection results: in-scope texts against OOS texts. Immutable.
 *
 * @param inScope the in-scope dataset
 * @param outOfScope the OOS dataset
 * @param auroc AUROC of the OOS score (OOS = positive) with a bootstrap CI over all texts
 * @param aupr average precision with OOS as the positive class
 * @param fprAt95Tpr in-scope false-positive rate at the threshold reaching 95 % OOS recall
 * @param roc ROC points (at most the harness's {@code rocPoints}), first at threshold +Infinity
 * @param atThreshold CLINC150 protocol at the model's threshold
 * @param timing wall-clock time and throughput over both datasets
 */
public record OosSection(
    DatasetManifest inScope,
    DatasetManifest outOfScope,
    ConfidenceInterval auroc,
    double aupr,
    double fprAt95Tpr,
    List<RocPoint> roc,
    OosThresholdScores atThreshold,
    Timing timing) {
  public OosSection {
    roc = List.copyOf(roc);
  }
}
