package io.intentops.core.report;

/**
 * Precision, recall and F1 of one class. Ratios with a zero denominator are 0. Immutable.
 *
 * @param precision true positives / predicted as this class
 * @param recall true positives / gold of this class
 * @param f1 harmonic mean of precision and recall
 * @param support gold examples of this class
 * @param predicted examples predicted as this class
 */
public record ClassScores(double precision, double recall, double f1, long support, long predicted) {}
