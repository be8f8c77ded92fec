package io.intentops.eval.report;

import io.intentops.eval.data.DatasetManifest;
import io.intentops.eval.metrics.ClassificationReport;
import io.intentops.eval.metrics.ReliabilityDiagram;

/**
 * Intent-classification results on one dataset split. Immutable.
 *
 * @param role train, validation or test
 * @param dataset what was evaluated, with digests
 * @param classification accuracy with CI, per-class P/R/F1, macro-F1, confusion matrix
 * @param calibration reliability bins with ECE and MCE of the top-1 confidence
 * @param timing wall-clock time and throughput
 */
public record IntentSection(
    Role role, DatasetManifest dataset, ClassificationReport classification, ReliabilityDiagram calibration, Timing timing) {}
