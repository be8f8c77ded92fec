/**
 * Evaluation metrics: classification (accuracy with bootstrap CI, per-class P/R/F1, confusion matrix),
 * NER (conlleval and seqeval-strict entity scores, token micro-F1), out-of-scope detection (AUROC,
 * AUPR, FPR@95%TPR, ROC), calibration (ECE, MCE, reliability bins) and drift (PSI, KS, Jensen-Shannon).
 *
 * <p>All metric methods are pure functions of their arguments and thread-safe. Invalid arguments
 * (mismatched lengths, empty inputs, NaN scores) raise
 * {@link io.intentops.core.InvalidInputException} with reason {@code INVALID_ARGUMENT}. Where a
 * ratio has a zero denominator (precision of a class never predicted) the value is 0, as in
 * conlleval and scikit-learn's {@code zero_division=0}.
 */
@NullMarked
package io.intentops.eval.metrics;

import org.jspecify.annotations.NullMarked;
