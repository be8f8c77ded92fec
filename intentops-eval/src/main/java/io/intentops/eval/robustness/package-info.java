/**
 * The robustness suite: seeded text perturbations ({@link io.intentops.eval.robustness.Perturbations}:
 * typos, casing, punctuation, whitespace, contractions) applied to any labelled test set, and
 * {@link io.intentops.eval.robustness.RobustnessSuite}, which scores an intent predictor on every
 * variant for the {@code robustness} section of {@code eval.json}. Everything here is immutable and
 * thread-safe.
 */
@NullMarked
package io.intentops.eval.robustness;

import org.jspecify.annotations.NullMarked;
