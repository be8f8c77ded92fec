package io.intentops.core.report;

/**
 * One point of a ROC curve: flagging every text with score {@code >= threshold} as out of scope gives
 * these rates. The first point of a curve has threshold {@code +Infinity} (nothing flagged), written
 * to JSON as the string {@code "Infinity"}.
 *
 * @param threshold OOS score threshold
 * @param fpr false-positive rate: in-domain texts flagged / in-domain texts
 * @param tpr true-positive rate: OOS texts flagged / OOS texts
 */
public record RocPoint(double threshold, double fpr, double tpr) {}
