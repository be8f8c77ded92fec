package io.intentops.core.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Intent-classification results on one dataset split. Immutable.
 *
 * @param role train, validation or test
 * @param dataset what was evaluated, with digests
 * @param classification accuracy with CI, per-class P/R/F1, macro-F1, confusion matrix
 * @param calibration reliability bins with ECE and MCE of the top-1 confidence
 * @param timing wall-clock time and throughput
 * @param slices accuracy per input slice with the disparity and fairness flags; null in reports written
 *     before slice metrics existed (the field is optional in {@code eval.json})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntentSection(
    SplitRole role, DatasetManifest dataset, ClassificationReport classification, ReliabilityDiagram calibration, Timing timing,
    @Nullable SliceReport slices) {

  /** A section without slice metrics. */
  public IntentSection(SplitRole role, DatasetManifest dataset, ClassificationReport classification,
      ReliabilityDiagram calibration, Timing timing) {
    this(role, dataset, classification, calibration, timing, null);
  }
}
