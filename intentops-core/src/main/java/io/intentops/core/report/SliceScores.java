package io.intentops.core.report;

/**
 * Intent accuracy on one slice of a test set (a subset defined by a property of the input text).
 * Immutable.
 *
 * @param family slice family; the slices of one family partition the test set (e.g. {@code length})
 * @param name slice name, unique within a report (e.g. {@code length.short})
 * @param definition how membership is decided, in words (e.g. {@code 1-6 words})
 * @param examples texts in the slice
 * @param accuracy accuracy on the slice with a bootstrap CI over its texts; estimate 0 and a
 *     degenerate interval (0 resamples) when the slice is empty
 * @param ece expected calibration error of the top-1 confidence on the slice (same bins as the
 *     section's calibration); 0 when empty
 * @param eligible whether the slice has at least the report's {@code minExamples} texts; only eligible
 *     slices count for the disparity and can be flagged
 */
public record SliceScores(String family, String name, String definition, int examples, ConfidenceInterval accuracy,
    double ece, boolean eligible) {}
